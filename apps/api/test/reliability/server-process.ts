import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  log: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real CellWatch server (the same entry point as `pnpm start`) and waits for health. */
export async function startServer(env: Record<string, string>, port?: number): Promise<RunningServer> {
  const p = port ?? (await freePort());
  const log: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(p),
      CELLWATCH_WEB_DIST: '/nonexistent',
      // The first admin signs in with the password alone (the second factor has its own tests).
      CELLWATCH_TOTP_FOR_ADMINS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log.join('')}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    log,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** A tiny cookie-keeping client for one user. */
export class Client {
  cookie = '';
  constructor(readonly url: string) {}

  async login(username: string, password: string): Promise<void> {
    const res = await this.send('POST', '/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  }

  async send(method: string, path: string, json?: unknown): Promise<Response> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.cookie && { cookie: this.cookie }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] as string;
    return res;
  }
}

/**
 * Creates a user as the admin, then signs in as them once to replace the admin-chosen one-time
 * password with `password`, which is then their own (as a new user does at first sign-in).
 */
export async function createUserWithOwnPassword(
  admin: Client,
  user: { username: string; displayName: string; role: string; password: string },
): Promise<Response> {
  const oneTime = `one-time-${user.password}`;
  const res = await admin.send('POST', '/api/users', { ...user, password: oneTime });
  if (res.status !== 201) return res;
  const first = new Client(admin.url);
  await first.login(user.username, oneTime);
  const changed = await first.send('POST', '/api/auth/password', {
    currentPassword: oneTime,
    newPassword: user.password,
  });
  if (changed.status !== 204) throw new Error(`password change for ${user.username}: ${changed.status}`);
  return res;
}
