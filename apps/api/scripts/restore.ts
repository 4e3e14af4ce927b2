// pnpm restore <backup-file> [<new-database-file>]: restore into a new database (default CELLWATCH_DB, which must not exist).
import { loadConfig } from '../src/config.ts';
import { auditKeySource } from '../src/db/store.ts';
import { restoreDatabase } from '../src/ops/backup.ts';

const backup = process.argv[2];
if (!backup) {
  console.error('usage: pnpm restore <backup-file> [<new-database-file>]');
  process.exit(2);
}
const config = loadConfig();
const target = process.argv[3] ?? config.CELLWATCH_DB;
try {
  const check = await restoreDatabase(backup, target, auditKeySource(config));
  console.log(`restored ${backup} into ${target}`);
  console.log(`integrity: ${check.integrity}; audit chain: ok (${check.auditChain.rows} rows)`);
  console.log(JSON.stringify(check.rowCounts));
} catch (err) {
  console.error(`restore failed: ${(err as Error).message}`);
  process.exit(1);
}
