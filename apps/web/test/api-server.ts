/** The real API for the browser tests: a child process on a free port with its own database. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, sleep, WEB_DIST } from './web-build.ts';

/** The password of the demo users the API creates on its first start. */
export const DEMO_PASSWORD = 'demo-password-for-browser-tests';
/**
 * The API to start. CELLWATCH_TEST_API_DIR points at another checkout's apps/api (say, a
 * `git archive` of the last commit while apps/api is mid-edit); by default, this repository's.
 */
const API_DIR = process.env.CELLWATCH_TEST_API_DIR ?? join(REPO_ROOT, 'apps', 'api');

export interface RunningApi {
  baseUrl: string;
  /** Server-side failures (unhandled errors) seen since the last `takeServerErrors`. */
  takeServerErrors(): string[];
  stop(): Promise<void>;
}

export async function startApi(dbDir: string, extraEnv: Record<string, string> = {}): Promise<RunningApi> {
  const env: NodeJS.ProcessEnv = {};
  // The test decides every CellWatch setting; nothing leaks in from the developer's shell.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CELLWATCH_')) env[k] = v;
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    CELLWATCH_DB: join(dbDir, 'cellwatch.db'),
    CELLWATCH_DEMO: 'true',
    CELLWATCH_DEMO_PASSWORD: DEMO_PASSWORD,
    // Fast sign-in for tests only; production keeps N = 2^17.
    CELLWATCH_SCRYPT_LOG_N: '12',
    CELLWATCH_WEB_DIST: WEB_DIST,
    // The demo admin signs in with the password alone, unless a test asks for the second factor.
    CELLWATCH_TOTP_FOR_ADMINS: '0',
    ...extraEnv,
  });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let log = '';
  const serverErrors: string[] = [];
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    log += text;
    for (const line of text.split('\n')) {
      if (/unhandled error|Error:/.test(line)) serverErrors.push(line.trim());
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The API did not start within 30 s:\n${log}`)), 30_000);
    const check = () => {
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The API exited (${code}) before listening:\n${log}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`The API never answered /api/health:\n${log}`);
    await sleep(100);
  }

  return {
    baseUrl,
    takeServerErrors: () => serverErrors.splice(0),
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
