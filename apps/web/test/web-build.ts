/** Building the dashboard once for the browser tests, shared by test files running in parallel. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = join(here, '..');
export const REPO_ROOT = join(WEB_DIR, '..', '..');
export const WEB_DIST = join(WEB_DIR, 'dist');

/** Everything the bundle is built from: a newer file here than dist/index.html means rebuild. */
const BUILD_INPUTS = [
  join(WEB_DIR, 'src'),
  join(WEB_DIR, 'public'),
  join(WEB_DIR, 'index.html'),
  join(WEB_DIR, 'vite.config.ts'),
  join(WEB_DIR, 'package.json'),
  join(REPO_ROOT, 'packages', 'contracts', 'src'),
  join(REPO_ROOT, 'packages', 'clinical', 'src'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return BUILD_INPUTS.every((input) => newestMtime(input) <= built);
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${output}`));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Builds apps/web/dist when it is missing or older than its sources. Test files run in parallel
 * workers, so a lock directory (mkdir is atomic) lets one build while the others wait.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (buildIsCurrent()) return;
  const lock = join(
    tmpdir(),
    `cellwatch-web-build-${createHash('sha1').update(WEB_DIR).digest('hex').slice(0, 12)}.lock`,
  );
  const deadline = Date.now() + 110_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than two minutes belongs to a build that died.
      const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > 120_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another web build (lock ${lock})`);
      await sleep(250);
    }
  }
  try {
    if (buildIsCurrent()) return; // another worker built it while we waited
    await run(
      process.execPath,
      [join(WEB_DIR, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
      WEB_DIR,
      100_000,
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
