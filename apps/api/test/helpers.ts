import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@cellwatch/contracts';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { createApp } from '../src/app.ts';
import { LoginThrottle } from '../src/auth/throttle.ts';
import { type Config, loadConfig, unitFollowUpOptions } from '../src/config.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { auditKeySource, type OpenedStore } from '../src/db/store.ts';
import { openEventBus } from '../src/events/open.ts';
import { CourseRegrader } from '../src/grading/regrader.ts';
import type { Services } from '../src/http/env.ts';
import { type DeclaredRoute, declaredRoutes } from '../src/http/routes.ts';
import { createFirstRunAccounts } from '../src/seed/demo-users.ts';
import { TEMPLATE_DATABASE } from './postgres-server.ts';

export const TEST_PASSWORD = 'test-password-123';
export const T0 = Date.parse('2026-03-02T08:00:00Z');

export interface TestApi {
  app: ReturnType<typeof createApp>;
  opened: OpenedStore;
  /** Which store this run tests: the `api` project runs on SQLite, `api-postgres` on PostgreSQL. */
  store: OpenedStore['kind'];
  /**
   * Plain SQL straight to the database, for tests that look behind the API (`?` placeholders,
   * written as SQL both stores understand).
   */
  query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /** Every table of the schema (not the store's own bookkeeping), to check that nothing was written. */
  tables(): Promise<string[]>;
  services: Services;
  config: Config;
  /** Moves the test clock forward. */
  advance(ms: number): void;
  now(): number;
  request(method: string, path: string, init?: RequestOptions): Promise<TestResponse>;
  /**
   * Another API instance on the same database, as behind a load balancer: its own in-memory
   * courses and throttle, the same store, clock and events. Returns its `request`.
   */
  secondInstance(): TestApi['request'];
  /** Signs in one of the four first-run users and returns its cookie header. */
  login(role: Role, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** Test responses are read loosely: each assertion states the shape it expects. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by assertions, not types
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface RequestOptions {
  cookie?: string;
  /** The client's address as the server sees it (in-process requests have no socket otherwise). */
  address?: string;
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
    // Admins' mandatory second factor is tested on its own (second-factor.test.ts); elsewhere
    // the demo admin signs in with the password alone.
    CELLWATCH_TOTP_FOR_ADMINS: '0',
    ...env,
  });
  let clock = T0;
  const now = () => clock;
  const postgres = await freshPostgresDatabase();
  // The audit key lives in the test's directory, as it would next to a real database.
  const auditKeys = { ...auditKeySource(config), log: () => undefined };
  const opened: OpenedStore = postgres
    ? await openPostgres(postgres.url, 4, auditKeys)
    : await openSqlite(config.CELLWATCH_DB, auditKeys);
  const events = await openEventBus(opened, now);
  const services: Services = {
    db: opened.db,
    config,
    now,
    events,
    regrader: CourseRegrader.forUnit(config),
    followUp: unitFollowUpOptions(config),
  };
  await createFirstRunAccounts(opened.db, config, new Date(clock));
  const app = createApp(services, { throttle: new LoginThrottle() });

  const requestTo =
    (target: ReturnType<typeof createApp>) =>
    (method: string, path: string, init: RequestOptions = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.cookie) headers.cookie = init.cookie;
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] ??= 'application/json';
      }
      // @hono/node-server's getConnInfo reads the socket from the bindings.
      const bindings = init.address ? { incoming: { socket: { remoteAddress: init.address } } } : undefined;
      return Promise.resolve(
        target.request(`http://localhost${path}`, { method, headers, body }, bindings),
      ) as Promise<TestResponse>;
    };
  const request = requestTo(app);

  return {
    app,
    opened,
    store: opened.kind,
    async query<T>(text: string, ...params: unknown[]) {
      let n = 0;
      const native = opened.kind === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
      const result = await opened.db.executeQuery(CompiledQuery.raw(native, params));
      return result.rows as T[];
    },
    async tables() {
      const sql =
        opened.kind === 'postgres'
          ? "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name != 'cellwatch_schema'"
          : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'";
      const result = await opened.db.executeQuery(CompiledQuery.raw(sql));
      return (result.rows as { name: string }[]).map((r) => r.name).sort();
    },
    services,
    config,
    advance: (ms) => {
      clock += ms;
    },
    now: () => clock,
    request,
    secondInstance: () =>
      requestTo(
        createApp(
          { ...services, regrader: CourseRegrader.forUnit(config) },
          { throttle: new LoginThrottle() },
        ),
      ),
    async login(role, password = TEST_PASSWORD) {
      const res = await request('POST', '/api/auth/login', { json: { username: role, password } });
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${await res.text()}`);
      return cookieFrom(res);
    },
    async close() {
      await events.close();
      await opened.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The throwaway server's URL on the `api-postgres` project; undefined elsewhere, or outside Vitest (the reliability scripts). */
function providedPostgresUrl(): string | undefined {
  try {
    return inject('postgresUrl');
  } catch {
    return undefined;
  }
}

let admin: pg.Pool | null = null;
let databases = 0;

/**
 * On the PostgreSQL test project: a new database copied from the migrated template (see
 * postgres-setup.ts), or an empty one, dropped again by `drop`. Null on the SQLite project.
 */
export async function freshPostgresDatabase({
  migrated = true,
} = {}): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = providedPostgresUrl();
  if (!serverUrl) return null;
  if (!admin) {
    admin = new pg.Pool({ connectionString: serverUrl, max: 2, allowExitOnIdle: true });
    // An idle admin connection ended by the server (a test stopping it) is not a test failure.
    admin.on('error', (err) => console.error('[test] postgres admin connection error:', err.message));
  }
  const pool = admin;
  const name = `test_${process.pid}_${++databases}`;
  await pool.query(`create database ${name}${migrated ? ` template ${TEMPLATE_DATABASE}` : ''}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await pool.query(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs `use` on a connection of its own to the database at `url`, closed afterwards. */
export async function withPostgresClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A query in `use` fails on its own; an error between queries is only logged.
  client.on('error', (err) => console.error('[test] postgres client error:', err.message));
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
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

/**
 * The routes the API declares, known before any test API starts (for tables of test cases):
 * read from an app that is never called, so it needs no database.
 */
export function declaredApiRoutes(): DeclaredRoute[] {
  return declaredRoutes(createApp({ config: loadConfig({}) } as Services));
}

/**
 * Enrols a patient in long-term follow-up (SLE, CD19 CAR-T unless `patient` says otherwise) as
 * `cookie`'s user, expecting 201; returns the patient's id.
 */
export async function enrolFollowUpPatient(
  api: TestApi,
  cookie: string,
  patient: Record<string, unknown>,
): Promise<number> {
  const res = await api.request('POST', '/api/patients', {
    cookie,
    json: { diagnosis: 'sle', product: 'cd19_car_t', status: 'long_term_follow_up', ...patient },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).patient.id;
}

/**
 * The demo seeds' `call` over the test API: every write as the role the seed names (signed in
 * once each; the coordinator's session is given), throwing on any status from 300.
 */
export function demoSeedCall(api: TestApi, coordinatorCookie: string) {
  const cookies: Record<string, string> = { coordinator: coordinatorCookie };
  return async (role: string, path: string, json: unknown) => {
    cookies[role] ??= await api.login(role as Role);
    const res = await api.request('POST', path, { cookie: cookies[role], json });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
}
