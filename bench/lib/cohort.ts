import { bulkLoadCohort, createFirstRunAccounts, seededRandom } from '@cellwatch/api/seed';
import { loadConfig, openSqlite } from '@cellwatch/api/store';

export const BENCH_PASSWORD = 'bench-password-not-secret';

export interface Sizes {
  wardPatients: number;
  wardDays: number;
  timelineDays: number;
  /** Vital sets per ingest request stream: the first N ward patients. */
  ingestPatients: number;
}

export interface PreparedDb {
  file: string;
  wardIds: number[];
  timelinePatientId: number;
  loadMs: number;
  rows: Record<string, number>;
}

/**
 * The bench database: the ward cohort (4-hourly vitals and daily labs) and one patient with a
 * year of one-minute vitals, loaded by the synthetic bulk loader with fixed seeds.
 */
export async function prepareDatabase(
  file: string,
  sizes: Sizes,
  log: (l: string) => void,
): Promise<PreparedDb> {
  const t0 = performance.now();
  const opened = await openSqlite(file);
  try {
    const config = loadConfig({
      CELLWATCH_DB: file,
      CELLWATCH_DEMO: '1',
      CELLWATCH_DEMO_PASSWORD: BENCH_PASSWORD,
      CELLWATCH_SCRYPT_LOG_N: '12',
    });
    await createFirstRunAccounts(opened.db, config, new Date());
    const now = Date.now() - 60_000;
    log(`  ward cohort: ${sizes.wardPatients} patients × ${sizes.wardDays} days, vitals 4-hourly`);
    const ward = await bulkLoadCohort(opened, {
      patients: sizes.wardPatients,
      days: sizes.wardDays,
      vitalsIntervalMin: 240,
      seed: 7001,
      now,
      mrnPrefix: 'WARD',
      status: 'inpatient_monitoring',
    });
    log(`  timeline patient: ${sizes.timelineDays} days of one-minute vitals`);
    const year = await bulkLoadCohort(opened, {
      patients: 1,
      days: sizes.timelineDays,
      vitalsIntervalMin: 1,
      seed: 7002,
      now,
      mrnPrefix: 'YEAR',
      status: 'long_term_follow_up',
      scenario: 'crs3_pressor',
    });
    const rows: Record<string, number> = {};
    for (const r of [ward.rows, year.rows])
      for (const [k, v] of Object.entries(r)) rows[k] = (rows[k] ?? 0) + v;
    return {
      file,
      wardIds: ward.patientIds,
      timelinePatientId: year.patientIds[0] as number,
      loadMs: performance.now() - t0,
      rows,
    };
  } finally {
    await opened.close();
  }
}

const ANALYTES = [
  ['anc', 200, 6000],
  ['platelets', 20, 300],
  ['crp', 1, 200],
  ['ferritin', 100, 4000],
  ['hemoglobin', 8, 14],
  ['lymphocytes', 100, 3000],
  ['ldh', 150, 600],
  ['creatinine', 0.5, 1.4],
] as const;

/** `panels` lab panels of `rows` results (a laboratory's batch), deterministic. */
export function labPanels(panels: number, rows: number, start: number, seed = 7003) {
  const rng = seededRandom(seed);
  return Array.from({ length: panels }, (_, p) => {
    const collectedAt = new Date(start + p * 60_000).toISOString();
    return {
      collectedAt,
      results: Array.from({ length: rows }, (_, i) => {
        const [analyte, lo, hi] = ANALYTES[i % ANALYTES.length] as (typeof ANALYTES)[number];
        return {
          analyte,
          value: Math.round(rng.between(lo, hi) * 10) / 10,
          collectedAt: new Date(start + p * 60_000 - (rows - i) * 1000).toISOString(),
        };
      }),
    };
  });
}

/**
 * The reference for batch ingest: the same rows inserted with one prepared better-sqlite3
 * statement in one transaction, on the same disk, schema and pragmas (openSqlite), nothing else.
 */
export async function rawLabInsertRowsPerSecond(
  file: string,
  panels: ReturnType<typeof labPanels>,
): Promise<number> {
  const opened = await openSqlite(file);
  try {
    const { sqlite } = opened;
    const at = new Date().toISOString();
    sqlite
      .prepare(
        `insert into users (username, display_name, role, password_hash, created_at, updated_at)
         values ('raw', 'Raw', 'coordinator', 'x', ?, ?)`,
      )
      .run(at, at);
    sqlite
      .prepare(
        `insert into patients (mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product,
          status, created_at, updated_at) values ('RAW-1', 'Raw', 'Raw', '1980-01-01', 'female', 60, 'sle',
          'cd19_car_t', 'inpatient_monitoring', ?, ?)`,
      )
      .run(at, at);
    const insert = sqlite.prepare(
      `insert into lab_results (patient_id, collected_at, collected_at_ms, analyte, loinc, value, unit,
        entered_value, entered_unit, flags_json, panel_id, recorded_by, recorded_at)
       values (1, ?, ?, ?, null, ?, '-', null, null, null, ?, 1, ?)`,
    );
    const t0 = performance.now();
    let n = 0;
    sqlite.transaction(() => {
      panels.forEach((panel, p) => {
        for (const r of panel.results) {
          insert.run(r.collectedAt, Date.parse(r.collectedAt), r.analyte, r.value, `panel-${p}`, at);
          n++;
        }
      });
    })();
    return n / ((performance.now() - t0) / 1000);
  } finally {
    void opened.close();
  }
}

/**
 * The disk's floor for single writes: one-row transactions on the same disk with CellWatch's
 * pragmas (WAL, synchronous=FULL: every commit waits for fsync). Commits per second.
 */
export async function rawCommitsPerSecond(file: string, seconds: number): Promise<number> {
  const opened = await openSqlite(file);
  try {
    const { sqlite } = opened;
    sqlite.exec('create table if not exists bench_commit (id integer primary key, v text)');
    const insert = sqlite.prepare('insert into bench_commit (v) values (?)');
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < seconds * 1000) {
      insert.run('x');
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    void opened.close();
  }
}
