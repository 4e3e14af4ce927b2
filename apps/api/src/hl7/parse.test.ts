import { expect, it } from 'vitest';
import { parseHl7Time, parseMessage, splitMessages } from './parse.ts';

it('reads HL7 structure and times', () => {
  expect(splitMessages('MSH|a\rPID|1\nMSH|b\r\nOBX|1\r')).toEqual(['MSH|a\rPID|1', 'MSH|b\rOBX|1']);
  const m = parseMessage('MSH|^~\\&|A|B|C|D|20260302080000||ORU^R01|1|P|2.5\rOBX|1|NM|8867-4^HR^LN||80');
  expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'OBX']);
  expect(m.segments[0]?.fields[9]).toBe('ORU^R01');
  expect(parseHl7Time('20260302080000')).toBe(Date.parse('2026-03-02T08:00:00Z'));
  expect(parseHl7Time('202603020800+0100')).toBe(Date.parse('2026-03-02T07:00:00Z'));
  expect(parseHl7Time('yesterday')).toBeNull();
  expect(() => parseMessage('PID|1')).toThrow(/MSH/);
});
