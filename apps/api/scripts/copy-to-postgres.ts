// pnpm copy-to-postgres [<sqlite-file>] <postgres-url>: moves a unit's SQLite database (default
// CELLWATCH_DB) into an empty PostgreSQL database, which it migrates first.
import { isPostgresUrl, loadConfig } from '../src/config.ts';
import { copySqliteToPostgres } from '../src/ops/copy-to-postgres.ts';

const args = process.argv.slice(2);
const url = args.at(-1);
if (!isPostgresUrl(url) || args.length > 2) {
  console.error('usage: pnpm copy-to-postgres [<sqlite-file>] <postgres://user@host/database>');
  process.exit(2);
}
const file = args.length === 2 ? (args[0] as string) : loadConfig().CELLWATCH_DB;
try {
  const summary = await copySqliteToPostgres(file, url, (line) => console.log(line));
  console.log(
    `copied ${file} into PostgreSQL in ${(summary.ms / 1000).toFixed(1)} s; audit chain: ok (${summary.auditChain.rows} rows)`,
  );
} catch (err) {
  console.error(`copy failed: ${(err as Error).message}`);
  process.exit(1);
}
