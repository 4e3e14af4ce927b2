import { describe, expect, it } from 'vitest';
import { describeListenAddress } from './listen-address.ts';

describe('the start log names the address the server is bound to', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:8787'],
    ['10.1.2.3', 'http://10.1.2.3:8787'],
    ['::1', 'http://[::1]:8787'],
    ['0.0.0.0', 'http://0.0.0.0:8787 (all interfaces; on this machine http://localhost:8787)'],
    ['::', 'http://[::]:8787 (all interfaces; on this machine http://localhost:8787)'],
  ])('%s', (address, expected) => {
    expect(describeListenAddress({ address, port: 8787 })).toBe(expected);
  });
});
