import { randomUUID } from 'node:crypto';
import { ANALYTES, checkValue, type PlausibilityResult, toStoredUnit } from '@cellwatch/clinical';
import type { LabResult } from '@cellwatch/contracts';
import type { Selectable } from 'kysely';
import type { LabResultsTable } from '../db/schema.ts';
import type { FieldError } from '../http/errors.ts';
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
import { enterLabPanel, labResultEnteredInError, listLabResults } from './labs.routes.ts';

function toLabResult(
  row: Selectable<LabResultsTable>,
  corrections: Map<number, CorrectionRow>,
  names: UserNames,
): LabResult {
  return {
    ...factMeta(row, corrections, names),
    collectedAt: row.collected_at,
    analyte: row.analyte as LabResult['analyte'],
    loinc: row.loinc,
    value: row.value,
    unit: row.unit,
    enteredValue: row.entered_value,
    enteredUnit: row.entered_unit,
    flags: row.flags_json ? JSON.parse(row.flags_json) : [],
  };
}

/** SQLite allows 32,766 bound values per statement; 14 columns × 2,000 rows stays well under. */
const INSERT_CHUNK = 2000;

/** Laboratory results, entered one panel at a time (all-or-nothing). */
export const labRoutes = resourceRouter()
  .openapi(
    listLabResults,
    listFactsHandler({
      table: 'lab_results',
      timeColumn: 'collected_at_ms',
      key: 'results',
      toDto: toLabResult,
    }),
  )
  .openapi(enterLabPanel, async (c) => {
    const { id } = c.req.valid('param');
    // Validated once, by the route's declaration (http/routes.ts), before the handler runs.
    const body = c.req.valid('json');
    const panel = await chartFacts(c, id, 'lab_panel', async (trx, patient, at, user) => {
      const panelId = randomUUID();
      const errors: (FieldError | null)[] = [];
      const recordedAt = at.toISOString();
      const rows: Omit<Selectable<LabResultsTable>, 'id'>[] = body.results.map((entry, i) => {
        const collectedMs = Date.parse(entry.collectedAt ?? body.collectedAt);
        errors.push(
          impossibleTime(
            entry.collectedAt ? `results.${i}.collectedAt` : 'collectedAt',
            collectedMs,
            patient.birth_date,
            at.getTime(),
          ),
        );
        const def = ANALYTES[entry.analyte];
        const converted = toStoredUnit(entry.analyte, entry.value, entry.unit);
        let value = entry.value;
        const check: PlausibilityResult = { impossible: [], unusual: [] };
        if (converted.ok) {
          value = converted.value;
          checkValue(`results.${i}.value`, value, { ...def.limits, unit: def.unit }, check);
        } else {
          errors.push({ path: `results.${i}.unit`, message: converted.reason });
        }
        errors.push(
          ...check.impossible.map((f) => ({ path: f.field, message: `${def.name}: ${f.message}` })),
        );
        const flags = check.unusual.map((f) => ({ field: 'value', message: `${def.name}: ${f.message}` }));
        return {
          patient_id: id,
          collected_at: new Date(collectedMs).toISOString(),
          collected_at_ms: collectedMs,
          analyte: entry.analyte,
          loinc: def.loinc,
          value,
          unit: def.unit,
          entered_value: converted.ok && converted.converted ? entry.value : null,
          entered_unit: converted.ok && converted.converted ? (entry.unit ?? null) : null,
          flags_json: flags.length ? JSON.stringify(flags) : null,
          panel_id: panelId,
          recorded_by: user.id,
          recorded_at: recordedAt,
        };
      });
      // Every row is checked before any is written: one bad value refuses the whole panel.
      refuseImpossible(errors.length > 200 ? errors.filter(Boolean).slice(0, 200) : errors);
      // A few large statements: one statement per result, each a round through the query
      // executor, measured slower (bench ingest_batch_rows_per_s) than 2,000 rows at a time.
      const inserted: Selectable<LabResultsTable>[] = [];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        inserted.push(
          ...(await trx
            .insertInto('lab_results')
            .values(rows.slice(i, i + INSERT_CHUNK))
            .returningAll()
            .execute()),
        );
      }
      const names = { get: () => user.displayName };
      const results = inserted.map((r) => toLabResult(r, new Map(), names));
      return {
        result: { panelId, results },
        refs: inserted.map((r) => ({ table: 'lab_results' as const, id: r.id })),
        written: new Map([['lab_results', inserted]]),
        entityId: panelId,
        after: {
          panelId,
          results: inserted.map((r) => ({
            id: r.id,
            analyte: r.analyte,
            value: r.value,
            unit: r.unit,
            collectedAt: r.collected_at,
          })),
        },
      };
    });
    return c.json(panel, 201);
  })
  .openapi(labResultEnteredInError, enteredInErrorHandler('lab_results', 'lab_result'));
