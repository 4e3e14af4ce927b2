import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BCellInput, Cd19Measurement } from './b-cells.ts';
import { assessBCellAplasia, cd19Below } from './b-cells.ts';
import { InvalidFindingsError } from './errors.ts';
import type { CellProduct } from './products.ts';
import { expectInvalid } from './test-support.ts';

const INF = Date.parse('2025-03-01T10:00:00Z');
const DAY = 86_400_000;
const at = (day: number) => INF + day * DAY + 3_600_000;
const pct = (...pairs: [number, number][]): Cd19Measurement[] =>
  pairs.map(([day, p]) => ({ id: `m${day}`, at: at(day), percentOfLymphocytes: p }));
const run = (
  measurements: Cd19Measurement[],
  nowDay: number,
  product: CellProduct = 'cd19_car_t',
  options = {},
) =>
  assessBCellAplasia(
    { product, infusionAt: INF, measurements, now: at(nowDay) } satisfies BCellInput,
    options,
  );

describe('CD19 threshold (< 1% of lymphocytes)', () => {
  it.each([
    [0.9, true],
    [0.99, true],
    [1.0, false],
    [1.1, false],
    [0, true],
  ])('%s%% → below %s', (p, below) => {
    expect(cd19Below({ percentOfLymphocytes: p, absolutePerUl: null }, { percentBelow: 1 })).toBe(below);
  });
  it('one value at 0.9/1.0/1.1 % after infusion: aplasia only at 0.9', () => {
    expect(run(pct([-7, 12], [9, 0.9]), 10).status).toBe('aplasia');
    expect(run(pct([-7, 12], [9, 1.0]), 10).status).toBe('not_yet_depleted');
    expect(run(pct([-7, 12], [9, 1.1]), 10).status).toBe('not_yet_depleted');
  });
  it('with an absolute threshold configured, both available criteria must be below', () => {
    const t = { percentBelow: 1, absoluteBelowPerUl: 20 };
    expect(cd19Below({ percentOfLymphocytes: 0.5, absolutePerUl: 19 }, t)).toBe(true);
    expect(cd19Below({ percentOfLymphocytes: 0.5, absolutePerUl: 20 }, t)).toBe(false);
    expect(cd19Below({ percentOfLymphocytes: 1.0, absolutePerUl: 5 }, t)).toBe(false);
    expect(cd19Below({ percentOfLymphocytes: null, absolutePerUl: 19 }, t)).toBe(true);
    expect(cd19Below({ percentOfLymphocytes: 0.5, absolutePerUl: null }, t)).toBe(true);
    expect(cd19Below({ percentOfLymphocytes: null, absolutePerUl: null }, t)).toBeNull();
  });
  it('without an absolute threshold an absolute-only value is not classified and is skipped', () => {
    const r = run(
      [
        { at: at(5), percentOfLymphocytes: 0.2 },
        { at: at(60), absolutePerUl: 300 },
      ],
      70,
    );
    expect(r.status).toBe('aplasia');
    expect(r.points[1]?.below).toBeNull();
    expect(r.reasons.some((x) => x.includes('not classified'))).toBe(true);
  });
  it('the percent threshold is configurable', () => {
    expect(run(pct([5, 1.5]), 10, 'cd19_car_t', { thresholds: { percentBelow: 2 } }).status).toBe('aplasia');
  });
});

describe('aplasia onset and reconstitution', () => {
  const series = pct(
    [-6, 14],
    [3, 6],
    [7, 0.4],
    [14, 0.1],
    [28, 0],
    [60, 0.2],
    [98, 2.1],
    [112, 3.0],
    [140, 5],
  );
  it('onset at the first value below threshold after infusion; reconstitution on two consecutive values', () => {
    const r = run(series, 150);
    expect(r).toMatchObject({
      status: 'reconstituted',
      aplasiaBeganAt: at(7),
      aplasiaBeganDay: 7,
      reconstitutedAt: at(98),
      reconstitutedDay: 98,
      daysInAplasia: 91,
      flags: [],
    });
    expect(r.reasons).toContain(
      'CD19 2.1% of lymphocytes on Day 98 and CD19 3% of lymphocytes on Day 112: above threshold on two consecutive measurements → B cells reconstituted on Day 98 (91 days in aplasia)',
    );
    expect(r.sources.join(' ')).toMatch(/Mackensen.*Nat Med 2022/);
    expect(r.sources.join(' ')).toMatch(/Müller.*N Engl J Med 2024/);
  });
  it('a single noisy value above threshold does not end aplasia', () => {
    const r = run(pct([7, 0.4], [40, 1.3], [47, 0.2], [70, 0.1]), 80);
    expect(r.status).toBe('aplasia');
    expect(r.reconstitutedAt).toBeNull();
    expect(r.daysInAplasia).toBe(73);
    expect(r.reasons.some((x) => x.includes('a single value above threshold does not end aplasia'))).toBe(
      true,
    );
  });
  it('one value above threshold at the end is pending, not reconstitution', () => {
    const r = run(pct([7, 0.4], [90, 1.3]), 95);
    expect(r.status).toBe('aplasia');
    expect(r.pendingReconstitution).toEqual({ at: at(90), day: 90 });
    const confirmed = run(pct([7, 0.4], [90, 1.3], [97, 1.0]), 100);
    expect(confirmed.status).toBe('reconstituted');
    expect(confirmed.reconstitutedDay).toBe(90);
    expect(confirmed.pendingReconstitution).toBeNull();
  });
  it('days in aplasia run to now while in aplasia', () => {
    expect(run(pct([10, 0.1]), 40).daysInAplasia).toBe(30);
  });
  it('a fall after reconstitution starts a new episode', () => {
    const r = run(pct([7, 0.1], [100, 2], [110, 3], [200, 0.3]), 210);
    expect(r.status).toBe('aplasia');
    expect(r.episodes).toHaveLength(2);
    expect(r.aplasiaBeganDay).toBe(200);
    expect(r.episodes[0]).toMatchObject({ beganDay: 7, reconstitutedDay: 100, days: 93 });
  });
  it('no values after infusion → no_data; pre-infusion values are the baseline only', () => {
    const r = run(pct([-3, 0.5]), 1);
    expect(r.status).toBe('no_data');
    expect(r.baseline?.percentOfLymphocytes).toBe(0.5);
    expect(r.points).toHaveLength(0);
  });
  it('unsorted input is sorted by time', () => {
    const r = run(pct([112, 3.0], [7, 0.4], [98, 2.1]), 120);
    expect(r.reconstitutedDay).toBe(98);
  });
  it('calendar Day numbering can be used', () => {
    const late = Date.parse('2025-03-01T22:30:00Z');
    const r = assessBCellAplasia(
      {
        product: 'cd19_car_t',
        infusionAt: late,
        measurements: [{ at: '2025-03-02T08:00:00+01:00', percentOfLymphocytes: 0.1 }],
        now: late + 5 * DAY,
      },
      { dayNumbering: { kind: 'calendar', timeZone: 'Europe/Berlin' } },
    );
    expect(r.aplasiaBeganDay).toBe(1);
    const elapsed = assessBCellAplasia({
      product: 'cd19_car_t',
      infusionAt: late,
      measurements: [{ at: '2025-03-02T08:00:00+01:00', percentOfLymphocytes: 0.1 }],
      now: late + 5 * DAY,
    });
    expect(elapsed.aplasiaBeganDay).toBe(0);
  });
});

describe('product expectations', () => {
  it.each(['cd19_car_t', 'cd19_bcma_car_t'] as const)(
    '%s: aplasia not reached by Day 28 is flagged',
    (product) => {
      expect(run(pct([7, 8], [21, 5]), 28, product).flags).toEqual([]);
      const r = run(pct([7, 8], [21, 5], [28, 4]), 29, product);
      expect(r.flags).toEqual(['aplasia_not_reached']);
      expect(r.reasons).toContain('B-cell aplasia not reached by Day 28 (now Day 29)');
    },
  );
  it('aplasia reached on Day 28 is in time; Day 29 is late', () => {
    expect(run(pct([28, 0.5]), 40).flags).toEqual([]);
    expect(run(pct([29, 0.5]), 40).flags).toEqual(['aplasia_not_reached']);
  });
  it('no CD19 at all after Day 28 is flagged as not confirmed', () => {
    const r = run([], 35);
    expect(r.status).toBe('no_data');
    expect(r.flags).toEqual(['aplasia_not_reached']);
  });
  it('the expected-by Day is configurable', () => {
    expect(run(pct([7, 5]), 20, 'cd19_car_t', { aplasiaExpectedByDay: 14 }).flags).toEqual([
      'aplasia_not_reached',
    ]);
  });
  it.each([
    [58, true],
    [59, true],
    [60, false],
    [61, false],
  ])('reconstitution on Day %s → early %s (before Day 60)', (day, early) => {
    const r = run(pct([7, 0.1], [day, 2], [day + 7, 3]), day + 10);
    expect(r.status).toBe('reconstituted');
    expect(r.flags.includes('early_reconstitution')).toBe(early);
  });
  it('the early-reconstitution Day is configurable', () => {
    expect(
      run(pct([7, 0.1], [80, 2], [87, 3]), 90, 'cd19_bcma_car_t', { earlyReconstitutionBeforeDay: 90 }).flags,
    ).toEqual(['early_reconstitution']);
  });
  it.each(['dsg3_caar_t', 'musk_caar_t', 'car_treg'] as const)(
    '%s: aplasia is an unexpected fall',
    (product) => {
      const r = run(pct([-5, 10], [14, 0.5]), 20, product);
      expect(r.expectsBCellAplasia).toBe(false);
      expect(r.flags).toEqual(['unexpected_b_cell_fall']);
      expect(run(pct([-5, 10], [14, 8]), 60, product).flags).toEqual([]);
    },
  );
  it('CAAR-T: a fall of more than 50% from baseline is flagged; exactly 50% is not', () => {
    expect(run(pct([-5, 10], [14, 5]), 20, 'dsg3_caar_t').flags).toEqual([]);
    expect(run(pct([-5, 10], [14, 4.9]), 20, 'dsg3_caar_t').flags).toEqual(['unexpected_b_cell_fall']);
    const abs = run(
      [
        { at: at(-5), percentOfLymphocytes: 10, absolutePerUl: 200 },
        { at: at(14), percentOfLymphocytes: 9, absolutePerUl: 90 },
      ],
      20,
      'musk_caar_t',
    );
    expect(abs.flags).toEqual(['unexpected_b_cell_fall']);
    expect(abs.reasons.some((x) => x.includes('more than 50% below the baseline'))).toBe(true);
  });
  it('CAAR-T without a baseline says the fall cannot be assessed', () => {
    const r = run(pct([14, 5]), 20, 'car_treg');
    expect(r.flags).toEqual([]);
    expect(r.reasons).toContain('no CD19 baseline before infusion: a fall from baseline cannot be assessed');
  });
  it('CD19 CAR-T never gets the unexpected-fall flag, and other products get no flags', () => {
    expect(run(pct([-5, 10], [14, 0.1]), 20).flags).toEqual([]);
    const other = run(pct([7, 8]), 60, 'other');
    expect(other.flags).toEqual([]);
    expect(other.expectsBCellAplasia).toBeNull();
  });
});

describe('validation', () => {
  it.each([
    [{ at: at(5), percentOfLymphocytes: 101 }, 'measurements[0].percentOfLymphocytes'],
    [{ at: at(5), percentOfLymphocytes: -1 }, 'measurements[0].percentOfLymphocytes'],
    [{ at: at(5), percentOfLymphocytes: Number.NaN }, 'measurements[0].percentOfLymphocytes'],
    [{ at: at(5), absolutePerUl: -3 }, 'measurements[0].absolutePerUl'],
    [{ at: at(5), absolutePerUl: Number.POSITIVE_INFINITY }, 'measurements[0].absolutePerUl'],
    [{ at: '2025-03-05T10:00:00', percentOfLymphocytes: 1 }, 'measurements[0].at'],
    [{ at: at(50), percentOfLymphocytes: 1 }, 'measurements[0].at'],
  ])('refuses %o', (m, field) => {
    expectInvalid(() => run([m as Cd19Measurement], 40), field);
  });
  it('refuses an unknown product and bad thresholds', () => {
    expect(() => run([], 5, 'cd20' as CellProduct)).toThrow(InvalidFindingsError);
    expect(() => run([], 5, 'cd19_car_t', { thresholds: { percentBelow: 0 } })).toThrow(InvalidFindingsError);
    expect(() => run([], 5, 'cd19_car_t', { thresholds: { absoluteBelowPerUl: -1 } })).toThrow(
      InvalidFindingsError,
    );
  });
});

describe('properties', () => {
  it('a single value above threshold between values below never reconstitutes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.99, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.nat(),
        (lows, high, pos) => {
          const values = [...lows];
          values.splice(1 + (pos % (values.length - 1)), 0, high);
          const r = run(
            values.map((v, i) => ({ at: at(7 + i * 7), percentOfLymphocytes: v })),
            7 + values.length * 7,
          );
          return r.status === 'aplasia' && r.aplasiaBeganDay === 7 && r.reconstitutedAt === null;
        },
      ),
    );
  });
  it('status is reconstituted exactly when two consecutive values ≥ threshold follow an aplasia', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 15 }), (lows) => {
        const ms = lows.map((low, i) => ({ at: at(1 + i * 5), percentOfLymphocytes: low ? 0.5 : 5 }));
        const r = run(ms, 1 + lows.length * 5);
        const first = lows.indexOf(true);
        if (first < 0) return r.status === 'not_yet_depleted';
        let episodeOpen = true;
        for (let i = first + 1; i < lows.length; i++) {
          if (!episodeOpen && lows[i]) episodeOpen = true;
          else if (episodeOpen && !lows[i] && i + 1 < lows.length && !lows[i + 1]) {
            episodeOpen = false;
            i++;
          }
        }
        return r.status === (episodeOpen ? 'aplasia' : 'reconstituted');
      }),
    );
  });
});
