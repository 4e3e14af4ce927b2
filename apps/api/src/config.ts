import { resolve } from 'node:path';
import {
  calendarDayNumbering,
  type DayNumbering,
  type DiseaseRemissionSettings,
  isKnownTimeZone,
  type ProphylaxisProtocol,
  type RevaccinationProtocol,
} from '@cellwatch/clinical';
import { z } from 'zod';

/** The server's own IANA time zone (from TZ or the system), the default unit time zone. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `postgres://` or `postgresql://`: the URL schemes that select the PostgreSQL store. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** Every setting CellWatch reads from the environment; the README's configuration table lists them. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  CELLWATCH_DB: z.string().default('./data/cellwatch.db'),
  /** A `postgres://` URL selects the PostgreSQL store; unset, the embedded SQLite file CELLWATCH_DB is used. */
  CELLWATCH_DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Connections each instance keeps to PostgreSQL (not used with SQLite). */
  CELLWATCH_DATABASE_POOL: z.coerce.number().int().min(2).max(100).default(10),
  CELLWATCH_DEMO: flag.default(true),
  CELLWATCH_DEMO_PASSWORD: z.string().min(8).optional(),
  CELLWATCH_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CELLWATCH_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Behind a TLS-terminating proxy the app sees http; set this so cookies get `Secure`. */
  CELLWATCH_SECURE_COOKIES: flag.default(false),
  CELLWATCH_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** Writes in flight beyond this are refused with 503 + Retry-After (graceful overload). */
  CELLWATCH_MAX_PENDING_WRITES: z.coerce.number().int().min(1).default(512),
  /** A request body must have arrived within this many milliseconds, else 408 (slow-body attacks). */
  CELLWATCH_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Requests without a session in flight at once from one address; beyond, 429. */
  CELLWATCH_MAX_ANON_PER_ADDRESS: z.coerce.number().int().min(1).default(32),
  /** Live-event streams open at once per user; opening one more closes that user's oldest. */
  CELLWATCH_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).default(8),
  /** Live sessions per user; a sign-in beyond this ends that user's oldest session. */
  CELLWATCH_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).default(10),
  /** log2 of scrypt's N; OWASP's recommendation (N = 2^17) unless a test lowers it. */
  CELLWATCH_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),
  CELLWATCH_WEB_DIST: z.string().optional(),
  /**
   * The unit's IANA time zone: Day 0 is the calendar day of the infusion there, and Day +1 starts
   * at its next midnight (packages/clinical time.ts). Default: the server's time zone.
   */
  CELLWATCH_UNIT_TIME_ZONE: z
    .string()
    .refine(isKnownTimeZone, 'must be an IANA time zone name such as Europe/Berlin')
    .default(serverTimeZone),
  /** Admins must enrol a time-based one-time password (RFC 6238) and give a code at every sign-in. */
  CELLWATCH_TOTP_FOR_ADMINS: flag.default(true),
  /** Signing a grade needs a one-time password code as well as the password (enrolment first). */
  CELLWATCH_TOTP_FOR_SIGNING: flag.default(false),
  /** The audit keyring itself (`<key id>:<secret>` entries, the last signs); see README, Integrity. */
  CELLWATCH_AUDIT_KEY: z.string().optional(),
  /** A file holding the audit keyring; default `cellwatch-audit.key` next to CELLWATCH_DB. */
  CELLWATCH_AUDIT_KEY_FILE: z.string().optional(),
  /** Log each pause of the server's thread (GC, a sweep) at least this long; unset, none (ops/stalls.ts). */
  CELLWATCH_STALL_LOG_MS: z.coerce.number().min(0).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

/** What the follow-up rules (follow-up/picture.ts) need to know of the unit. */
export interface FollowUpOptions {
  /** IVIG vial sizes the site stocks, in grams. */
  vialSizesG?: number[];
  /** The unit's Day numbering (CourseRegrader.dayNumbering); default elapsed 24-h periods. */
  dayNumbering?: DayNumbering;
  /** Protocol overrides of the prophylaxis stop rules (defaults: DEFAULT_PROPHYLAXIS_PROTOCOL, cited). */
  prophylaxis?: Partial<ProphylaxisProtocol>;
  /** Protocol overrides of the revaccination rules (defaults: DEFAULT_REVACCINATION_PROTOCOL, cited). */
  revaccination?: Partial<RevaccinationProtocol>;
  /** Protocol settings of the remission definitions (defaults: DEFAULT_DISEASE_REMISSION_SETTINGS, cited). */
  diseaseRemission?: Partial<DiseaseRemissionSettings>;
  /** The site's assay cut-offs per autoantibody name (defaults: DEFAULT_AUTOANTIBODY_CUTOFFS, cited). */
  autoantibodyCutoffs?: Record<string, number>;
}

/** The unit's follow-up settings: its Days are its calendar days in CELLWATCH_UNIT_TIME_ZONE. */
export function unitFollowUpOptions(config: Pick<Config, 'CELLWATCH_UNIT_TIME_ZONE'>): FollowUpOptions {
  return { dayNumbering: calendarDayNumbering(config.CELLWATCH_UNIT_TIME_ZONE) };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (e.g. from a compose file's `${X:-}`) means "not set".
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`CellWatch configuration is not valid:\n${lines.join('\n')}`);
  }
  // A relative database path means relative to where the command was typed (`pnpm start` runs
  // the server inside apps/api; pnpm passes the original directory as INIT_CWD).
  const base = env.INIT_CWD || process.cwd();
  return {
    ...result.data,
    CELLWATCH_DB:
      result.data.CELLWATCH_DB === ':memory:' ? ':memory:' : resolve(base, result.data.CELLWATCH_DB),
    CELLWATCH_AUDIT_KEY_FILE:
      result.data.CELLWATCH_AUDIT_KEY_FILE === undefined
        ? undefined
        : resolve(base, result.data.CELLWATCH_AUDIT_KEY_FILE),
  };
}
