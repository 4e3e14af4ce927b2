import { iceScore, notPerformedContradiction } from '@cellwatch/clinical';
import type { NeuroAssessment } from '@cellwatch/contracts';
import type { Selectable } from 'kysely';
import type { NeuroAssessmentsTable } from '../db/schema.ts';
import { resourceRouter } from '../http/routes.ts';
import {
  type CorrectionRow,
  chartFacts,
  enteredInErrorHandler,
  factMeta,
  impossibleTime,
  listFactsHandler,
  refuseImpossible,
  type UserNames,
} from './facts.ts';
import { chartNeuroAssessment, listNeuroAssessments, neuroAssessmentEnteredInError } from './neuro.routes.ts';

export function toNeuroAssessment(
  row: Selectable<NeuroAssessmentsTable>,
  corrections: Map<number, CorrectionRow>,
  names: UserNames,
): NeuroAssessment {
  return {
    ...factMeta(row, corrections, names),
    assessedAt: row.assessed_at,
    ice: row.ice_items_json ? JSON.parse(row.ice_items_json) : null,
    iceScore: row.ice_score,
    iceNotPerformedReason: row.ice_not_performed_reason,
    capdScore: row.capd_score,
    consciousness: row.consciousness as NeuroAssessment['consciousness'],
    consciousnessOtherCause: row.consciousness_other_cause === 1,
    seizure: row.seizure as NeuroAssessment['seizure'],
    motorWeakness: row.motor_weakness as NeuroAssessment['motorWeakness'],
    raisedIcp: row.raised_icp as NeuroAssessment['raisedIcp'],
    note: row.note,
  };
}

/** Neurological assessments: ICE (or CAPD in children) and the other ICANS domains. */
export const neuroRoutes = resourceRouter()
  .openapi(
    listNeuroAssessments,
    listFactsHandler({
      table: 'neuro_assessments',
      timeColumn: 'assessed_at_ms',
      key: 'assessments',
      toDto: toNeuroAssessment,
    }),
  )
  .openapi(chartNeuroAssessment, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.assessedAt);
    // The score is always computed from the items (ASTCT 2019 ICE), never typed in.
    const score = body.ice ? iceScore(body.ice) : null;
    const assessment = await chartFacts(c, id, 'neuro_assessment', async (trx, patient, at, user) => {
      const contradiction = body.ice
        ? null
        : notPerformedContradiction(body.iceNotPerformedReason, body.consciousness);
      refuseImpossible([
        impossibleTime('assessedAt', atMs, patient.birth_date, at.getTime()),
        contradiction === null ? null : { path: 'iceNotPerformedReason', message: contradiction },
      ]);
      const row = await trx
        .insertInto('neuro_assessments')
        .values({
          patient_id: id,
          assessed_at: new Date(atMs).toISOString(),
          assessed_at_ms: atMs,
          ice_items_json: body.ice ? JSON.stringify(body.ice) : null,
          ice_score: score,
          ice_not_performed_reason: body.ice ? null : (body.iceNotPerformedReason ?? null),
          capd_score: body.capdScore ?? null,
          consciousness: body.consciousness,
          consciousness_other_cause: body.consciousnessOtherCause ? 1 : 0,
          seizure: body.seizure,
          motor_weakness: body.motorWeakness,
          raised_icp: body.raisedIcp,
          note: body.note ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const assessment = toNeuroAssessment(row, new Map(), { get: () => user.displayName });
      return {
        result: assessment,
        refs: [{ table: 'neuro_assessments', id: row.id }],
        entityId: row.id,
        after: assessment,
      };
    });
    return c.json({ assessment }, 201);
  })
  .openapi(neuroAssessmentEnteredInError, enteredInErrorHandler('neuro_assessments', 'neuro_assessment'));
