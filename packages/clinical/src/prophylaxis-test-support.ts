/** Helpers of the prophylaxis tests: a patient infused on DAY0 after lymphodepletion on Day -5. */
import { expect } from 'vitest';
import type { ProphylaxisInput, ProphylaxisRecord, ProphylaxisStatus } from './prophylaxis.ts';
import { evaluateProphylaxis } from './prophylaxis.ts';
import type { ProphylaxisKind } from './prophylaxis-protocol.ts';

export const DAY = 86_400_000;
export const DAY0 = Date.parse('2025-01-10T09:00:00Z');
export const LD = DAY0 - 5 * DAY; // lymphodepletion 2025-01-05
export const at = (day: number) => DAY0 + day * DAY;

export function evaluate(over: Partial<ProphylaxisInput> & { now: number }) {
  return evaluateProphylaxis({
    infusionAt: DAY0,
    lymphodepletionAt: LD,
    records: [],
    hbvCoreAntibody: 'negative',
    ...over,
  });
}
export const kind = (r: ReturnType<typeof evaluate>, k: ProphylaxisKind) => {
  const s = r.kinds.find((x) => x.kind === k);
  if (!s) throw new Error(k);
  return s;
};
/** The kind's status, and a reason (its own, its stop rule's or its expectation's) containing `reason`. */
export function expectState(
  k: ProphylaxisKind,
  input: Partial<ProphylaxisInput> & { now: number },
  status: ProphylaxisStatus,
  reason: string,
) {
  const s = kind(evaluate(input), k);
  expect(s.status).toBe(status);
  expect([s.reason, ...(s.stopRule?.reasons ?? []), s.expectedReason].join(' | ')).toContain(reason);
}
export const rec = (
  k: ProphylaxisKind,
  startDay: number,
  more: Partial<ProphylaxisRecord> = {},
): ProphylaxisRecord => ({
  id: `${k}-${startDay}`,
  kind: k,
  drug: k === 'pjp' ? 'co-trimoxazole' : 'valacyclovir',
  startedAt: at(startDay),
  ...more,
});
