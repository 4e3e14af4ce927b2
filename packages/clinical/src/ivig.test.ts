import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InfectionEvent, IvigInput, IvigStatus } from './ivig.ts';
import { IVIG_STATUS_RANK, ivigDose, ivigPlanWarning, ivigRecommendation } from './ivig.ts';
import { expectInvalid } from './test-support.ts';

const NOW = Date.parse('2025-09-01T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => NOW - d * DAY;

function rec(mgPerDl: number | null, infections: InfectionEvent[] = [], extra: Partial<IvigInput> = {}) {
  return ivigRecommendation({
    latestIgG: mgPerDl === null ? null : { at: daysAgo(3), mgPerDl },
    infections,
    weightKg: 70,
    now: NOW,
    ...extra,
  });
}

const serious: InfectionEvent = { at: daysAgo(30), severity: 3, bacterial: true };
const mild = (d: number): InfectionEvent => ({ at: daysAgo(d), severity: 2 });

describe('IVIG recommendation at and around every threshold', () => {
  it.each<[number, InfectionEvent[], IvigStatus]>([
    [0, [], 'indicated'],
    [399, [], 'indicated'],
    [399.9, [], 'indicated'],
    [400, [], 'not_indicated'],
    [400, [serious], 'clinician_decision'],
    [401, [serious], 'clinician_decision'],
    [401, [mild(10), mild(100)], 'clinician_decision'],
    [401, [mild(10)], 'not_indicated'],
    [599, [serious], 'clinician_decision'],
    [599, [], 'not_indicated'],
    [600, [serious], 'clinician_decision'],
    [600, [mild(10), mild(20)], 'clinician_decision'],
    [600.1, [serious], 'not_indicated'],
    [601, [serious], 'not_indicated'],
    [601, [mild(10), mild(20)], 'not_indicated'],
    [1200, [serious, mild(5)], 'not_indicated'],
  ])('IgG %s mg/dL with %o → %s', (igg, infections, status) => {
    expect(rec(igg, infections).status).toBe(status);
  });

  it('says why, in clinic words', () => {
    expect(rec(399).reasons[0]).toBe('IgG 399 mg/dL < 400 mg/dL → IVIG indicated');
    expect(rec(400, [serious]).reasons[0]).toBe(
      'IgG 400 mg/dL is in 400–600 mg/dL with serious infections → clinician decision on IVIG',
    );
    expect(rec(500).reasons[0]).toBe(
      'IgG 500 mg/dL is in 400–600 mg/dL without serious or recurrent infections (0 infection(s) in the last 183 days, 0 serious (CTCAE ≥ 3 or hospitalised)) → IVIG not indicated',
    );
    expect(rec(601).reasons[0]).toBe('IgG 601 mg/dL > 600 mg/dL → IVIG not indicated');
    expect(rec(450, [serious]).reasons[1]).toContain('1 bacterial');
  });

  it('a dose is given when indicated or for the clinician, not otherwise', () => {
    expect(rec(399)).toMatchObject({ doseG: 30, intervalWeeks: 4 });
    expect(rec(450, [serious]).doseG).toBe(30);
    expect(rec(450).doseG).toBeNull();
    expect(rec(700).dose).toBeNull();
  });

  it.each<[InfectionEvent, boolean]>([
    [{ at: daysAgo(5), severity: 3 }, true],
    [{ at: daysAgo(5), severity: 5 }, true],
    [{ at: daysAgo(5), severity: 2 }, false],
    [{ at: daysAgo(5), severity: 2, hospitalised: true }, true],
    [{ at: daysAgo(5), severity: 1, serious: true }, true],
    [{ at: daysAgo(5), severity: 2, serious: false, hospitalised: false }, false],
  ])('serious infection %o → %s', (infection, isSerious) => {
    const r = rec(450, [infection]);
    expect(r.seriousInfections).toBe(isSerious ? 1 : 0);
    expect(r.status).toBe(isSerious ? 'clinician_decision' : 'not_indicated');
  });

  it('recurrent = ≥ 2 infections in the last 183 days; older ones do not count (serious ones neither)', () => {
    expect(rec(450, [mild(10), mild(183)]).recurrent).toBe(true);
    expect(rec(450, [mild(10), mild(184)]).recurrent).toBe(false);
    expect(rec(450, [{ at: daysAgo(200), severity: 4 }]).status).toBe('not_indicated');
    expect(
      rec(450, [mild(10), mild(20), mild(30)], { protocol: { recurrentInfectionCount: 4 } }).status,
    ).toBe('not_indicated');
  });

  it('serious_and_recurrent reading needs both', () => {
    const protocol = { clinicianDecisionNeeds: 'serious_and_recurrent' as const };
    expect(rec(450, [serious], { protocol }).status).toBe('not_indicated');
    expect(rec(450, [mild(5), mild(9)], { protocol }).status).toBe('not_indicated');
    expect(rec(450, [serious, mild(9)], { protocol }).status).toBe('clinician_decision');
  });

  it('thresholds are configurable', () => {
    const protocol = { igGIndicatedBelowMgDl: 500, clinicianDecisionUpToMgDl: 700 };
    expect(rec(499, [], { protocol }).status).toBe('indicated');
    expect(rec(700, [serious], { protocol }).status).toBe('clinician_decision');
    expect(rec(701, [serious], { protocol }).status).toBe('not_indicated');
  });

  it('no IgG, or an IgG older than 35 days → no_recent_igg', () => {
    expect(rec(null)).toMatchObject({ status: 'no_recent_igg', doseG: null });
    const at35 = ivigRecommendation({
      latestIgG: { at: daysAgo(35), mgPerDl: 300 },
      infections: [],
      weightKg: 70,
      now: NOW,
    });
    expect(at35.status).toBe('indicated');
    const stale = ivigRecommendation({
      latestIgG: { at: daysAgo(35) - 1, mgPerDl: 300 },
      infections: [],
      weightKg: 70,
      now: NOW,
    });
    expect(stale.status).toBe('no_recent_igg');
    expect(stale.reasons[0]).toContain('older than 35 days');
  });
});

describe('IVIG dose rounding to stocked vials', () => {
  it.each<[number, number[], number, number, { sizeG: number; count: number }[]]>([
    [
      70,
      [5, 10, 20],
      0.4,
      30,
      [
        { sizeG: 20, count: 1 },
        { sizeG: 10, count: 1 },
      ],
    ],
    [
      62.5,
      [5, 10, 20],
      0.4,
      25,
      [
        { sizeG: 20, count: 1 },
        { sizeG: 5, count: 1 },
      ],
    ],
    [
      68.75,
      [5, 10, 20],
      0.4,
      30,
      [
        { sizeG: 20, count: 1 },
        { sizeG: 10, count: 1 },
      ],
    ],
    [
      56.25,
      [5, 10, 20],
      0.4,
      25,
      [
        { sizeG: 20, count: 1 },
        { sizeG: 5, count: 1 },
      ],
    ],
    [50, [5, 10, 20], 0.4, 20, [{ sizeG: 20, count: 1 }]],
    [
      81,
      [5, 10, 20],
      0.4,
      30,
      [
        { sizeG: 20, count: 1 },
        { sizeG: 10, count: 1 },
      ],
    ],
    [100, [5, 10, 20], 0.4, 40, [{ sizeG: 20, count: 2 }]],
    [
      70,
      [5, 10, 20],
      0.5,
      35,
      [
        { sizeG: 20, count: 1 },
        { sizeG: 10, count: 1 },
        { sizeG: 5, count: 1 },
      ],
    ],
    [
      70,
      [2.5, 10],
      0.4,
      27.5,
      [
        { sizeG: 10, count: 2 },
        { sizeG: 2.5, count: 3 },
      ],
    ],
    [
      70,
      [6, 10],
      0.4,
      28,
      [
        { sizeG: 10, count: 1 },
        { sizeG: 6, count: 3 },
      ],
    ],
    [
      35,
      [6, 10],
      0.4,
      16,
      [
        { sizeG: 10, count: 1 },
        { sizeG: 6, count: 1 },
      ],
    ],
    [70, [10], 0.4, 30, [{ sizeG: 10, count: 3 }]],
  ])('%s kg, vials %o, %s g/kg → %s g', (weightKg, vialSizesG, doseGPerKg, doseG, vials) => {
    const d = ivigDose(weightKg, { vialSizesG, doseGPerKg });
    expect(d.doseG).toBe(doseG);
    expect(d.vials).toEqual(vials);
  });
  it('explains the rounding and calls out a large deviation', () => {
    expect(ivigDose(70).reason).toBe(
      '0.4 g/kg × 70 kg = 28 g → 30 g (1 × 20 g + 1 × 10 g; nearest total the stocked vials 5/10/20 g can make)',
    );
    const small = ivigDose(5);
    expect(small.doseG).toBe(5);
    expect(small.deviationPercent).toBe(150);
    expect(small.reason).toContain('+150% from the calculated dose, check with pharmacy');
  });
  it.each([
    [0, 'weightKg'],
    [-10, 'weightKg'],
    [Number.NaN, 'weightKg'],
    [400, 'weightKg'],
  ])('refuses weight %s', (w, field) => {
    expectInvalid(() => ivigDose(w), field);
  });
  it('refuses bad vial sets and doses', () => {
    expectInvalid(() => ivigDose(70, { vialSizesG: [] }), 'protocol.vialSizesG');
    expectInvalid(() => ivigDose(70, { vialSizesG: [5, -10] }), 'protocol.vialSizesG[1]');
    expectInvalid(() => ivigDose(70, { vialSizesG: [2.555] }), 'protocol.vialSizesG[0]');
    expectInvalid(() => ivigDose(70, { doseGPerKg: 0 }), 'protocol.doseGPerKg');
  });
  it('property: never below one smallest vial, within half a smallest vial above it, monotone in weight', () => {
    const vialSets = fc.constantFrom([5, 10, 20], [2.5, 5, 10], [6, 10], [1, 2.5], [10]);
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 350, noNaN: true }),
        fc.double({ min: 0.5, max: 350, noNaN: true }),
        vialSets,
        fc.constantFrom(0.4, 0.5),
        (w1, w2, vialSizesG, doseGPerKg) => {
          const [lo, hi] = w1 <= w2 ? [w1, w2] : [w2, w1];
          const a = ivigDose(lo, { vialSizesG, doseGPerKg });
          const b = ivigDose(hi, { vialSizesG, doseGPerKg });
          const smallest = Math.min(...vialSizesG);
          const sum = (d: typeof a) => d.vials.reduce((s, v) => s + v.sizeG * v.count, 0);
          return (
            a.doseG >= smallest &&
            a.doseG <= b.doseG &&
            Math.abs(sum(a) - a.doseG) < 1e-9 &&
            (a.calculatedG < smallest || Math.abs(a.doseG - a.calculatedG) <= smallest / 2 + 1e-9)
          );
        },
      ),
    );
  });
});

describe('validation of the recommendation input', () => {
  it.each<[Partial<IvigInput>, string]>([
    [{ latestIgG: { at: daysAgo(1), mgPerDl: -1 } }, 'latestIgG.mgPerDl'],
    [{ latestIgG: { at: daysAgo(1), mgPerDl: Number.NaN } }, 'latestIgG.mgPerDl'],
    [{ latestIgG: { at: '2025-08-30T10:00:00', mgPerDl: 300 } }, 'latestIgG.at'],
    [{ latestIgG: { at: NOW + DAY, mgPerDl: 300 } }, 'latestIgG.at'],
    [{ infections: [{ at: daysAgo(1), severity: 0 }] }, 'infections[0].severity'],
    [{ infections: [{ at: daysAgo(1), severity: 6 }] }, 'infections[0].severity'],
    [{ infections: [{ at: daysAgo(1), severity: 2.5 }] }, 'infections[0].severity'],
    [{ infections: [{ at: NOW + 1, severity: 2 }] }, 'infections[0].at'],
    [{ weightKg: -70 }, 'weightKg'],
    [{ protocol: { clinicianDecisionUpToMgDl: 300 } }, 'protocol.clinicianDecisionUpToMgDl'],
  ])('refuses %o', (extra, field) => {
    expectInvalid(() => rec(300, [], extra), field);
  });
});

describe('property: a lower IgG never gives a weaker recommendation', () => {
  const infection = fc.record({
    at: fc.integer({ min: NOW - 400 * DAY, max: NOW }),
    severity: fc.integer({ min: 1, max: 5 }),
    hospitalised: fc.boolean(),
  });
  it('holds for any infection log', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.array(infection, { maxLength: 5 }),
        (x, y, infections) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          return IVIG_STATUS_RANK[rec(lo, infections).status] >= IVIG_STATUS_RANK[rec(hi, infections).status];
        },
      ),
    );
  });
  it('more infections never weaken it either', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.array(infection, { maxLength: 5 }),
        infection,
        (igg, infections, extra) => {
          return (
            IVIG_STATUS_RANK[rec(igg, [...infections, extra]).status] >=
            IVIG_STATUS_RANK[rec(igg, infections).status]
          );
        },
      ),
    );
  });
});

describe('a warning when IVIG is planned against an IgG that does not indicate it', () => {
  it.each([
    // [IgG mg/dL, infections, warning code or null]
    [399, [], null], // < 400: indicated
    [400, [], 'igg_does_not_indicate_ivig'], // 400 is not < 400, no infections: not indicated
    [480, [], 'igg_does_not_indicate_ivig'],
    [480, [serious], null], // 400–600 with a serious infection: the clinician's call
    [480, [mild(10), mild(40)], null], // recurrent: the clinician's call
    [480, [mild(10)], 'igg_does_not_indicate_ivig'], // one mild infection: neither
    [601, [serious], 'igg_does_not_indicate_ivig'], // above the band, whatever the infections
    [null, [], 'no_recent_igg'],
  ] as [number | null, InfectionEvent[], string | null][])('IgG %s with %j → %s', (igg, infections, code) => {
    expect(ivigPlanWarning(rec(igg, infections))?.code ?? null).toBe(code);
  });
  it("the warning carries the rule's reason", () => {
    expect(ivigPlanWarning(rec(480))?.message).toBe(
      'IVIG planned although not indicated: IgG 480 mg/dL is in 400–600 mg/dL without serious or recurrent infections (0 infection(s) in the last 183 days, 0 serious (CTCAE ≥ 3 or hospitalised)) → IVIG not indicated',
    );
  });
  it('a stale IgG is no recent IgG', () => {
    expect(ivigPlanWarning(rec(480, [], { latestIgG: { at: daysAgo(40), mgPerDl: 480 } }))?.code).toBe(
      'no_recent_igg',
    );
  });
});
