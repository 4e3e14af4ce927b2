import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoursePoint, Episode } from './course/types.ts';
import {
  crsImprovements,
  IEC_HS_ANALYTES,
  IEC_HS_LABEL,
  IEC_HS_SOURCE,
  type IecHsAnalyte,
  type IecHsInput,
  type IecHsLab,
  iecHsAlert,
  iecHsSignal,
} from './iec-hs.ts';
import { RULE_VERSION } from './version.ts';

const H = 3_600_000;
const D = 24 * H;
const infusionAt = Date.UTC(2026, 0, 1);
const improvedAt = infusionAt + 5 * D;
let n = 0;
const lab = (analyte: IecHsAnalyte, value: number, at = improvedAt + D): IecHsLab => ({
  id: `lab_results:${++n}`,
  at,
  analyte,
  value,
});
const improved = [{ episode: 1, at: improvedAt, how: 'grade fell' as const }];
/** Ferritin 5,000 after CRS improved, fibrinogen 120: suspected. */
const suspected = (): IecHsInput => ({
  infusionAt,
  crsImprovements: improved,
  labs: [lab('ferritin', 5000), lab('fibrinogen', 120)],
});
const signal = (labs: IecHsLab[], crs = improved) => iecHsSignal({ infusionAt, labs, crsImprovements: crs });
const met = (labs: IecHsLab[], crs = improved) =>
  signal(labs, crs)
    .criteria.filter((c) => c.met)
    .map((c) => c.criterion);

describe('IEC-HS watch signal (Hines 2023): each criterion', () => {
  it.each<[string, IecHsLab[], string[]]>([
    ['ferritin 801 > 2 × upper limit 400', [lab('ferritin', 801)], ['timing', 'ferritin']],
    ['ferritin 800 is not above 2 × 400', [lab('ferritin', 800)], ['timing']],
    [
      'baseline 1,000 above the limit: 2,001 needed, 1,500 is not enough',
      [lab('ferritin', 1000, infusionAt - D), lab('ferritin', 1500)],
      ['timing'],
    ],
    [
      'baseline 1,000: ferritin 2,001 counts',
      [lab('ferritin', 1000, infusionAt - D), lab('ferritin', 2001)],
      ['timing', 'ferritin'],
    ],
    [
      'baseline below the limit: the limit is the reference',
      [lab('ferritin', 100, infusionAt), lab('ferritin', 801)],
      ['timing', 'ferritin'],
    ],
    ['ferritin before CRS improved does not count', [lab('ferritin', 9000, improvedAt - H)], ['timing']],
    ['ANC 999/µL', [lab('anc', 999)], ['timing', 'cytopenia']],
    ['ANC 1,000/µL', [lab('anc', 1000)], ['timing']],
    ['platelets 49 × 10³/µL', [lab('platelets', 49)], ['timing', 'cytopenia']],
    ['platelets 50 × 10³/µL', [lab('platelets', 50)], ['timing']],
    ['hemoglobin 7.9 g/dL', [lab('hemoglobin', 7.9)], ['timing', 'cytopenia']],
    ['hemoglobin 8.0 g/dL', [lab('hemoglobin', 8)], ['timing']],
    ['ALT 201 U/L > 5 × 40', [lab('alt', 201)], ['timing', 'transaminases']],
    ['ALT 200 U/L', [lab('alt', 200)], ['timing']],
    ['AST 201 U/L > 5 × 40', [lab('ast', 201)], ['timing', 'transaminases']],
    ['fibrinogen 149 mg/dL', [lab('fibrinogen', 149)], ['timing', 'fibrinogen']],
    ['fibrinogen 150 mg/dL', [lab('fibrinogen', 150)], ['timing']],
    ['LDH 251 U/L', [lab('ldh', 251)], ['timing', 'ldh']],
    ['LDH 250 U/L', [lab('ldh', 250)], ['timing']],
    [
      'a later better value clears: ANC 400 then 1,500',
      [lab('anc', 400), lab('anc', 1500, improvedAt + 2 * D)],
      ['timing'],
    ],
  ])('%s', (_, labs, criteria) => {
    expect(met(labs)).toEqual(criteria);
  });

  it('no improved CRS episode: the timing criterion is not met and nothing counts', () => {
    const r = signal([lab('ferritin', 5000), lab('fibrinogen', 100)], []);
    expect(r.suspected).toBe(false);
    expect(r.since).toBeNull();
    expect(r.criteria.filter((c) => c.met)).toEqual([]);
    expect(r.basis[1]).toBe(
      '– no CRS episode has improved yet (IEC-HS follows resolving CRS or initial improvement)',
    );
  });

  it.each<[string, IecHsLab[], boolean]>([
    ['ferritin with low fibrinogen', [lab('ferritin', 5000), lab('fibrinogen', 120)], true],
    ['ferritin with cytopenia', [lab('ferritin', 5000), lab('platelets', 20)], true],
    ['ferritin with transaminases', [lab('ferritin', 5000), lab('ast', 400)], true],
    ['ferritin with high LDH', [lab('ferritin', 5000), lab('ldh', 900)], true],
    ['ferritin alone', [lab('ferritin', 5000)], false],
    [
      'associated findings without ferritin',
      [lab('fibrinogen', 100), lab('ldh', 900), lab('anc', 100)],
      false,
    ],
  ])('suspected needs ferritin, timing and one associated finding: %s → %s', (_, labs, expected) => {
    expect(signal(labs).suspected).toBe(expected);
  });

  it('says what it is, with basis lines, facts, source and rule version', () => {
    const labs = [lab('ferritin', 5000), lab('fibrinogen', 120), lab('ldh', 100)];
    const r = signal(labs);
    expect(r).toMatchObject({
      suspected: true,
      label: IEC_HS_LABEL,
      since: improvedAt,
      source: IEC_HS_SOURCE,
    });
    expect(r.ruleVersion).toBe(RULE_VERSION);
    expect(r.factIds).toEqual([labs[0]?.id, labs[1]?.id]);
    expect(r.basis).toEqual([
      'IEC-HS suspected (watch signal, grading unconfirmed): ferritin rising after CRS improved, with an associated finding',
      '✓ CRS episode 1 improved (grade fell): labs from then on count',
      '✓ ferritin 5000 ng/mL > 2 × upper limit 400 ng/mL (800 ng/mL)',
      '– no blood counts since CRS improved',
      '– no ALT or AST since CRS improved',
      '✓ fibrinogen 120 mg/dL < 150 mg/dL',
      '– LDH 100 U/L ≤ upper limit 250 U/L',
      IEC_HS_SOURCE,
    ]);
  });

  it('upper limits are the laboratory’s', () => {
    const r = iecHsSignal({ ...suspected(), options: { ferritinUpperLimitNgPerMl: 3000 } });
    expect(r.suspected).toBe(false);
    expect(() => iecHsSignal({ ...suspected(), options: { ldhUpperLimitUPerL: 0 } })).toThrow();
  });

  it('refuses an analyte it does not read and a negative value', () => {
    expect(() => signal([{ ...lab('ferritin', 1), analyte: 'crp' as IecHsAnalyte }])).toThrow();
    expect(() => signal([lab('ferritin', -1)])).toThrow();
  });
});

describe('the hematologist alert', () => {
  it('"IEC-HS suspected — watch signal" with the criteria met, only when suspected', () => {
    const labs = [lab('ferritin', 5000), lab('fibrinogen', 120)];
    expect(iecHsAlert(signal(labs))).toEqual({
      rule: 'iec_hs_suspected',
      severity: 'high',
      message:
        'IEC-HS suspected — watch signal (grading unconfirmed): ferritin 5000 ng/mL > 2 × upper limit 400 ng/mL (800 ng/mL); fibrinogen 120 mg/dL < 150 mg/dL',
      factIds: labs.map((l) => l.id),
    });
    expect(iecHsAlert(signal([lab('ferritin', 5000)]))).toBeNull();
  });
});

describe('when CRS improved (from the course)', () => {
  const episode = (e: Partial<Episode>): Episode => ({
    syndrome: 'CRS',
    index: 1,
    onsetAt: infusionAt + D,
    onsetDay: 1,
    onsetFactIds: [],
    maxGrade: 2,
    maxGradeAt: infusionAt + 2 * D,
    maxGradeFactIds: [],
    feverNoLongerRequiredFrom: null,
    feverNoLongerRequiredFactId: null,
    status: 'ongoing',
    resolvedAt: null,
    resolutionConfirmedAt: null,
    durationMs: null,
    ...e,
  });
  const point = (at: number, grade: 0 | 1 | 2, episode: number | null = 1) =>
    ({ at, crs: { grade, episode } }) as Pick<CoursePoint, 'at' | 'crs'>;
  it('the first point after the maximum with a lower grade', () => {
    const points = [point(infusionAt + D, 1), point(infusionAt + 2 * D, 2), point(infusionAt + 3 * D, 1)];
    expect(crsImprovements(points, [episode({})])).toEqual([
      { episode: 1, at: infusionAt + 3 * D, how: 'grade fell' },
    ]);
  });
  it('sign-free when the grade never fell before it', () => {
    const points = [point(infusionAt + D, 1), point(infusionAt + 2 * D, 2)];
    const e = episode({ status: 'resolving', resolvedAt: infusionAt + 4 * D });
    expect(crsImprovements(points, [e])).toEqual([{ episode: 1, at: infusionAt + 4 * D, how: 'sign-free' }]);
  });
  it('an ongoing episode at its maximum has not improved', () => {
    expect(crsImprovements([point(infusionAt + 2 * D, 2)], [episode({})])).toEqual([]);
  });
});

describe('properties', () => {
  const analytes = fc.constantFrom<IecHsAnalyte>(...IEC_HS_ANALYTES);
  const labsArb = fc.array(
    fc.record({
      analyte: analytes,
      hours: fc.integer({ min: -200, max: 400 }),
      value: fc.double({ min: 0, max: 20_000, noNaN: true }),
    }),
    { maxLength: 12 },
  );
  const toLabs = (ls: { analyte: IecHsAnalyte; hours: number; value: number }[]) =>
    ls.map((l, i) => ({ id: `l${i}`, analyte: l.analyte, at: improvedAt + l.hours * H, value: l.value }));
  const higherIsWorse = new Set<IecHsAnalyte>(['ferritin', 'ldh', 'alt', 'ast']);
  const worse = (l: IecHsLab, by: number): IecHsLab => ({
    ...l,
    value: higherIsWorse.has(l.analyte) ? l.value + by : Math.max(0, l.value - by),
  });

  it('a worse lab after CRS improved never clears the signal', () => {
    fc.assert(
      fc.property(labsArb, fc.nat(), fc.double({ min: 0, max: 10_000, noNaN: true }), (ls, pick, by) => {
        const labs = toLabs(ls);
        if (!signal(labs).suspected || !labs.length) return true;
        const i = pick % labs.length;
        const target = labs[i] as IecHsLab;
        if (target.at < improvedAt) return true; // the baseline is not a post-improvement lab
        const changed = labs.map((l, j) => (j === i ? worse(l, by) : l));
        return signal(changed).suspected;
      }),
    );
  });

  it('a later result worse than the latest of its analyte never clears the signal', () => {
    fc.assert(
      fc.property(labsArb, analytes, fc.double({ min: 0, max: 10_000, noNaN: true }), (ls, analyte, by) => {
        const labs = toLabs(ls);
        if (!signal(labs).suspected) return true;
        const last = labs
          .filter((l) => l.analyte === analyte && l.at >= improvedAt)
          .sort((a, b) => a.at - b.at)
          .at(-1);
        if (!last) return true;
        const later = worse({ ...last, id: 'later', at: improvedAt + 500 * H }, by);
        return signal([...labs, later]).suspected;
      }),
    );
  });

  it('never suspected without an improved CRS episode', () => {
    fc.assert(fc.property(labsArb, (ls) => !signal(toLabs(ls), []).suspected));
  });
});
