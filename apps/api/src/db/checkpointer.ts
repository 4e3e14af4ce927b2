import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside the COMMIT that
 * takes the WAL past 1,000 pages: that commit, and every request waiting on the one thread
 * behind it, pays for writing the pages back and an fsync of the database file (the stalls the
 * ingest benchmark saw as a p99 of 50 ms at 100 writes/s). Here the writer's automatic
 * checkpoints are off (`wal_autocheckpoint = 0`) and a worker thread with its own connection
 * runs PASSIVE checkpoints every `intervalMs` (sqlite.org/wal.html#ckpt: a passive checkpoint
 * never blocks the writer). The WAL stays bounded: each checkpoint lets the writer start the
 * WAL again from its beginning, and `journal_size_limit` trims the file when it does.
 */
export interface Checkpointer {
  /** The latest checkpoint's result: WAL frames in the log and frames copied into the file. */
  readonly last: { log: number; checkpointed: number } | null;
  /** Asks for a checkpoint now (tests, the backup tool); resolves with its result. */
  checkpointNow(): Promise<{ log: number; checkpointed: number }>;
  /** A final checkpoint, then the worker's connection closes. */
  close(): Promise<void>;
}

export const CHECKPOINT_INTERVAL_MS = 1000;
/** The WAL file is trimmed back to this size when the writer restarts it (64 MiB). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

interface CheckpointMessage {
  type: 'checkpoint' | 'error';
  busy?: number;
  log?: number;
  checkpointed?: number;
  message?: string;
}

export function startCheckpointer(file: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const worker = new Worker(new URL('./checkpointer.worker.mjs', import.meta.url), {
    workerData: { file, intervalMs },
    // Its own module needs no TypeScript loader nor the parent's profiling flags.
    execArgv: [],
  });
  worker.unref();
  let last: Checkpointer['last'] = null;
  let waiting: ((r: { log: number; checkpointed: number }) => void)[] = [];
  worker.on('message', (m: CheckpointMessage) => {
    if (m.type === 'error') {
      console.error(`[cellwatch] WAL checkpoint failed: ${m.message}`);
      return;
    }
    last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 };
    const resolved = last;
    for (const w of waiting) w(resolved);
    waiting = [];
  });
  worker.on('error', (err) => console.error('[cellwatch] WAL checkpointer stopped:', err));
  return {
    get last() {
      return last;
    },
    checkpointNow() {
      return new Promise((resolve) => {
        worker.ref();
        waiting.push((r) => {
          worker.unref();
          resolve(r);
        });
        worker.postMessage('checkpoint');
      });
    },
    close() {
      return new Promise((resolve) => {
        worker.once('exit', () => resolve());
        // Held until its final checkpoint is done (it is unreferenced otherwise).
        worker.ref();
        worker.postMessage('close');
      });
    },
  };
}
