import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ProphylaxisKind } from './prophylaxis-protocol.ts';
import { at, evaluate, kind, rec } from './prophylaxis-test-support.ts';

describe('properties', () => {
  const cd4s = fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 400 }), perUl: fc.integer({ min: 0, max: 1000 }) }),
    {
      maxLength: 5,
    },
  );
  const timeKinds = fc.constantFrom<ProphylaxisKind>('antiviral_hsv_vzv', 'pjp', 'hbv_antiviral');
  it('a stop the rule calls completed is never before the duration nor with CD4 ≤ 200 at the stop', () => {
    fc.assert(
      fc.property(timeKinds, cd4s, fc.integer({ min: 1, max: 400 }), (k, counts, stopDay) => {
        const r = evaluate({
          now: at(401),
          hbvCoreAntibody: 'positive',
          records: [rec(k, 0, { stoppedAt: at(stopDay) })],
          cd4: counts.map((c) => ({ at: at(c.day), perUl: c.perUl })),
        });
        const s = kind(r, k);
        if (s.status !== 'completed') return true;
        const before = counts
          .filter((c) => c.day <= stopDay)
          .sort((a, b) => a.day - b.day)
          .at(-1);
        const cd4Ok = k === 'hbv_antiviral' || (before !== undefined && before.perUl > 200);
        return at(stopDay) >= (s.earliestStopAt ?? 0) && cd4Ok;
      }),
    );
  });
  it('a later stop never turns a completed course into an early stop (counts unchanged)', () => {
    fc.assert(
      fc.property(
        timeKinds,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 100 }),
        (k, cd4, stopDay, later) => {
          const status = (day: number) =>
            kind(
              evaluate({
                now: at(402),
                hbvCoreAntibody: 'positive',
                records: [rec(k, 0, { stoppedAt: at(day) })],
                cd4: [{ at: at(0), perUl: cd4 }],
              }),
              k,
            ).status;
          return status(stopDay) !== 'completed' || status(stopDay + later) === 'completed';
        },
      ),
    );
  });
  it('a higher CD4 never turns a met stop rule into one not met', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ProphylaxisKind>('antiviral_hsv_vzv', 'pjp'),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 500 }),
        (k, cd4, more) => {
          const met = (perUl: number) =>
            kind(
              evaluate({
                now: at(300),
                records: [rec(k, 0, { plannedStopAt: at(300) })],
                cd4: [{ at: at(290), perUl }],
              }),
              k,
            ).status === 'due_to_stop_rule_met';
          return !met(cd4) || met(cd4 + more);
        },
      ),
    );
  });
});
