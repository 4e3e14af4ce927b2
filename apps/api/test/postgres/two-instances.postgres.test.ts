import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAuditKeyLine } from '../../src/audit/audit-key.ts';
import { freshPostgresDatabase } from '../helpers.ts';
import {
  Client,
  createUserWithOwnPassword,
  type RunningServer,
  startServer,
} from '../reliability/server-process.ts';

/**
 * Two CellWatch processes on one PostgreSQL database, as behind a load balancer: each screen is
 * connected to one of them, and a write can land on either. Every alert must reach every screen,
 * and the writes of both must make one gapless audit chain.
 */
const PASSWORD = 'two-instances-1';
const H = 3_600_000;

interface Received {
  event: string;
  data: { type: string; patientId: number | null; data: Record<string, unknown> };
}

/** An open SSE stream that collects what it hears. */
async function listen(client: Client) {
  const res = await fetch(`${client.url}/api/events`, { headers: { cookie: client.cookie } });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const heard: Received[] = [];
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let split = buffer.indexOf('\n\n'); split >= 0; split = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data && event !== 'ready') heard.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  return {
    heard,
    /** Waits (up to 10 s) until `predicate` holds for what was heard. */
    async until(predicate: (heard: Received[]) => boolean): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!predicate(heard)) {
        if (Date.now() > deadline) throw new Error(`not heard in time; heard: ${heard.map((h) => h.event)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

let a: RunningServer;
let b: RunningServer;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await freshPostgresDatabase();
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drop = database.drop;
  const env = {
    CELLWATCH_DATABASE_URL: database.url,
    CELLWATCH_DEMO: '0',
    CELLWATCH_DEMO_PASSWORD: PASSWORD,
    CELLWATCH_SCRYPT_LOG_N: '10',
    // Every instance on one database signs the audit trail with the same keyring.
    CELLWATCH_AUDIT_KEY: newAuditKeyLine(),
  };
  // Started together, as after a deployment: one of them migrates and creates the first admin.
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
});

afterAll(async () => {
  await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
  await drop?.();
});

describe('two API instances sharing one PostgreSQL', () => {
  it('deliver every alert to screens on both, whichever instance took the write, with one audit chain', async () => {
    const admin = new Client(a.url);
    await admin.login('admin', PASSWORD);
    for (const [username, role] of [
      ['nurse1', 'nurse'],
      ['hema1', 'hematologist'],
      ['coord1', 'coordinator'],
    ] as const) {
      const res = await createUserWithOwnPassword(admin, {
        username,
        displayName: username,
        role,
        password: PASSWORD,
      });
      expect(res.status).toBe(201);
    }
    // Sessions live in the database: a session opened on A is valid on B.
    const [nurseA, coordB, hemaA, hemaB] = [
      new Client(a.url),
      new Client(b.url),
      new Client(a.url),
      new Client(b.url),
    ];
    await nurseA.login('nurse1', PASSWORD);
    await coordB.login('coord1', PASSWORD);
    await hemaA.login('hema1', PASSWORD);
    await hemaB.login('hema1', PASSWORD);
    const nurseB = new Client(b.url);
    nurseB.cookie = nurseA.cookie;

    const enrol = await coordB.send('POST', '/api/patients', {
      mrn: 'LB-1',
      givenName: 'Lena',
      familyName: 'Balancer',
      birthDate: '1979-04-04',
      sex: 'female',
      weightKg: 66,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(Date.now() - 2 * 24 * H).toISOString(),
      status: 'inpatient_monitoring',
    });
    expect(enrol.status).toBe(201);
    const patientId = ((await enrol.json()) as { patient: { id: number } }).patient.id;

    const [onA, onB] = [await listen(hemaA), await listen(hemaB)];
    const alertRules = (heard: Received[]) =>
      heard
        .filter((h) => h.event === 'alert_raised')
        .map((h) => (h.data.data.alert as { rule: string }).rule);

    // A fever charted through A raises alerts that the screen on B hears, and the one on A.
    const fever = await nurseA.send('POST', `/api/patients/${patientId}/vitals`, {
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      temperatureC: 39.2,
    });
    expect(fever.status).toBe(201);
    for (const screen of [onA, onB]) {
      await screen.until((heard) => alertRules(heard).includes('crs_grade_up'));
      expect(alertRules(screen.heard)).toEqual(['possible_crs_onset', 'crs_grade_up']);
    }

    // Writes through both at once: every one acknowledged, every one heard on both screens.
    const writes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? nurseA : nurseB).send('POST', `/api/patients/${patientId}/vitals`, {
          takenAt: new Date(Date.now() - 50_000 + i * 1000).toISOString(),
          temperatureC: 38.5,
          heartRate: 90 + i,
        }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual(Array(30).fill(201));
    const charted = (heard: Received[]) => heard.filter((h) => h.event === 'fact_charted').length;
    for (const screen of [onA, onB]) {
      await screen.until((heard) => charted(heard) === 31);
      // Both screens heard the same events in the same order.
      expect(screen.heard.map((h) => `${h.event}:${JSON.stringify(h.data.data)}`)).toEqual(
        onA.heard.map((h) => `${h.event}:${JSON.stringify(h.data.data)}`),
      );
    }

    // One chain: each instance's audit rows follow the other's without a gap or a fork.
    for (const instance of [admin, new Client(b.url)]) {
      instance.cookie = admin.cookie;
      const verify = await instance.send('GET', '/api/audit/verify');
      const chain = (await verify.json()) as { ok: boolean; rows: number };
      expect(chain.ok).toBe(true);
      expect(chain.rows).toBeGreaterThan(31);
    }
    await Promise.all([onA.close(), onB.close()]);
  });
});
