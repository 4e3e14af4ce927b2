import type { ChartedDiseaseScore, SleActivityComponents } from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database } from '../db/schema.ts';
import type { DiseaseScoresTable } from '../db/schema-follow-up.ts';

type Row = Selectable<DiseaseScoresTable>;

/** A patient's disease scores that are not entered-in-error, oldest first. */
export function readDiseaseScores(trx: Kysely<Database>, patientId: number): Promise<Row[]> {
  return trx
    .selectFrom('disease_scores')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where(notEnteredInError('disease_scores'))
    .orderBy('assessed_at_ms')
    .orderBy('id')
    .execute();
}

const componentsOf = (row: Pick<Row, 'components_json'>) =>
  row.components_json === null ? null : (JSON.parse(row.components_json) as SleActivityComponents);

/** A charted score as the API answers it (contracts ChartedDiseaseScore). */
export function diseaseScoreDto(row: Row) {
  return {
    id: row.id,
    kind: row.kind,
    assessedAt: row.assessed_at,
    value: row.value,
    components: componentsOf(row),
    note: row.note,
  };
}

/** A charted score as the remission rules take it (packages/clinical disease-remission.ts). */
export function chartedScore(row: Row): ChartedDiseaseScore {
  return {
    id: `disease_scores:${row.id}`,
    kind: row.kind,
    at: row.assessed_at_ms,
    value: row.value,
    sleComponents: componentsOf(row),
  };
}
