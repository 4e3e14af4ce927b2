import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@cellwatch/contracts';
import { createApp } from '../src/app.ts';
import { LoginThrottle } from '../src/auth/throttle.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type OpenedDatabase, openSqlite } from '../src/db/sqlite.ts';
import { EventBus } from '../src/events/bus.ts';
import { CourseRegrader } from '../src/grading/regrader.ts';
import type { Services } from '../src/http/env.ts';
import { createFirstRunAccounts } from '../src/seed/demo-users.ts';

export const TEST_PASSWORD = 'test-password-123';
export const T0 = Date.parse('2026-03-02T08:00:00Z');

export interface TestApi {
  app: ReturnType<typeof createApp>;
  opened: OpenedDatabase;
  services: Services;
  config: Config;
  /** Moves the test clock forward. */
  advance(ms: number): void;
  now(): number;
  request(method: string, path: string, init?: RequestOptions): Promise<TestResponse>;
  /** Signs in one of the four first-run users and returns its cookie header. */
  login(role: Role, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** Test responses are read loosely: each assertion states the shape it expects. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by assertions, not types
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface RequestOptions {
  cookie?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * A real app over a fresh temporary database, with the four first-run users, a movable clock
 * and a cheaper scrypt (2^10) so that sign-ins take milliseconds. Nothing is mocked.
 */
export async function createTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'cellwatch-test-'));
  const config = loadConfig({
    CELLWATCH_DB: join(dir, 'test.db'),
    CELLWATCH_SCRYPT_LOG_N: '10',
    CELLWATCH_DEMO_PASSWORD: TEST_PASSWORD,
    ...env,
  });
  let clock = T0;
  const opened = openSqlite(config.CELLWATCH_DB);
  const now = () => clock;
  const services: Services = {
    db: opened.db,
    config,
    now,
    events: new EventBus(now),
    regrader: new CourseRegrader(),
  };
  await createFirstRunAccounts(opened.db, config, new Date(clock));
  const app = createApp(services, { throttle: new LoginThrottle() });

  const request = (method: string, path: string, init: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers.cookie = init.cookie;
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(
      app.request(`http://localhost${path}`, { method, headers, body }),
    ) as Promise<TestResponse>;
  };

  return {
    app,
    opened,
    services,
    config,
    advance: (ms) => {
      clock += ms;
    },
    now: () => clock,
    request,
    async login(role, password = TEST_PASSWORD) {
      const res = await request('POST', '/api/auth/login', { json: { username: role, password } });
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${await res.text()}`);
      return cookieFrom(res);
    },
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `name=value` part of the session cookie a response set. */
export function cookieFrom(res: TestResponse | Response): string {
  const set = res.headers.get('set-cookie');
  if (!set) throw new Error('no cookie set');
  return set.split(';')[0] as string;
}

export async function expectErrorShape(
  res: Response,
): Promise<{ code: string; message: string; fields?: unknown }> {
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  return body.error as { code: string; message: string; fields?: unknown };
}
