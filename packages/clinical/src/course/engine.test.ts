import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OxygenDevice } from '../crs.ts';
import { OXYGEN_DEVICES, VASOPRESSORS } from '../crs.ts';
import type { ChartedFact } from '../facts.ts';
import { MEDICATION_KINDS } from '../facts.ts';
import { CONSCIOUSNESS_LEVELS, RAISED_ICP, SEIZURES } from '../icans.ts';
import type { CourseOptions } from './index.ts';
import { createCourse, gradeCourse, loadCourse } from './index.ts';
import { ctx, H, h, INFUSION, pointAt, vitals } from './test-facts.ts';

describe('course: entered-in-error', () => {
  it('a fact marked entered-in-error is ignored, and the change reports the regraded points', () => {
    const course = createCourse(ctx);
    course.addFact(vitals('a', 10));
    course.addFact(vitals('fever', 30, { temperatureC: 39.4 }));
    const after = course.addFact(vitals('c', 31));
    expect(after.points.map((p) => p.crs.grade)).toEqual([1]);
    expect(course.result().crsEpisodes).toHaveLength(1);
    const change = course.markEnteredInError('fever');
    expect(change.changedFrom).toBe(INFUSION + 30 * H);
    expect(change.firstPointIndex).toBe(1);
    expect(change.points.map((p) => [p.at, p.crs.grade])).toEqual([[INFUSION + 31 * H, 0]]);
    expect(change.crsEpisodes).toHaveLength(0);
    expect(course.result().points).toHaveLength(2);
    expect(course.pointCount()).toBe(2);
    expect(course.pointAt(1)).toEqual(change.points[0]);
    expect(() => course.pointAt(2)).toThrow(RangeError);
    expect(course.latestPoint()).toEqual(change.points[0]);
    expect(course.episodes()).toEqual({ crsEpisodes: [], icansEpisodes: [] });
    expect(course.dailyMax()).toEqual(course.result().dailyMax);
    expect(createCourse(ctx).latestPoint()).toBeNull();
    expect(course.markEnteredInError('fever').changedFrom).toBeNull();
    expect(course.facts()).toHaveLength(3);
  });
  it('facts that arrive already entered-in-error are ignored', () => {
    const r = gradeCourse(ctx, [
      vitals('a', 30, { temperatureC: 39, enteredInError: true }),
      vitals('b', 31),
    ]);
    expect(r.points.map((p) => p.crs.grade)).toEqual([0]);
  });
});

// ----------------------------------------------------------------------------------------------
// Incremental == from scratch on random histories

const at = fc.integer({ min: -24, max: 24 * 8 }).map((half) => h(half / 2)); // half-hour grid: many ties
const arbVitals = (id: string): fc.Arbitrary<ChartedFact> =>
  fc.record({
    kind: fc.constant('vital_signs' as const),
    id: fc.constant(id),
    at,
    temperatureC: fc.option(fc.constantFrom(36.5, 37.4, 37.99, 38.0, 38.4, 39.1, 40.2), { nil: undefined }),
    systolicMmHg: fc.option(fc.constantFrom(70, 85, 89, 90, 120), { nil: undefined }),
    oxygen: fc.option(
      fc.oneof(
        fc.record({ device: fc.constantFrom(...OXYGEN_DEVICES) }),
        fc.record({
          device: fc.constant<OxygenDevice>('nasal_cannula'),
          flowLpm: fc.constantFrom(2, 6, 7, 10),
        }),
      ),
      { nil: undefined },
    ),
    hypotension: fc.option(fc.boolean(), { nil: undefined }),
  });
const arbFact = (id: string, earlierInfusions: string[]): fc.Arbitrary<ChartedFact> => {
  const options: fc.Arbitrary<ChartedFact>[] = [
    arbVitals(id),
    arbVitals(id),
    arbVitals(id),
    fc
      .record({
        drug: fc.constantFrom(...VASOPRESSORS),
        start: fc.integer({ min: -4, max: 24 * 8 }),
        length: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      })
      .map(({ drug, start, length }) => ({
        kind: 'vasopressor_infusion' as const,
        id,
        drug,
        start: h(start / 2),
        ...(length === undefined ? {} : { stop: h((start + length) / 2) }),
      })),
    fc.record({
      kind: fc.constant('medication' as const),
      id: fc.constant(id),
      at,
      medication: fc.constantFrom(...MEDICATION_KINDS),
    }),
    fc.record({
      kind: fc.constant('neuro_assessment' as const),
      id: fc.constant(id),
      at,
      iceScore: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      consciousness: fc.constantFrom(...CONSCIOUSNESS_LEVELS),
      seizure: fc.constantFrom(...SEIZURES),
      motorWeakness: fc.constantFrom('none' as const, 'deep_focal' as const),
      raisedIcp: fc.constantFrom(...RAISED_ICP),
    }),
    fc
      .record({
        from: fc.integer({ min: -4, max: 24 * 8 }),
        length: fc.option(fc.integer({ min: 0, max: 48 }), { nil: undefined }),
      })
      .map(({ from, length }) => ({
        kind: 'fever_other_cause' as const,
        id,
        from: h(from / 2),
        ...(length === undefined ? {} : { to: h((from + length) / 2) }),
      })),
  ];
  if (earlierInfusions.length > 0) {
    options.push(
      fc.record({
        kind: fc.constant('vasopressor_stop' as const),
        id: fc.constant(id),
        infusionId: fc.constantFrom(...earlierInfusions),
        offset: fc.integer({ min: 0, max: 30 }),
      }) as unknown as fc.Arbitrary<ChartedFact>,
    );
  }
  return fc.oneof(...options);
};

type Op = { add: ChartedFact } | { error: string };

/** A random sequence of writes: facts arriving out of order, some later marked entered-in-error. */
const arbHistory: fc.Arbitrary<Op[]> = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc
    .array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n })
    .chain((seeds) => {
      const build = (i: number, infusions: string[]): fc.Arbitrary<ChartedFact[]> =>
        i === n
          ? fc.constant([])
          : arbFact(`f${i}`, infusions).chain((fact) =>
              build(i + 1, fact.kind === 'vasopressor_infusion' ? [...infusions, fact.id] : infusions).map(
                (rest) => [fact, ...rest],
              ),
            );
      return build(0, []).map((facts) => {
        const ops: Op[] = [];
        const added: ChartedFact[] = [];
        facts.forEach((fact, i) => {
          const seed = seeds[i] as [number, number];
          ops.push({ add: fact });
          added.push(fact);
          if (seed[1] < 0.15 && added.length > 0)
            ops.push({ error: (added[seed[0] % added.length] as ChartedFact).id });
        });
        return ops;
      });
    }),
);

/** Stops are generated with an offset from their infusion's start (a stop cannot precede it). */
function materialize(ops: Op[]): Op[] {
  const starts = new Map<string, string>();
  return ops.map((op) => {
    if (!('add' in op)) return op;
    const fact = op.add;
    if (fact.kind === 'vasopressor_infusion') starts.set(fact.id, fact.start as string);
    if (fact.kind === 'vasopressor_stop') {
      const { offset, ...rest } = fact as typeof fact & { offset: number };
      const start = Date.parse(starts.get(fact.infusionId) as string);
      return { add: { ...rest, at: new Date(start + offset * 0.5 * H).toISOString() } };
    }
    return op;
  });
}

describe('course: incremental recomputation equals grading from scratch', () => {
  const options: CourseOptions[] = [
    {},
    { dayNumbering: { kind: 'calendar', timeZone: 'America/New_York' }, resolutionHours: 12 },
  ];
  it.each(options)(
    'random histories (options %o)',
    (opts) => {
      fc.assert(
        fc.property(arbHistory.map(materialize), (ops) => {
          const course = createCourse(ctx, opts);
          const facts: ChartedFact[] = [];
          const inError = new Set<string>();
          for (const op of ops) {
            let change: ReturnType<typeof course.addFact>;
            if ('add' in op) {
              change = course.addFact(op.add);
              facts.push(op.add);
            } else {
              change = course.markEnteredInError(op.error);
              inError.add(op.error);
            }
            const now = course.result();
            // The change lists exactly the points from its first index on.
            expect(change.points).toEqual(now.points.slice(change.firstPointIndex));
            expect(
              now.points
                .slice(0, change.firstPointIndex)
                .every((p) => change.changedFrom === null || p.at < change.changedFrom),
            ).toBe(true);
            const scratch = gradeCourse(
              ctx,
              facts.map((f) => (inError.has(f.id) ? { ...f, enteredInError: true } : f)),
              opts,
            );
            expect(now).toEqual(scratch);
            expect(course.episodes()).toEqual({
              crsEpisodes: scratch.crsEpisodes,
              icansEpisodes: scratch.icansEpisodes,
            });
            expect(change.dailyMax).toEqual(
              scratch.dailyMax.filter((d) => d.day >= (change.dailyMax[0]?.day ?? Number.POSITIVE_INFINITY)),
            );
          }
        }),
        { numRuns: 150 },
      );
    },
    120_000,
  );
  it('a course loaded from scratch continues incrementally like one built fact by fact', () => {
    const first = [vitals('a', 30, { temperatureC: 38.5 }), vitals('b', 34, { systolicMmHg: 80 })];
    const loaded = loadCourse(ctx, first);
    loaded.addFact({ kind: 'medication', id: 'toci', medication: 'tocilizumab', at: h(35) });
    loaded.addFact(vitals('c', 70, { systolicMmHg: 80 }));
    const built = createCourse(ctx);
    for (const f of first) built.addFact(f);
    built.addFact({ kind: 'medication', id: 'toci', medication: 'tocilizumab', at: h(35) });
    built.addFact(vitals('c', 70, { systolicMmHg: 80 }));
    expect(loaded.result()).toEqual(built.result());
    expect(pointAt(loaded.result().points, 70).crs.grade).toBe(2);
  });
});

// How fast this is (full regrade, one more vital set) is measured and printed by the course
// micro-benchmark (`pnpm --filter @cellwatch/clinical bench`), not timed here.
describe('course: a patient-year of one-minute vital sets', () => {
  it('regrades a year from scratch, and appends incrementally as if it had been loaded whole', () => {
    const n = 525_600;
    const facts: ChartedFact[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const fever = i % 2000 < 300;
      facts[i] = {
        kind: 'vital_signs',
        id: `v${i}`,
        at: INFUSION + i * 60_000,
        temperatureC: fever ? 38.4 + (i % 7) / 10 : 36.8 + (i % 5) / 10,
        systolicMmHg: i % 3000 < 100 ? 85 : 118,
        oxygen: i % 5000 < 200 ? { device: 'nasal_cannula', flowLpm: 3 } : { device: 'room_air' },
      };
    }
    const course = loadCourse(ctx, facts);
    expect(course.result().points).toHaveLength(n);

    const appends = 2_000;
    const appended: ChartedFact[] = [];
    for (let i = 0; i < appends; i++) {
      const fact = vitals(`x${i}`, (n + i) / 60, { temperatureC: 37 + (i % 20) / 10 });
      appended.push(fact);
      course.addFact(fact);
    }
    const whole = loadCourse(ctx, [...facts, ...appended]).result();
    const after = course.result();
    expect(after.points).toHaveLength(n + appends);
    // The appended stretch and the episodes are what the incremental path computes itself.
    expect(after.points.slice(n - 60)).toEqual(whole.points.slice(n - 60));
    expect(after.crsEpisodes).toEqual(whole.crsEpisodes);
    expect(after.icansEpisodes).toEqual(whole.icansEpisodes);
  }, 120_000);
});
