import { dirname, join } from 'node:path';
import { AUDIT_KEY_FILE_NAME, type AuditKeySource } from '../audit/audit-key.ts';
import type { Config } from '../config.ts';
import { type OpenedPostgres, openPostgres } from './postgres.ts';
import { type OpenedDatabase, openSqlite } from './sqlite.ts';

/**
 * The store CellWatch keeps its facts in, chosen by configuration: the embedded SQLite file
 * (CELLWATCH_DB, the default, for one unit) or a PostgreSQL server (CELLWATCH_DATABASE_URL, for a
 * network of centres sharing one deployment). Both are the same Kysely `Database`, migrated to the
 * same schema; only the tools that work on the file itself (backup, the bulk loader) are SQLite's.
 */
export type OpenedStore = OpenedDatabase | OpenedPostgres;

export async function openStore(config: Config): Promise<OpenedStore> {
  const auditKeys = auditKeySource(config);
  if (config.CELLWATCH_DATABASE_URL) {
    return openPostgres(config.CELLWATCH_DATABASE_URL, config.CELLWATCH_DATABASE_POOL, auditKeys);
  }
  return openSqlite(config.CELLWATCH_DB, auditKeys);
}

/**
 * Where the audit keyring comes from: CELLWATCH_AUDIT_KEY, else CELLWATCH_AUDIT_KEY_FILE, else
 * `cellwatch-audit.key` in the directory of CELLWATCH_DB (created on a first start).
 */
export function auditKeySource(config: Config): AuditKeySource {
  const memory = config.CELLWATCH_DB === ':memory:' && !config.CELLWATCH_DATABASE_URL;
  return {
    env: {
      CELLWATCH_AUDIT_KEY: config.CELLWATCH_AUDIT_KEY,
      CELLWATCH_AUDIT_KEY_FILE: config.CELLWATCH_AUDIT_KEY_FILE,
    },
    defaultKeyFile: memory ? null : join(dirname(config.CELLWATCH_DB), AUDIT_KEY_FILE_NAME),
    ephemeral: memory,
  };
}

/** Where the data is, for the start-up line: never the password of a URL. */
export function describeStore(store: OpenedStore, config: Config): string {
  if (store.kind === 'sqlite') return `SQLite ${config.CELLWATCH_DB}`;
  const url = new URL(store.url);
  return `PostgreSQL ${url.hostname || 'socket'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
