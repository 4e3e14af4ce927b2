import type { AddressInfo } from 'node:net';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * Where the server really listens, for the start log: the bound address (HOST=127.0.0.1 prints
 * 127.0.0.1, not "localhost"); a wildcard address says it listens on every interface and gives
 * the local URL to open.
 */
export function describeListenAddress(info: Pick<AddressInfo, 'address' | 'port'>): string {
  if (WILDCARDS.has(info.address)) {
    const host = info.address.includes(':') ? `[${info.address}]` : info.address || '0.0.0.0';
    return `http://${host}:${info.port} (all interfaces; on this machine http://localhost:${info.port})`;
  }
  const host = info.address.includes(':') ? `[${info.address}]` : info.address;
  return `http://${host}:${info.port}`;
}
