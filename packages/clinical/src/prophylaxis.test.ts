import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { ProphylaxisInput, ProphylaxisRecord, ProphylaxisStatus } from './prophylaxis.ts';
import { evaluateProphylaxis } from './prophylaxis.ts';
import { prophylaxisAlerts } from './prophylaxis-alerts.ts';
import type { ProphylaxisKind } from './prophylaxis-protocol.ts';
import { DEFAULT_PROPHYLAXIS_PROTOCOL, resolveProphylaxisProtocol } from './prophylaxis-protocol.ts';

const DAY = 86_400_000;
const DAY0 = Date.parse('2025-01-10T09:00:00Z');
const LD = DAY0 - 5 * DAY; // lymphodepletion 2025-01-05
const at = (day: number) => DAY0 + day * DAY;

function evaluate(over: Partial<ProphylaxisInput> & { now: number }) {
  return evaluateProphylaxis({
    infusionAt: DAY0,
    lymphodepletionAt: LD,
    records: [],
    hbvCoreAntibody: 'negative',
    ...over,
  });
}
const kind = (r: ReturnType<typeof evaluate>, k: ProphylaxisKind) => {
  const s = r.kinds.find((x) => x.kind === k);
  if (!s) throw new Error(k);
  return s;
};
/** The kind's status, and a reason (its own, its stop rule's or its expectation's) containing `reason`. */
function expectState(
  k: ProphylaxisKind,
  input: Partial<ProphylaxisInput> & { now: number },
  status: ProphylaxisStatus,
  reason: string,
) {
  const s = kind(evaluate(input), k);
  expect(s.status).toBe(status);
  expect([s.reason, ...(s.stopRule?.reasons ?? []), s.expectedReason].join(' | ')).toContain(reason);
}
const rec = (
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

describe('evaluateProphylaxis: one row per rule', () => {
  // Antiviral: 6 months from lymphodepletion (2025-07-05) and CD4 > 200.
  const antiviral = (more: Partial<ProphylaxisRecord>) => [rec('antiviral_hsv_vzv', -5, more)];
  it.each<[string, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    ['no antiviral charted on Day 3', { now: at(3) }, 'missing', 'none charted'],
    ['running, no planned stop', { now: at(30), records: antiviral({}) }, 'active', 'no planned stop'],
    [
      'planned stop at 6 months, CD4 150',
      {
        now: at(170),
        records: antiviral({ plannedStopAt: Date.parse('2025-07-05T12:00:00Z') }),
        cd4: [{ at: at(160), perUl: 150 }],
      },
      'due_to_stop_rule_not_met',
      'CD4 150/µL (2025-06-19) not above 200/µL',
    ],
    [
      'planned stop at 6 months, CD4 exactly 200',
      {
        now: at(170),
        records: antiviral({ plannedStopAt: Date.parse('2025-07-05T12:00:00Z') }),
        cd4: [{ at: at(160), perUl: 200 }],
      },
      'due_to_stop_rule_not_met',
      'not above 200/µL',
    ],
    [
      'planned stop at 6 months, CD4 201',
      {
        now: at(170),
        records: antiviral({ plannedStopAt: Date.parse('2025-07-05T12:00:00Z') }),
        cd4: [{ at: at(160), perUl: 201 }],
      },
      'due_to_stop_rule_met',
      'stop rule met',
    ],
    [
      'planned stop before 6 months, CD4 high',
      { now: at(100), records: antiviral({ plannedStopAt: at(110) }), cd4: [{ at: at(90), perUl: 400 }] },
      'due_to_stop_rule_not_met',
      '6 months from lymphodepletion not reached: not before 2025-07-05',
    ],
    [
      'planned stop with no CD4 count',
      { now: at(200), records: antiviral({ plannedStopAt: at(200) }) },
      'due_to_stop_rule_not_met',
      'no CD4 count charted',
    ],
    [
      'stopped after 6 months with CD4 250',
      { now: at(220), records: antiviral({ stoppedAt: at(200) }), cd4: [{ at: at(190), perUl: 250 }] },
      'completed',
      'stop rule met',
    ],
    [
      'stopped at 4 months',
      { now: at(220), records: antiviral({ stoppedAt: at(120) }), cd4: [{ at: at(110), perUl: 250 }] },
      'stopped_early',
      'before its stop rule was met',
    ],
    [
      'stopped with a CD4 above 200 only AFTER the stop',
      {
        now: at(260),
        records: antiviral({ stoppedAt: at(200) }),
        cd4: [
          { at: at(190), perUl: 120 },
          { at: at(230), perUl: 300 },
        ],
      },
      'stopped_early',
      'CD4 120/µL',
    ],
    [
      'none charted, rule met (6 months and CD4 300)',
      { now: at(200), cd4: [{ at: at(190), perUl: 300 }] },
      'not_expected',
      'stop rule is met',
    ],
  ])('antiviral: %s', (_, input, status, reason) => expectState('antiviral_hsv_vzv', input, status, reason));

  it.each<[string, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    [
      'Day 20, none charted: not yet expected',
      { now: at(20) },
      'not_expected',
      'expected from Day 30 (2025-02-09)',
    ],
    ['Day 30, none charted', { now: at(30) }, 'missing', 'none charted'],
    [
      '6 months from its own start (Day 21) not reached',
      {
        now: at(190),
        records: [rec('pjp', 21, { plannedStopAt: at(195) })],
        cd4: [{ at: at(180), perUl: 500 }],
      },
      'due_to_stop_rule_not_met',
      '6 months from its start not reached: not before 2025-07-31',
    ],
    [
      '6 months from start and CD4 > 200',
      {
        now: at(205),
        records: [rec('pjp', 21, { plannedStopAt: at(205) })],
        cd4: [{ at: at(200), perUl: 500 }],
      },
      'due_to_stop_rule_met',
      'CD4 500/µL',
    ],
    [
      'stopped at 3 months: still expected',
      { now: at(120), records: [rec('pjp', 21, { stoppedAt: at(110) })] },
      'stopped_early',
      'before its stop rule was met',
    ],
  ])('PJP: %s', (_, input, status, reason) => expectState('pjp', input, status, reason));

  it.each<[string, ProphylaxisKind, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    [
      'ANC 300, none charted',
      'antibacterial',
      { now: at(5), anc: [{ at: at(4), perUl: 300 }] },
      'missing',
      'below 500/µL',
    ],
    [
      'ANC 300, antifungal none charted',
      'antifungal',
      { now: at(5), anc: [{ at: at(4), perUl: 300 }] },
      'missing',
      'below 500/µL',
    ],
    [
      'ANC exactly 500: not expected',
      'antibacterial',
      { now: at(5), anc: [{ at: at(4), perUl: 500 }] },
      'not_expected',
      'not below 500/µL',
    ],
    ['no ANC: not expected', 'antifungal', { now: at(5) }, 'not_expected', 'no ANC charted'],
    [
      'running while ANC 300',
      'antibacterial',
      {
        now: at(5),
        anc: [{ at: at(4), perUl: 300 }],
        records: [rec('antibacterial', 1, { drug: 'levofloxacin' })],
      },
      'active',
      'active',
    ],
    [
      'running, ANC recovered to 800',
      'antifungal',
      {
        now: at(12),
        anc: [{ at: at(11), perUl: 800 }],
        records: [rec('antifungal', 1, { drug: 'posaconazole' })],
      },
      'due_to_stop_rule_met',
      'ANC 800/µL',
    ],
    [
      'stopped while ANC 300',
      'antibacterial',
      {
        now: at(12),
        anc: [{ at: at(4), perUl: 300 }],
        records: [rec('antibacterial', 1, { drug: 'levofloxacin', stoppedAt: at(6) })],
      },
      'stopped_early',
      'ANC 300/µL',
    ],
  ])('antibacterial/antifungal: %s', (_, k, input, status, reason) => expectState(k, input, status, reason));

  it.each<[string, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    ['anti-HBc negative', { now: at(10), hbvCoreAntibody: 'negative' }, 'not_expected', 'negative'],
    ['not screened', { now: at(10), hbvCoreAntibody: 'not_screened' }, 'not_expected', 'not screened'],
    [
      'anti-HBc positive, none charted',
      { now: at(10), hbvCoreAntibody: 'positive' },
      'missing',
      'none charted',
    ],
    [
      'positive, planned stop at 10 months',
      {
        now: at(300),
        hbvCoreAntibody: 'positive',
        records: [rec('hbv_antiviral', 0, { drug: 'entecavir', plannedStopAt: at(305) })],
      },
      'due_to_stop_rule_not_met',
      '12 months after the infusion not reached: not before 2026-01-10',
    ],
    [
      'positive, stopped at 12 months',
      {
        now: at(400),
        hbvCoreAntibody: 'positive',
        records: [
          rec('hbv_antiviral', 0, { drug: 'entecavir', stoppedAt: Date.parse('2026-01-10T09:00:00Z') }),
        ],
      },
      'completed',
      'stop rule met',
    ],
  ])('HBV antiviral: %s', (_, input, status, reason) => expectState('hbv_antiviral', input, status, reason));

  it.each<[string, number[], boolean, number]>([
    ['no steroids', [], false, 0],
    ['4 consecutive days', [1, 2, 3, 4].map(at), false, 4],
    ['5 consecutive days (twice on one day)', [1, 2, 3, 3.5, 4, 5].map(at), true, 5],
    ['5 days with a gap', [1, 2, 4, 5, 6].map(at), false, 3],
  ])('CMV PCR monitoring: %s', (_, given, indicated, run) => {
    const r = evaluate({ now: at(20), corticosteroidGivenAt: given });
    expect(r.cmvMonitoring.indicated).toBe(indicated);
    expect(r.cmvMonitoring.longestSteroidRunDays).toBe(run);
  });

  it('without a lymphodepletion date the antiviral runs from Day 0', () => {
    const s = kind(evaluate({ now: at(10), lymphodepletionAt: null }), 'antiviral_hsv_vzv');
    expect(s.earliestStopAt).toBe(Date.parse('2025-07-10T09:00:00Z'));
  });
  it('the latest record of a kind is judged (a drug switch)', () => {
    const s = kind(
      evaluate({
        now: at(40),
        records: [
          rec('antiviral_hsv_vzv', -5, { drug: 'acyclovir', stoppedAt: at(20) }),
          rec('antiviral_hsv_vzv', 20),
        ],
      }),
      'antiviral_hsv_vzv',
    );
    expect(s.status).toBe('active');
    expect(s.record?.drug).toBe('valacyclovir');
  });
  it('protocol settings change the thresholds (12 months, CD4 > 300)', () => {
    const input = {
      now: at(250),
      records: [rec('antiviral_hsv_vzv', -5, { plannedStopAt: at(250) })],
      cd4: [{ at: at(240), perUl: 250 }],
    };
    expect(kind(evaluate(input), 'antiviral_hsv_vzv').status).toBe('due_to_stop_rule_met');
    const strict = evaluate({ ...input, protocol: { antiviralMinMonths: 12, cd4StopAbovePerUl: 300 } });
    expect(kind(strict, 'antiviral_hsv_vzv').stopRule?.reasons).toEqual([
      '12 months from lymphodepletion not reached: not before 2026-01-05',
      'CD4 250/µL (2025-09-07) not above 300/µL',
    ]);
  });
  it('refuses impossible input', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidFindingsError);
        return (e as InvalidFindingsError).field;
      }
      return null;
    };
    expect(field(() => evaluate({ now: at(10), lymphodepletionAt: at(1) }))).toBe('lymphodepletionAt');
    expect(field(() => evaluate({ now: at(10), records: [rec('pjp', 5, { stoppedAt: at(4) })] }))).toBe(
      'records[0].stoppedAt',
    );
    expect(field(() => evaluate({ now: at(10), records: [rec('pjp', 5, { stoppedAt: at(11) })] }))).toBe(
      'records[0].stoppedAt',
    );
    expect(field(() => evaluate({ now: at(10), cd4: [{ at: at(1), perUl: -1 }] }))).toBe('cd4[0].perUl');
    expect(field(() => resolveProphylaxisProtocol({ pjpMinMonths: 0 }))).toBe('protocol.pjpMinMonths');
    expect(field(() => evaluate({ now: at(10), hbvCoreAntibody: 'maybe' as 'positive' }))).toBe(
      'hbvCoreAntibody',
    );
    expect(DEFAULT_PROPHYLAXIS_PROTOCOL.cd4StopAbovePerUl).toBe(200);
  });
});

describe('prophylaxisAlerts', () => {
  it('due to stop with CD4 low, PJP missing, HBV not screened', () => {
    const r = evaluate({
      now: at(180),
      hbvCoreAntibody: 'not_screened',
      records: [rec('antiviral_hsv_vzv', -5, { plannedStopAt: at(182) })],
      cd4: [{ at: at(175), perUl: 140 }],
    });
    expect(prophylaxisAlerts(r).map((a) => [a.rule, a.severity])).toEqual([
      ['prophylaxis_stop_rule_not_met_antiviral_hsv_vzv', 'warning'],
      ['prophylaxis_missing_pjp', 'warning'],
      ['hbv_screening_missing', 'info'],
    ]);
    expect(prophylaxisAlerts(r)[0]?.dueAt).toBe(at(182));
    expect(prophylaxisAlerts(r)[1]?.message).toContain('PJP (co-trimoxazole): none charted');
  });
  it('nothing to say when all is in order', () => {
    const r = evaluate({ now: at(40), records: [rec('antiviral_hsv_vzv', -5), rec('pjp', 21)] });
    expect(prophylaxisAlerts(r)).toEqual([]);
  });
});

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
