import type { PatientStatus } from '@cellwatch/contracts';
import { appendAudit } from '../audit/audit-log.ts';
import type { OpenedDatabase } from '../db/sqlite.ts';
import { CourseRegrader } from '../grading/regrader.ts';
import { findUsers, statements } from './cohort-charting.ts';
import { type CohortScenario, writePatient } from './synthetic-patient.ts';

export type { CohortScenario } from './synthetic-patient.ts';

export interface BulkCohortOptions {
  patients: number;
  /** Days of charting from infusion to `now`. */
  days: number;
  /** A vital set every this many minutes, for the whole `days` (1 = one a minute). */
  vitalsIntervalMin: number;
  seed: number;
  /** The end of charting (epoch ms); default now. Same seed and `now` give the same rows. */
  now?: number;
  /** MRN prefix, so several cohorts can share a database. */
  mrnPrefix?: string;
  /** Every patient's status; default from `days` (≤ 14 inpatient, ≤ 120 outpatient, else long term). */
  status?: PatientStatus;
  /** Every patient gets this scenario instead of the mix. */
  scenario?: CohortScenario;
  /** Rows per commit of the fact load. */
  rowsPerTransaction?: number;
  /** Called with progress lines (the CLI prints them). */
  log?: (line: string) => void;
}

export interface BulkLoadSummary {
  patientIds: number[];
  rows: Record<string, number>;
  gradeChanges: number;
  alerts: number;
  factsMs: number;
  regradeMs: number;
}

/**
 * Loads a synthetic cohort straight into SQLite: the facts with prepared statements in big
 * transactions, then each patient's derived rows (grade steps, alerts, ward row) rebuilt by the
 * same `CourseRegrader` the API uses (a full rebuild: empty cache, no refs), so they equal what
 * the API computes from those facts. One audit row records the whole load, keeping the chain
 * valid. For tests, the demo and the benchmarks; never for real patients.
 */
export async function bulkLoadCohort(
  opened: OpenedDatabase,
  options: BulkCohortOptions,
): Promise<BulkLoadSummary> {
  const { sqlite, db } = opened;
  const now = options.now ?? Date.now();
  const log = options.log ?? (() => undefined);
  const users = findUsers(sqlite);
  const st = statements(sqlite);
  const rows: Record<string, number> = {};
  const patientIds: number[] = [];
  const perCommit = options.rowsPerTransaction ?? 200_000;
  const spec = {
    days: options.days,
    vitalsIntervalMin: options.vitalsIntervalMin,
    seed: options.seed,
    mrnPrefix: options.mrnPrefix ?? `SYN${options.seed}`,
    now,
    ...(options.status && { status: options.status }),
    ...(options.scenario && { scenario: options.scenario }),
  };

  const t0 = performance.now();
  const total = () => Object.values(rows).reduce((a, b) => a + b, 0);
  let sinceCommit = 0;
  sqlite.exec('begin immediate');
  try {
    for (let i = 0; i < options.patients; i++) {
      const before = total();
      patientIds.push(writePatient(st, users, i, spec, rows));
      sinceCommit += total() - before;
      if (sinceCommit >= perCommit) {
        sqlite.exec('commit');
        log(`  facts: ${i + 1}/${options.patients} patients, ${total().toLocaleString('en')} rows`);
        sqlite.exec('begin immediate');
        sinceCommit = 0;
      }
    }
    sqlite.exec('commit');
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw err;
  }
  const factsMs = performance.now() - t0;

  // Derived rows, a few patients per transaction; the course is dropped once stored.
  const t1 = performance.now();
  const regrader = new CourseRegrader();
  const at = new Date(now);
  const group = 25;
  for (let i = 0; i < patientIds.length; i += group) {
    const ids = patientIds.slice(i, i + group);
    await db.transaction().execute(async (trx) => {
      for (const id of ids) {
        await regrader.afterChange(trx, id, { kind: 'added', refs: [] }, at);
        regrader.forget(id);
      }
    });
    if ((i / group) % 10 === 9) log(`  derived: ${i + ids.length}/${patientIds.length} patients`);
  }
  const regradeMs = performance.now() - t1;

  const placeholders = patientIds.map(() => '?').join(',');
  const countOf = (table: string) =>
    patientIds.length
      ? (
          sqlite
            .prepare(`select count(*) n from ${table} where patient_id in (${placeholders})`)
            .get(...patientIds) as {
            n: number;
          }
        ).n
      : 0;
  const gradeChanges = countOf('grade_changes');
  const alerts = countOf('alerts');
  await db.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        actor: users.actor,
        action: 'bulk_load',
        entity: 'synthetic_cohort',
        entityId: spec.mrnPrefix,
        after: {
          synthetic: true,
          patients: options.patients,
          days: options.days,
          vitalsIntervalMin: options.vitalsIntervalMin,
          seed: options.seed,
          firstPatientId: patientIds[0] ?? null,
          lastPatientId: patientIds[patientIds.length - 1] ?? null,
          rows,
          gradeChanges,
          alerts,
        },
      },
      at,
    ),
  );
  return { patientIds, rows, gradeChanges, alerts, factsMs, regradeMs };
}
