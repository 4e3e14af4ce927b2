import { parseArgs } from 'node:util';
import { PatientStatus } from '@cellwatch/contracts';
import { loadConfig } from '../config.ts';
import { openSqlite } from '../db/sqlite.ts';
import { type BulkLoadSummary, bulkLoadCohort, type CohortScenario } from './bulk-load.ts';
import { createFirstRunAccounts } from './demo-users.ts';

const USAGE = `Usage: pnpm seed:synthetic [options]

Loads a deterministic synthetic cohort (patients named "Synth-…", flagged as demo data) into a
CellWatch database, straight into SQLite, then rebuilds grades, alerts and ward rows with the
same regrader the API uses. One audit row records the load.

  --patients N            patients (default 50)
  --days D                days of charting from infusion to now (default 30)
  --vitals-interval-min M a vital set every M minutes (default 240; 1 = one a minute)
  --seed S                seed (default 2026): the same seed and --now give the same data
  --db FILE               database (default: CELLWATCH_DB or ./data/cellwatch.db)
  --now ISO               end of charting (default: now)
  --status STATUS         every patient's status (default: from --days)
  --scenario NAME         every patient's course: quiet, crs1, crs2, crs3_pressor, icans2, neutropenia
  --mrn-prefix P          MRN prefix (default SYN<seed>)
`;

const SCENARIOS: readonly CohortScenario[] = [
  'quiet',
  'crs1',
  'crs2',
  'crs3_pressor',
  'icans2',
  'neutropenia',
];

export interface SyntheticCliOptions {
  patients: number;
  days: number;
  vitalsIntervalMin: number;
  seed: number;
  db: string;
  now?: number;
  status?: PatientStatus;
  scenario?: CohortScenario;
  mrnPrefix?: string;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

export function parseSyntheticArgs(argv: string[], env = process.env): SyntheticCliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      patients: { type: 'string' },
      days: { type: 'string' },
      'vitals-interval-min': { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      now: { type: 'string' },
      status: { type: 'string' },
      scenario: { type: 'string' },
      'mrn-prefix': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const options: SyntheticCliOptions = {
    patients: Math.floor(positive('patients', values.patients, 50)),
    days: positive('days', values.days, 30),
    vitalsIntervalMin: positive('vitals-interval-min', values['vitals-interval-min'], 240),
    seed: Math.floor(positive('seed', values.seed, 2026)),
    db: values.db ?? env.CELLWATCH_DB ?? './data/cellwatch.db',
  };
  if (values.now !== undefined) {
    const now = Date.parse(values.now);
    if (Number.isNaN(now)) throw new Error(`--now must be an ISO-8601 instant, got "${values.now}"`);
    options.now = now;
  }
  if (values.status !== undefined) options.status = PatientStatus.parse(values.status);
  if (values.scenario !== undefined) {
    if (!SCENARIOS.includes(values.scenario as CohortScenario))
      throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}`);
    options.scenario = values.scenario as CohortScenario;
  }
  if (values['mrn-prefix'] !== undefined) options.mrnPrefix = values['mrn-prefix'];
  return options;
}

/**
 * Seeds a synthetic cohort into `options.db`. On a database without users it first creates the
 * first-run accounts (as the server would), so the facts have someone who recorded them.
 */
export async function seedSyntheticCohort(
  options: SyntheticCliOptions,
  log: (line: string) => void = () => undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<BulkLoadSummary> {
  const opened = await openSqlite(options.db);
  try {
    const config = loadConfig({ ...env, CELLWATCH_DB: options.db, CELLWATCH_DEMO: '1' });
    const firstRun = await createFirstRunAccounts(opened.db, config, new Date());
    if (firstRun) {
      log(`created users ${firstRun.usernames.join(', ')}`);
      if (firstRun.generatedPassword) log(`their password (shown once): ${firstRun.generatedPassword}`);
    }
    return await bulkLoadCohort(opened, {
      patients: options.patients,
      days: options.days,
      vitalsIntervalMin: options.vitalsIntervalMin,
      seed: options.seed,
      log,
      ...(options.now !== undefined && { now: options.now }),
      ...(options.status && { status: options.status }),
      ...(options.scenario && { scenario: options.scenario }),
      ...(options.mrnPrefix && { mrnPrefix: options.mrnPrefix }),
    });
  } finally {
    await opened.close();
  }
}

export async function runSyntheticCli(argv: string[]): Promise<number> {
  let options: SyntheticCliOptions | 'help';
  try {
    options = parseSyntheticArgs(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const log = (line: string) => console.log(`[seed:synthetic] ${line}`);
  log(
    `${options.patients} patients × ${options.days} days, vitals every ${options.vitalsIntervalMin} min, seed ${options.seed} → ${options.db}`,
  );
  const summary = await seedSyntheticCohort(options, log);
  const rows = Object.entries(summary.rows)
    .map(([table, n]) => `${table} ${n.toLocaleString('en')}`)
    .join(', ');
  log(`facts: ${rows} (${(summary.factsMs / 1000).toFixed(1)} s)`);
  log(
    `derived: ${summary.gradeChanges} grade steps, ${summary.alerts} alerts (${(summary.regradeMs / 1000).toFixed(1)} s)`,
  );
  return 0;
}
