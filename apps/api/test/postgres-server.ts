import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './reliability/server-process.ts';

/** The database every test's own database is copied from: migrated once per run. */
export const TEMPLATE_DATABASE = 'cellwatch_template';

/**
 * A throwaway PostgreSQL server for the tests: a new cluster in a temporary directory (initdb),
 * started with pg_ctl on a free loopback port, stopped and removed at the end. Nothing on the
 * machine is touched. Durability settings are off: these databases live for one test run.
 */
export interface TestPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  /** The server's version, e.g. `15.18`. */
  version: string;
  /** The temporary directory holding the cluster, removed by `stop`. */
  dir: string;
  urlFor(database: string): string;
  stop(): void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** initdb and pg_ctl: on PATH, or in Debian's versioned directory. */
export function findPostgresBin(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath && existsSync(join(onPath, '..', 'initdb'))) return join(onPath, '..');
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => existsSync(join(debian, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(debian, versions[0], 'bin') : null;
}

/** initdb refuses to run as root: as root, the server runs as the `postgres` user (or nobody). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { uid: Number(id.stdout), gid: Number(gid.stdout) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL');
}

/**
 * `durable` keeps PostgreSQL's production settings (fsync, synchronous_commit, full-page writes),
 * for the benchmark; tests turn them off, their databases living for one run.
 */
export async function startTestPostgres({ durable = false } = {}): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found');
  const dir = mkdtempSync(join(tmpdir(), 'cellwatch-pg-'));
  const data = join(dir, 'data');
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) =>
    execFileSync(join(bin, cmd), args, { stdio: 'pipe', ...(user ?? {}), cwd: dir });

  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
  const version = /\(PostgreSQL\) (\S+)/.exec(String(run('postgres', ['--version'])))?.[1] ?? 'unknown';
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c max_connections=300',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // pg_ctl starts the server as a daemon of its own: an interrupted test run (Ctrl-C) would leave
  // it running with its directory. Stop it on the way out, whatever the way.
  function onSignal(signal: NodeJS.Signals) {
    stop();
    // Alone on this signal, we stand in for Node's default (exit); otherwise the runner's own
    // handler decides how to end.
    if (process.listenerCount(signal) === 0)
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  }
  process.on('exit', stop);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return { url: urlFor('postgres'), port, version, dir, urlFor, stop };
}
