// The WAL checkpointer's thread (db/checkpointer.ts): its own connection to the database file,
// copying committed WAL frames into the file with PASSIVE checkpoints (which never wait for, nor
// block, the writer) every `intervalMs`, so no request turn on the main thread ever pays for a
// checkpoint's writes and fsync. Plain JavaScript: it runs without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, intervalMs } = workerData;
const db = new BetterSqlite3(file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpoint', ...result });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) });
  }
};
const timer = setInterval(checkpoint, intervalMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') checkpoint();
  if (message === 'close') {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
