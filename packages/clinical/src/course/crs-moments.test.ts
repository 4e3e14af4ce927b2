import { describe, expect, it } from 'vitest';
import type { ChartedFact, MedicationKind } from '../facts.ts';
import { RULE_VERSION } from '../version.ts';
import { createCourse, gradeCourse } from './index.ts';
import { ctx, H, h, INFUSION, pointAt, vitals } from './test-facts.ts';

describe('course: CRS at every charted moment', () => {
  const facts: ChartedFact[] = [
    vitals('v0', 0),
    vitals('v1', 30, { temperatureC: 38.6 }),
    vitals('v2', 34, { temperatureC: 38.2, systolicMmHg: 85 }),
    { kind: 'vasopressor_infusion', id: 'ne', drug: 'norepinephrine', start: h(35) },
    { kind: 'vasopressor_infusion', id: 'avp', drug: 'vasopressin', start: h(36), stop: h(41) },
    { kind: 'vasopressor_infusion', id: 'phe', drug: 'phenylephrine', start: h(37) },
    { kind: 'vasopressor_stop', id: 'phe-stop', infusionId: 'phe', at: h(39) },
    vitals('v3', 38, {
      temperatureC: 37.4,
      systolicMmHg: 95,
      oxygen: { device: 'nasal_cannula', flowLpm: 8 },
    }),
    { kind: 'vasopressor_stop', id: 'ne-stop', infusionId: 'ne', at: h(42) },
    vitals('v4', 43, {
      temperatureC: 37.1,
      systolicMmHg: 110,
      oxygen: { device: 'nasal_cannula', flowLpm: 2 },
    }),
  ];
  const result = gradeCourse(ctx, facts);

  it('grades each moment with the facts it used and the rule version', () => {
    expect(result.ruleVersion).toBe(RULE_VERSION);
    expect(pointAt(result.points, 0).crs.grade).toBe(0);
    const fever = pointAt(result.points, 30);
    expect(fever.crs.grade).toBe(1);
    expect(fever.crs.reasons).toContain('fever 38.6 °C');
    expect(fever.crs.factIds).toContain('v1');
    expect(fever.ruleVersion).toBe(RULE_VERSION);
    const hypotensive = pointAt(result.points, 34);
    expect(hypotensive.crs.grade).toBe(2);
    expect(hypotensive.crs.reasons).toContain('fever 38.6 °C'); // highest in the last 24 h
    expect(hypotensive.crs.factIds).toEqual(expect.arrayContaining(['v1', 'v2']));
  });
  it('vasopressors running at each moment: one → 3, + vasopressin → 3, + phenylephrine → 4, stop → 3', () => {
    expect(pointAt(result.points, 35).crs.grade).toBe(3);
    expect(pointAt(result.points, 35).crs.factIds).toContain('ne');
    expect(pointAt(result.points, 36).crs.grade).toBe(3);
    expect(pointAt(result.points, 36).crs.reasons).toContain(
      'one vasopressor (norepinephrine) with vasopressin → grade 3',
    );
    expect(pointAt(result.points, 37).crs.grade).toBe(4);
    expect(pointAt(result.points, 38).crs.grade).toBe(4);
    expect(pointAt(result.points, 39).crs.grade).toBe(3);
  });
  it('oxygen from the latest vital set: high-flow cannula 3 after pressors stop, low-flow 2', () => {
    expect(pointAt(result.points, 41).crs.grade).toBe(3); // norepinephrine still running, 8 L/min
    expect(pointAt(result.points, 42).crs.grade).toBe(3); // 8 L/min nasal cannula is high flow
    expect(pointAt(result.points, 42).crs.reasons).toContain(
      'nasal cannula 8 L/min (> 6 L/min is high flow) → grade 3',
    );
    expect(pointAt(result.points, 43).crs.grade).toBe(2);
  });
  it('one episode: onset at the first fever, maximum 4 at +37 h', () => {
    expect(result.crsEpisodes).toHaveLength(1);
    const episode = result.crsEpisodes[0];
    expect(episode).toMatchObject({
      syndrome: 'CRS',
      index: 1,
      onsetAt: INFUSION + 30 * H,
      onsetDay: 1,
      onsetFactIds: ['v1'],
      maxGrade: 4,
      maxGradeAt: INFUSION + 37 * H,
      status: 'ongoing',
      resolvedAt: null,
    });
  });
  it('daily maximum per Day', () => {
    expect(result.dailyMax).toEqual([
      { day: 0, crsMaxGrade: 0, crsMaxAt: null, icansMaxGrade: 0, icansMaxAt: null },
      { day: 1, crsMaxGrade: 4, crsMaxAt: INFUSION + 37 * H, icansMaxGrade: 0, icansMaxAt: null },
    ]);
  });
});

describe('course: fever no longer required, and its limits', () => {
  const base: ChartedFact[] = [
    vitals('v1', 30, { temperatureC: 38.6 }),
    vitals('v2', 34, { temperatureC: 37.2, systolicMmHg: 85 }),
    vitals('v3', 60, { temperatureC: 36.9, systolicMmHg: 84 }),
  ];
  it('without anti-cytokine therapy, hypotension 26 h after the last fever is not CRS', () => {
    const r = gradeCourse(ctx, base);
    expect(pointAt(r.points, 34).crs.grade).toBe(2);
    const late = pointAt(r.points, 60).crs;
    expect(late.grade).toBe(0);
    expect(late.reasons).toContain('hypotension without fever: not graded as CRS');
    expect(late.feverNoLongerRequired).toBe(false);
  });
  it('after tocilizumab in the episode, fever is no longer required: hypotension → 2', () => {
    const r = gradeCourse(ctx, [
      ...base,
      { kind: 'medication', id: 'toci', medication: 'tocilizumab', at: h(36) },
    ]);
    const late = pointAt(r.points, 60).crs;
    expect(late.grade).toBe(2);
    expect(late.feverNoLongerRequired).toBe(true);
    expect(late.factIds).toContain('toci');
    expect(r.crsEpisodes[0]).toMatchObject({
      feverNoLongerRequiredFrom: INFUSION + 36 * H,
      feverNoLongerRequiredFactId: 'toci',
    });
  });
  it.each<MedicationKind>(['corticosteroid', 'antipyretic', 'anakinra', 'siltuximab'])(
    '%s also waives the fever',
    (medication) => {
      const r = gradeCourse(ctx, [...base, { kind: 'medication', id: 'm', medication, at: h(31) }]);
      expect(pointAt(r.points, 60).crs.grade).toBe(2);
    },
  );
  it('an unrelated medication does not', () => {
    const r = gradeCourse(ctx, [...base, { kind: 'medication', id: 'm', medication: 'other', at: h(31) }]);
    expect(pointAt(r.points, 60).crs.grade).toBe(0);
  });
  it('premedication before the CRS fever does not waive it', () => {
    const r = gradeCourse(ctx, [
      ...base,
      { kind: 'medication', id: 'pre', medication: 'antipyretic', at: h(-1) },
    ]);
    expect(pointAt(r.points, 60).crs.grade).toBe(0);
    expect(r.crsEpisodes[0]?.feverNoLongerRequiredFrom).toBeNull();
  });
});

describe('course: fever attributed to another cause', () => {
  const facts: ChartedFact[] = [
    vitals('v1', 30, { temperatureC: 38.9, systolicMmHg: 85 }),
    { kind: 'fever_other_cause', id: 'a1', from: h(28), to: h(40), cause: 'E. coli bacteraemia' },
  ];
  it('the fever does not count and starts no episode', () => {
    const r = gradeCourse(ctx, facts);
    const p = pointAt(r.points, 30).crs;
    expect(p.grade).toBe(0);
    expect(p.reasons).toContain('fever 38.9 °C attributed to another cause: does not count');
    expect(p.factIds).toEqual(expect.arrayContaining(['v1', 'a1']));
    expect(r.crsEpisodes).toHaveLength(0);
  });
  it('a fever outside the attributed period counts', () => {
    const r = gradeCourse(ctx, [...facts, vitals('v2', 41, { temperatureC: 38.3 })]);
    expect(pointAt(r.points, 41).crs.grade).toBe(1);
    expect(r.crsEpisodes[0]?.onsetAt).toBe(INFUSION + 41 * H);
  });
  it('a fever before the infusion is not CRS', () => {
    const r = gradeCourse(ctx, [vitals('pre', -2, { temperatureC: 38.5 }), vitals('v', 1)]);
    expect(pointAt(r.points, 1).crs.grade).toBe(0);
    expect(r.points.every((p) => p.at >= INFUSION)).toBe(true);
  });
});

describe('course: oxygen given for comfort only (ASTCT 2019)', () => {
  it('is not hypoxia: fever with comfort oxygen is grade 1 with the reason, the same oxygen for hypoxia is grade 2', () => {
    const comfort = gradeCourse(ctx, [
      vitals('v0', 0),
      vitals('v1', 30, {
        temperatureC: 38.6,
        oxygen: { device: 'nasal_cannula', flowLpm: 2, forComfort: true },
      }),
    ]);
    const atFever = pointAt(comfort.points, 30);
    expect(atFever.crs.grade).toBe(1);
    expect(atFever.crs.reasons).toContain(
      'nasal cannula 2 L/min given for comfort only: not counted as hypoxia (ASTCT 2019)',
    );
    expect(atFever.ruleVersion).toBe(RULE_VERSION);
    const needed = gradeCourse(ctx, [
      vitals('v0', 0),
      vitals('v1', 30, { temperatureC: 38.6, oxygen: { device: 'nasal_cannula', flowLpm: 2 } }),
    ]);
    expect(pointAt(needed.points, 30).crs.grade).toBe(2);
  });

  it('is not a sign of CRS: an episode resolves 24 h after the fever although comfort oxygen goes on', () => {
    const onComfort = { device: 'nasal_cannula' as const, flowLpm: 2, forComfort: true };
    const r = gradeCourse(ctx, [
      vitals('v1', 30, { temperatureC: 38.6, oxygen: onComfort }),
      vitals('v2', 40, { temperatureC: 37.0, oxygen: onComfort }),
      vitals('v3', 70, { temperatureC: 36.9, oxygen: onComfort }),
    ]);
    expect(r.crsEpisodes).toHaveLength(1);
    expect(r.crsEpisodes[0]?.status).toBe('resolved');
    // Incremental charting gives the same course.
    const course = createCourse(ctx);
    for (const f of [
      vitals('v3', 70, { temperatureC: 36.9, oxygen: onComfort }),
      vitals('v1', 30, { temperatureC: 38.6, oxygen: onComfort }),
      vitals('v2', 40, { temperatureC: 37.0, oxygen: onComfort }),
    ])
      course.addFact(f);
    expect(course.result()).toEqual(r);
  });
});
