import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../helpers.ts';
import {
  Client,
  createUserWithOwnPassword,
  freePort,
  type RunningServer,
  startServer,
} from './server-process.ts';
import { loopbackAddresses, openSlowBody, type SlowBody } from './slow-body.ts';

/** Slow anonymous sign-in bodies held open at once (the attack: ~520 filled every place). */
const BODIES = Number(process.env.CELLWATCH_RELIABILITY_SLOW_BODIES ?? 600);
/** How many times the attack is repeated against the same server. */
const ROUNDS = Number(process.env.CELLWATCH_RELIABILITY_SLOW_ROUNDS ?? 1);
const PER_ADDRESS = 25;
/** Long enough for the ward's requests to be answered while every slow body is still open (a busy machine opens 1,000 sockets slowly). */
const BODY_DEADLINE_MS = Math.max(8_000, BODIES * 20);
const PASSWORD = 'reliability-pass-1';

let server: RunningServer;
let dir: string;
let dropDatabase: (() => Promise<void>) | undefined;
let patientId: number;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cellwatch-slow-body-'));
  // On the api-postgres project the server runs on a fresh PostgreSQL database.
  const postgres = await freshPostgresDatabase();
  dropDatabase = postgres?.drop;
  port = await freePort();
  server = await startServer(
    {
      CELLWATCH_DEMO: '0',
      CELLWATCH_DEMO_PASSWORD: PASSWORD,
      CELLWATCH_SCRYPT_LOG_N: '10',
      CELLWATCH_DB: join(dir, 'slow.db'),
      ...(postgres && { CELLWATCH_DATABASE_URL: postgres.url }),
      CELLWATCH_BODY_TIMEOUT_MS: String(BODY_DEADLINE_MS),
      CELLWATCH_MAX_ANON_PER_ADDRESS: String(PER_ADDRESS),
    },
    port,
  );
  const admin = new Client(server.url);
  await admin.login('admin', PASSWORD);
  for (const [username, role] of [
    ['nurse1', 'nurse'],
    ['coord1', 'coordinator'],
    ['hema1', 'hematologist'],
  ] as const) {
    // An account an admin creates starts with a one-time password its owner replaces.
    const res = await createUserWithOwnPassword(admin, {
      username,
      displayName: username,
      role,
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
  }
  const coord = new Client(server.url);
  await coord.login('coord1', PASSWORD);
  const enrol = await coord.send('POST', '/api/patients', {
    mrn: 'SLOW-1',
    givenName: 'Slow',
    familyName: 'Body',
    birthDate: '1970-01-01',
    sex: 'female',
    weightKg: 60,
    diagnosis: 'sle',
    product: 'cd19_car_t',
    infusionAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    status: 'inpatient_monitoring',
  });
  expect(enrol.status).toBe(201);
  patientId = ((await enrol.json()) as { patient: { id: number } }).patient.id;
}, 60_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('slow anonymous bodies (availability)', () => {
  it(
    `keeps signed-in writes and sign-ins working while ${BODIES} slow sign-in bodies are open (${ROUNDS} round(s))`,
    async () => {
      const nurse = new Client(server.url);
      await nurse.login('nurse1', PASSWORD);
      const figures = { rounds: 0, slowBodies: 0, refused429: 0, timedOut408: 0, writes: 0, acknowledged: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        // BODIES spread over addresses at the per-address cap, and one address that tries for more.
        const spread = loopbackAddresses(Math.ceil(BODIES / PER_ADDRESS), 1);
        const greedy = loopbackAddresses(1, 200)[0] as string;
        const bodies: SlowBody[] = [];
        const greedyBodies: SlowBody[] = [];
        try {
          // In batches, so that the listen backlog never overflows (the kernel would retry the
          // connections seconds later, after the first bodies' deadline).
          for (let i = 0; i < BODIES; i += 100) {
            const batch = [];
            for (let j = i; j < Math.min(BODIES, i + 100); j++)
              batch.push(openSlowBody(port, spread[Math.floor(j / PER_ADDRESS)] as string));
            await Promise.all(batch.map((b) => b.sent));
            bodies.push(...batch);
          }
          // Give the (busy) server time to have read every request's headers.
          await new Promise((r) => setTimeout(r, 2_000));
          for (let i = 0; i < PER_ADDRESS + 5; i++) greedyBodies.push(openSlowBody(port, greedy));
          await Promise.all(greedyBodies.map((b) => b.sent));

          // During the attack: a nurse's vital set, a ward read (it writes an audit row), a sign-in.
          const write = await nurse.send('POST', `/api/patients/${patientId}/vitals`, {
            takenAt: new Date(Date.now() - 60_000).toISOString(),
            temperatureC: 37.2,
          });
          const ward = await nurse.send('GET', '/api/ward');
          const hema = new Client(server.url);
          const signIn = await hema.send('POST', '/api/auth/login', {
            username: 'hema1',
            password: PASSWORD,
          });
          const settledEarly = await Promise.all(bodies.filter((b) => b.settled).map((b) => b.status));
          const stillOpen = bodies.length - settledEarly.length;
          if (settledEarly.length)
            console.log(`[reliability] answered early: ${JSON.stringify(settledEarly)}`);
          expect(write.status).toBe(201);
          expect(ward.status).toBe(200);
          expect(signIn.status).toBe(200);
          // ...answered while every slow body was still being held open.
          expect(stillOpen).toBe(BODIES);
          figures.writes += 1;
          figures.acknowledged += 1;

          // The ward keeps writing until every slow body has been answered.
          const writing = (async () => {
            while (bodies.some((b) => !b.settled)) {
              const res = await nurse.send('POST', `/api/patients/${patientId}/vitals`, {
                takenAt: new Date(Date.now() - 60_000).toISOString(),
                temperatureC: 37,
              });
              figures.writes += 1;
              if (res.status === 201) figures.acknowledged += 1;
              await new Promise((r) => setTimeout(r, 200));
            }
          })();

          // One address gets no more than its cap: the rest are refused at once with 429.
          const greedyStatuses = await Promise.all(greedyBodies.map((b) => b.status));
          expect(greedyStatuses.filter((s) => s === 429)).toHaveLength(5);
          expect(greedyStatuses.filter((s) => s === 408)).toHaveLength(PER_ADDRESS);

          // Every slow body gets 408 at the deadline, and its connection is closed.
          const statuses = await Promise.all(bodies.map((b) => b.status));
          await writing;
          expect(statuses.filter((s) => s !== 408)).toEqual([]);
          figures.rounds += 1;
          figures.slowBodies += BODIES + greedyBodies.length;
          figures.refused429 += greedyStatuses.filter((s) => s === 429).length;
          figures.timedOut408 += statuses.length + PER_ADDRESS;
        } finally {
          for (const b of [...bodies, ...greedyBodies]) b.close();
        }
      }
      console.log(`[reliability] slow bodies: ${JSON.stringify(figures)}`);
      expect(figures.acknowledged).toBe(figures.writes);
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
    },
    60_000 + ROUNDS * 4 * BODY_DEADLINE_MS,
  );

  it('cuts headers that never end at the same deadline (Node answers 408 and closes)', async () => {
    const slow = loopbackAddresses(5, 210).map((address) =>
      openSlowBody(port, address, { slowHeaders: true }),
    );
    try {
      await Promise.all(slow.map((s) => s.sent));
      expect(await Promise.all(slow.map((s) => s.status))).toEqual([408, 408, 408, 408, 408]);
    } finally {
      for (const s of slow) s.close();
    }
  }, 60_000);
});
