// pnpm audit-checkpoint <file>: writes a signed checkpoint of the audit trail (its newest row and
// hash, HMAC under the audit key) into a new <file>, to be kept away from the database.
// pnpm audit-checkpoint --verify <file>: verifies the trail, and the facts it covers, against it.
import {
  describeVerification,
  verifyAgainstCheckpointFile,
  writeCheckpointFile,
} from '../src/audit/checkpoint-file.ts';
import { loadConfig } from '../src/config.ts';
import { openStore } from '../src/db/store.ts';

const args = process.argv.slice(2);
const verify = args[0] === '--verify';
const file = verify ? args[1] : args[0];
if (!file || args.length !== (verify ? 2 : 1)) {
  console.error('usage: pnpm audit-checkpoint <new-file> | pnpm audit-checkpoint --verify <file>');
  process.exit(2);
}
const store = await openStore(loadConfig());
let code = 0;
try {
  if (verify) {
    const result = await verifyAgainstCheckpointFile(store.db, file);
    for (const line of describeVerification(result)) console.log(line);
    code = result.ok ? 0 : 1;
  } else {
    const checkpoint = await writeCheckpointFile(store.db, file, new Date());
    console.log(
      `checkpoint of the audit trail at row ${checkpoint.seq} (key ${checkpoint.keyId}) written to ${file}`,
    );
  }
} catch (err) {
  console.error(`audit-checkpoint failed: ${(err as Error).message}`);
  code = 1;
} finally {
  await store.close();
}
process.exit(code);
