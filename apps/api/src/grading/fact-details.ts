import type { Kysely } from 'kysely';
import { parseEngineFactId } from '../charting/fact-ref.ts';
import type { Database, FactTable } from '../db/schema.ts';

export interface FactDetail {
  id: string;
  kind: FactTable;
  at: string;
  summary: string;
  recordedBy: string;
  recordedAt: string;
  enteredInError: boolean;
}

const TIME_COLUMN: Partial<Record<FactTable, string>> = {
  vital_sets: 'taken_at',
  neuro_assessments: 'assessed_at',
  medication_administrations: 'given_at',
  vasopressor_infusions: 'started_at',
  vasopressor_stops: 'stopped_at',
  lab_results: 'collected_at',
  annotations: 'from_at',
};

type AnyRow = Record<string, unknown>;
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** One line a clinician reads to know what a fact said. */
function summarise(table: FactTable, r: AnyRow): string {
  switch (table) {
    case 'vital_sets': {
      const parts: string[] = [];
      if (n(r.temperature_c) !== null) parts.push(`T ${n(r.temperature_c)?.toFixed(1)} °C`);
      if (n(r.heart_rate) !== null) parts.push(`HR ${r.heart_rate}/min`);
      if (n(r.systolic) !== null) parts.push(`BP ${r.systolic}/${r.diastolic ?? '–'} mmHg`);
      if (n(r.spo2) !== null) parts.push(`SpO2 ${r.spo2} %`);
      const o2 = String(r.oxygen_device).replaceAll('_', ' ');
      const comfort = r.oxygen_for_comfort === 1 ? ' (for comfort only)' : '';
      parts.push(`${r.oxygen_flow_lpm !== null ? `${o2} ${r.oxygen_flow_lpm} L/min` : o2}${comfort}`);
      if (r.hypotension_recorded === 1) parts.push('hypotension recorded by clinician');
      return parts.join(', ');
    }
    case 'neuro_assessments': {
      const parts = [
        r.ice_score !== null
          ? `ICE ${r.ice_score}/10`
          : r.ice_not_performed_reason !== null
            ? `ICE not performed (${String(r.ice_not_performed_reason).replaceAll('_', ' ')})`
            : 'ICE not recorded',
      ];
      if (r.capd_score !== null) parts.push(`CAPD ${r.capd_score}`);
      parts.push(`consciousness ${String(r.consciousness).replaceAll('_', ' ')}`);
      if (r.seizure !== 'none') parts.push(`seizure: ${String(r.seizure).replaceAll('_', ' ')}`);
      if (r.motor_weakness !== 'none') parts.push('deep focal motor weakness');
      if (r.raised_icp !== 'none') parts.push(String(r.raised_icp).replaceAll('_', ' '));
      return parts.join(', ');
    }
    case 'medication_administrations':
      return `${r.drug} ${r.dose ?? ''} ${r.dose_unit ?? ''}`.trim();
    case 'vasopressor_infusions':
      return `${r.drug} started`;
    case 'vasopressor_stops':
      return `vasopressor infusion ${r.infusion_id} stopped`;
    case 'lab_results':
      return `${r.analyte} ${r.value} ${r.unit}`;
    case 'annotations':
      return `${String(r.kind).replaceAll('_', ' ')}: ${r.text}`;
    default:
      return `${table.replaceAll('_', ' ')} ${r.id}`;
  }
}

/** The facts behind a grade, as the grade panel shows them: what, when, who. */
export async function factDetails(
  db: Kysely<Database>,
  ids: Iterable<string>,
): Promise<Record<string, FactDetail>> {
  const byTable = new Map<FactTable, number[]>();
  for (const id of new Set(ids)) {
    const ref = parseEngineFactId(id);
    byTable.set(ref.table, [...(byTable.get(ref.table) ?? []), ref.id]);
  }
  const out: Record<string, FactDetail> = {};
  for (const [table, rowIds] of byTable) {
    const timeColumn = TIME_COLUMN[table];
    if (!timeColumn) continue;
    // Table names come from the fixed FactTable set, never from input.
    const rows = (await db
      .selectFrom(table as 'vital_sets')
      .innerJoin('users', 'users.id', 'recorded_by')
      .selectAll(table as 'vital_sets')
      .select('users.display_name as recorder')
      .where(`${table as 'vital_sets'}.id`, 'in', rowIds)
      .execute()) as unknown as AnyRow[];
    const corrected = new Set(
      (
        await db
          .selectFrom('corrections')
          .select('fact_id')
          .where('fact_table', '=', table)
          .where('fact_id', 'in', rowIds)
          .execute()
      ).map((r) => r.fact_id),
    );
    for (const r of rows) {
      const id = `${table}:${r.id}`;
      out[id] = {
        id,
        kind: table,
        at: String(r[timeColumn]),
        summary: summarise(table, r),
        recordedBy: String(r.recorder),
        recordedAt: String(r.recorded_at),
        enteredInError: corrected.has(Number(r.id)),
      };
    }
  }
  return out;
}
