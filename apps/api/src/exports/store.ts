/** `@cellwatch/api/store`: opening, and copying, the database outside the server (bench/). */
export { AUDIT_KEY_FILE_NAME } from '../audit/audit-key.ts';
export { type Config, loadConfig } from '../config.ts';
export { openPostgres } from '../db/postgres.ts';
export { openSqlite } from '../db/sqlite.ts';
export type { OpenedStore } from '../db/store.ts';
export { copySqliteToPostgres } from '../ops/copy-to-postgres.ts';
