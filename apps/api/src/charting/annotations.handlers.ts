import type { Annotation } from '@cellwatch/contracts';
import type { Selectable } from 'kysely';
import type { AnnotationsTable } from '../db/schema.ts';
import { resourceRouter } from '../http/routes.ts';
import { addAnnotation, annotationEnteredInError, listAnnotations } from './annotations.routes.ts';
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

function toAnnotation(
  row: Selectable<AnnotationsTable>,
  corrections: Map<number, CorrectionRow>,
  names: UserNames,
): Annotation {
  return {
    ...factMeta(row, corrections, names),
    kind: row.kind as Annotation['kind'],
    from: row.from_at,
    to: row.to_at,
    text: row.text,
  };
}

/**
 * Clinician statements the engine uses: a fever attributed to another cause (for a time range),
 * a death attributed to CRS or ICANS; and plain clinical notes.
 */
export const annotationRoutes = resourceRouter()
  .openapi(
    listAnnotations,
    listFactsHandler({
      table: 'annotations',
      timeColumn: 'from_at_ms',
      key: 'annotations',
      toDto: toAnnotation,
    }),
  )
  .openapi(addAnnotation, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const fromMs = Date.parse(body.from);
    const toMs = body.to === undefined ? null : Date.parse(body.to);
    const annotation = await chartFacts(c, id, 'annotation', async (trx, patient, at, user) => {
      refuseImpossible([impossibleTime('from', fromMs, patient.birth_date, at.getTime())]);
      const row = await trx
        .insertInto('annotations')
        .values({
          patient_id: id,
          kind: body.kind,
          from_at: new Date(fromMs).toISOString(),
          from_at_ms: fromMs,
          to_at: toMs === null ? null : new Date(toMs).toISOString(),
          to_at_ms: toMs,
          text: body.text,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const annotation = toAnnotation(row, new Map(), { get: () => user.displayName });
      return {
        result: annotation,
        refs: [{ table: 'annotations', id: row.id }],
        entityId: row.id,
        after: annotation,
      };
    });
    return c.json({ annotation }, 201);
  })
  .openapi(annotationEnteredInError, enteredInErrorHandler('annotations', 'annotation'));
