import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@cellwatch/api/testing';
import { STALL_LOG_MS } from './stalls.ts';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(BENCH_DIR, '..');
export const API_DIR = join(REPO_ROOT, 'apps', 'api');
export const WEB_DIST = join(REPO_ROOT, 'apps', 'web', 'dist');

export interface Proc {
  url: string;
  pid: number;
  child: ChildProcess;
  log: string[];
  stop(): Promise<void>;
}

/**
 * Starts a Node server the way `pnpm start` does (node --import tsx <entry>), on a free port,
 * and waits until `readyPath` answers. `nodeArgs` lets a run add e.g. --cpu-prof.
 */
async function startNode(
  cwd: string,
  entry: string,
  env: Record<string, string>,
  readyPath: string,
  nodeArgs: string[] = [],
): Promise<Proc> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited: ${log.join('')}`);
    try {
      const res = await fetch(`${url}${readyPath}`);
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not start: ${log.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid as number,
    child,
    log,
    // SIGTERM lets CellWatch close the database (and write a --cpu-prof profile).
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The real CellWatch server on a prepared store (CELLWATCH_DB or CELLWATCH_DATABASE_URL in `env`), serving the built dashboard. */
export function startCellwatch(env: Record<string, string>, nodeArgs: string[] = []) {
  return startNode(
    API_DIR,
    'src/main.ts',
    // The benchmark plays 100 ward screens with one hematologist account: above the per-user stream cap.
    // The server logs its pauses, which the ingest search reports per step (lib/stalls.ts).
    {
      CELLWATCH_DEMO: '1',
      CELLWATCH_WEB_DIST: WEB_DIST,
      CELLWATCH_MAX_STREAMS_PER_USER: '1000',
      CELLWATCH_STALL_LOG_MS: String(STALL_LOG_MS),
      ...env,
    },
    '/api/health',
    nodeArgs,
  );
}

/** The bare Hono reference server (bench/echo-server.ts). */
export function startEcho() {
  return startNode(BENCH_DIR, 'echo-server.ts', {}, '/rows?n=1');
}
