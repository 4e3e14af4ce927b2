import { checkDiseaseScore, InvalidFindingsError, sleRemission } from '@cellwatch/clinical';
import type { DiseaseScoreRequest } from '@cellwatch/contracts';
import { enteredInErrorHandler, factMeta, impossibleTime, listFactsHandler } from '../charting/facts.ts';
import type { DiseaseScoresTable } from '../db/schema-follow-up.ts';
import type { FieldError } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { chartOneFact } from './chart-one-fact.ts';
import { chartDiseaseScore, diseaseScoreEnteredInError, listDiseaseScores } from './disease-scores.routes.ts';
import { diseaseScoreDto } from './disease-scores-read.ts';

/**
 * A score outside its instrument's range, or SLEDAI-2K components that cannot be (clinical score
 * above the total, PGA above 3): the clinical engine's refusal, as a field error.
 */
function impossibleScore(body: DiseaseScoreRequest): FieldError | null {
  try {
    if (body.kind === 'sledai_2k') {
      checkDiseaseScore('sledai_2k', body.components.sledai);
      sleRemission(body.components);
    } else {
      checkDiseaseScore(body.kind, body.value);
    }
    return null;
  } catch (e) {
    if (!(e instanceof InvalidFindingsError)) throw e;
    const path =
      body.kind === 'sledai_2k' ? `components.${e.field === 'value' ? 'sledai' : e.field}` : e.field;
    return { path, message: e.reason };
  }
}

/**
 * Disease activity scores (packages/clinical disease-remission.ts): charted with their date,
 * impossible ones refused with nothing written, each correctable by an entered-in-error mark.
 * The remission view over them is part of the follow-up picture (picture.ts).
 */
export const diseaseScoreRoutes = resourceRouter()
  .openapi(
    listDiseaseScores,
    listFactsHandler<DiseaseScoresTable & { id: number }, unknown>({
      table: 'disease_scores',
      timeColumn: 'assessed_at_ms',
      key: 'scores',
      toDto: (row, corrections, names) => ({ ...factMeta(row, corrections, names), ...diseaseScoreDto(row) }),
    }),
  )
  .openapi(chartDiseaseScore, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.assessedAt);
    const row = await chartOneFact(c, id, 'disease_score', 'disease_scores', async (_, patient, at) => ({
      impossible: [
        impossibleTime('assessedAt', atMs, patient.birth_date, at.getTime()),
        impossibleScore(body),
      ],
      values: {
        kind: body.kind,
        value: body.kind === 'sledai_2k' ? body.components.sledai : body.value,
        assessed_at: new Date(atMs).toISOString(),
        assessed_at_ms: atMs,
        components_json: body.kind === 'sledai_2k' ? JSON.stringify(body.components) : null,
        note: body.note ?? null,
      },
    }));
    return c.json({ score: diseaseScoreDto(row) }, 201);
  })
  .openapi(diseaseScoreEnteredInError, enteredInErrorHandler('disease_scores', 'disease activity score'));
