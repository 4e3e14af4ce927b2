// pnpm backup <file>: an online backup of CELLWATCH_DB (default ./data/cellwatch.db) into <file>.
import { loadConfig } from '../src/config.ts';
import { auditKeySource } from '../src/db/store.ts';
import { backupDatabase } from '../src/ops/backup.ts';

const target = process.argv[2];
if (!target) {
  console.error('usage: pnpm backup <file>');
  process.exit(2);
}
const config = loadConfig();
const { CELLWATCH_DB } = config;
try {
  const check = await backupDatabase(CELLWATCH_DB, target, auditKeySource(config));
  console.log(`backup of ${CELLWATCH_DB} written to ${target}`);
  console.log(
    `integrity: ${check.integrity}; audit chain: ${check.auditChain.ok ? 'ok' : 'BROKEN'} (${check.auditChain.rows} rows)`,
  );
  console.log(JSON.stringify(check.rowCounts));
} catch (err) {
  console.error(`backup failed: ${(err as Error).message}`);
  process.exit(1);
}
