import { evaluateProphylaxis, evaluateRevaccination } from '@cellwatch/clinical';
import { describe, expect, it } from 'vitest';
import { CareEventMessage } from './events.ts';
import { ProphylaxisEvaluation, ProphylaxisKindState, VaccineGroupState } from './prophylaxis-response.ts';
import { CohortSummary, ToxicityReportRow } from './reports.ts';
import { Timeline, TimelineSeries } from './timeline.ts';
import { WorklistItem } from './worklist.ts';

const item = {
  patientId: 3,
  label: 'A.S. #3',
  kind: 'ivig_dose',
  dueAt: '2026-04-01T00:00:00.000Z',
  status: 'due',
  title: 'IVIG dose 1',
};

describe('response contracts', () => {
  it('take the worklist kinds and statuses the rules produce, and no other string', () => {
    expect(WorklistItem.safeParse(item).success).toBe(true);
    expect(WorklistItem.safeParse({ ...item, kind: 'vaccine', status: 'blocked' }).success).toBe(true);
    expect(WorklistItem.safeParse({ ...item, kind: 'reminder' }).success).toBe(false);
    expect(WorklistItem.safeParse({ ...item, status: 'later' }).success).toBe(false);
  });

  it('keep a timeline point as [epoch ms, value, fact id or null]', () => {
    const series = {
      total: 2,
      points: [
        [1, 38.2, 'vital_sets:1'],
        [2, 38.9, null],
      ],
    };
    expect(TimelineSeries.parse(series)).toEqual(series);
    expect(TimelineSeries.safeParse({ total: 1, points: [['2026-03-02', 38.2, null]] }).success).toBe(false);
    expect(Timeline.safeParse({ infusionAt: null }).success).toBe(false);
  });

  it('refuse a care event of a type the stream does not send', () => {
    const event = { id: 1, at: '2026-03-02T08:00:00.000Z', patientId: 1, audience: ['nurse'], data: {} };
    expect(CareEventMessage.safeParse({ ...event, type: 'fact_charted' }).success).toBe(true);
    expect(CareEventMessage.safeParse({ ...event, type: 'something_else' }).success).toBe(false);
  });

  it('take the prophylaxis and revaccination rules’ own answers, and no status they do not give', () => {
    const day0 = Date.parse('2026-01-10T09:00:00Z');
    const now = day0 + 200 * 86_400_000;
    const prophylaxis = evaluateProphylaxis({
      infusionAt: day0,
      records: [{ kind: 'pjp', drug: 'co-trimoxazole', startedAt: day0 + 14 * 86_400_000 }],
      cd4: [{ at: now - 86_400_000, perUl: 150 }],
      hbvCoreAntibody: 'not_screened',
      now,
    });
    expect(ProphylaxisEvaluation.parse(prophylaxis)).toEqual(prophylaxis);
    const pjp = prophylaxis.kinds.find((k) => k.kind === 'pjp');
    expect(pjp?.record).not.toBeNull();
    expect(ProphylaxisKindState.safeParse({ ...pjp, status: 'paused' }).success).toBe(false);
    expect(ProphylaxisKindState.safeParse({ ...pjp, kind: 'antiparasitic' }).success).toBe(false);

    const vaccines = evaluateRevaccination({
      infusionAt: day0,
      ivigGivenAt: [now - 30 * 86_400_000],
      doses: [{ group: 'influenza', vaccine: 'Fluad', givenAt: now - 86_400_000 }],
      now,
    });
    for (const group of vaccines.groups) expect(VaccineGroupState.parse(group)).toEqual(group);
    const blocked = vaccines.groups.find((g) => g.blockedBy.length > 0);
    expect(blocked).toBeDefined();
    const unknownBlock = { ...blocked, blockedBy: [{ block: 'weather', until: null, reason: 'rain' }] };
    expect(VaccineGroupState.safeParse(unknownBlock).success).toBe(false);
  });

  it('keep a toxicity report row to the grading scales, with the computed maxima beside the signed', () => {
    const row = {
      patientId: 1,
      mrn: 'MRN-1',
      diagnosis: 'Systemic lupus erythematosus',
      product: 'CD19 CAR-T',
      trialId: null,
      day0: '2026-01-10',
      crsMaxGrade: 2,
      crsOnsetDay: 1,
      crsDurationDays: 2.5,
      icansMaxGrade: 0,
      icansOnsetDay: null,
      icansDurationDays: null,
      tocilizumabDoses: 1,
      steroidUse: false,
      icahtGrade: null,
      bCellAplasiaDays: 40,
      ivigDoses: 0,
      infections: 0,
      licatsMaxGrade: null,
      crsMaxGradeComputed: 3,
      crsOverriddenSteps: 1,
      crsStepsAwaitingReview: 0,
      icansMaxGradeComputed: 0,
      icansOverriddenSteps: 0,
      icansStepsAwaitingReview: 0,
    };
    expect(ToxicityReportRow.parse(row)).toEqual(row);
    expect(ToxicityReportRow.safeParse({ ...row, crsMaxGrade: 6 }).success).toBe(false);
    expect(ToxicityReportRow.safeParse({ ...row, icahtGrade: 5 }).success).toBe(false);
    const { crsMaxGradeComputed: _, ...withoutComputed } = row;
    expect(ToxicityReportRow.safeParse(withoutComputed).success).toBe(false);
    const counts = [{ grade: 0, count: 1, percent: 100 }];
    const summary = {
      patients: 1,
      crs: counts,
      icans: counts,
      icaht: [],
      icahtNotAssessed: { count: 1, percent: 100 },
      tocilizumab: { patients: 1 },
      steroids: { patients: 0 },
    };
    // The sign-off counts are part of every summary: one without them is not the API's answer.
    expect(CohortSummary.safeParse(summary).success).toBe(false);
  });
});
