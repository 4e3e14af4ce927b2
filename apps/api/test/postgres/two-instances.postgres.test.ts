import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAuditKeyLine } from '../../src/audit/audit-key.ts';
import { appendAudit } from '../../src/audit/audit-log.ts';
import { type OpenedPostgres, openPostgres } from '../../src/db/postgres.ts';
import { lockPatients } from '../../src/db/write-locks.ts';
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
let url: string;
let auditKey: string;

beforeAll(async () => {
  const database = await freshPostgresDatabase();
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drop = database.drop;
  url = database.url;
  auditKey = newAuditKeyLine();
  const env = {
    CELLWATCH_DATABASE_URL: database.url,
    CELLWATCH_DEMO: '0',
    CELLWATCH_DEMO_PASSWORD: PASSWORD,
    CELLWATCH_SCRYPT_LOG_N: '10',
    // Every instance on one database signs the audit trail with the same keyring.
    CELLWATCH_AUDIT_KEY: auditKey,
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

describe('two API instances writing for different patients', () => {
  let nurseA: Client;
  let nurseB: Client;
  let coordB: Client;
  let adminA: Client;
  let store: OpenedPostgres;

  beforeAll(async () => {
    adminA = new Client(a.url);
    await adminA.login('admin', PASSWORD);
    for (const [username, role] of [
      ['nurse2', 'nurse'],
      ['coord2', 'coordinator'],
    ] as const) {
      const res = await createUserWithOwnPassword(adminA, {
        username,
        displayName: username,
        role,
        password: PASSWORD,
      });
      expect(res.status).toBe(201);
    }
    [nurseA, nurseB, coordB] = [new Client(a.url), new Client(b.url), new Client(b.url)];
    await nurseA.login('nurse2', PASSWORD);
    await coordB.login('coord2', PASSWORD);
    nurseB.cookie = nurseA.cookie;
    // A third process on the same database, as a third instance would be, to hold a write open.
    store = await openPostgres(url, 2, { env: { CELLWATCH_AUDIT_KEY: auditKey } });
  });

  afterAll(async () => {
    await store?.close();
  });

  async function enrol(mrn: string): Promise<number> {
    const res = await coordB.send('POST', '/api/patients', {
      mrn,
      givenName: 'Para',
      familyName: `Llel ${mrn}`,
      birthDate: '1981-06-06',
      sex: 'male',
      weightKg: 74,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(Date.now() - 2 * 24 * H).toISOString(),
      status: 'inpatient_monitoring',
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { patient: { id: number } }).patient.id;
  }

  const chart = (client: Client, patientId: number, i: number) =>
    client.send('POST', `/api/patients/${patientId}/vitals`, {
      takenAt: new Date(Date.now() - 3_600_000 + i * 1000).toISOString(),
      temperatureC: 38.6,
      heartRate: 95 + (i % 20),
    });

  async function verifyOn(instance: RunningServer) {
    const check = new Client(instance.url);
    check.cookie = adminA.cookie;
    return (await (await check.send('GET', '/api/audit/verify')).json()) as {
      ok: boolean;
      rows: number;
      problems: unknown[];
    };
  }

  it('commits a write for one patient while another patient’s write holds its lock, and waits for that patient’s', async () => {
    const [held, other] = [await enrol('PL-HELD'), await enrol('PL-FREE')];
    const nurse = await store.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'nurse2')
      .executeTakeFirstOrThrow();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // A write for `held` that has charted its fact (an id below the next write's) and not committed.
    const holding = store.db.transaction().execute(async (trx) => {
      await lockPatients(trx, [held]);
      const at = new Date();
      const fact = await trx
        .insertInto('vital_sets')
        .values({
          patient_id: held,
          taken_at: at.toISOString(),
          taken_at_ms: at.getTime(),
          temperature_c: 37.1,
          oxygen_device: 'room_air',
          recorded_by: nurse.id,
          recorded_at: at.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      locked();
      await released;
      await appendAudit(
        trx,
        { actor: null, action: 'create', entity: 'vital_set', entityId: fact.id, patientId: held },
        at,
      );
      return fact.id;
    });
    await isLocked;
    let heldPatientAnswered = false;
    const samePatient = chart(nurseA, held, 1).then((res) => {
      heldPatientAnswered = true;
      return res;
    });
    // The other patient's write, through the other instance, commits meanwhile: no global lock.
    const free = await Promise.race([
      chart(nurseB, other, 2),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the other patient’s write waited for the held one')), 10_000),
      ),
    ]);
    expect(free.status).toBe(201);
    const freeId = ((await free.json()) as { vital: { id: number } }).vital.id;
    await new Promise((r) => setTimeout(r, 300));
    expect(heldPatientAnswered).toBe(false);
    release();
    const heldId = await holding;
    expect(heldId).toBeLessThan(freeId);
    expect((await samePatient).status).toBe(201);
    // The held write committed after a later id: the chain still covers every fact once.
    const chain = await verifyOn(b);
    expect(chain.problems).toEqual([]);
    expect(chain.ok).toBe(true);
  });

  it('keeps one audit chain and one open alert per rule and patient under 40 concurrent writes across instances', async () => {
    const patients = [await enrol('PL-1'), await enrol('PL-2'), await enrol('PL-3'), await enrol('PL-4')];
    const writes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        chart(i % 2 ? nurseA : nurseB, patients[i % patients.length] as number, 10 + i),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual(Array(40).fill(201));
    const open = await store.db
      .selectFrom('alerts')
      .select(['patient_id', 'rule', (eb) => eb.fn.countAll<number>().as('n')])
      .where('patient_id', 'in', patients)
      .where('status', '!=', 'resolved')
      .groupBy(['patient_id', 'rule'])
      .execute();
    // Every patient's fever raised alerts, each rule once while it is open.
    expect(new Set(open.map((o) => o.patient_id))).toEqual(new Set(patients));
    expect(open.filter((o) => o.rule === 'possible_crs_onset').length).toBe(patients.length);
    expect(open.filter((o) => Number(o.n) !== 1)).toEqual([]);
    const charted = await store.db
      .selectFrom('vital_sets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('patient_id', 'in', patients)
      .executeTakeFirstOrThrow();
    expect(Number(charted.n)).toBe(40);
    for (const instance of [a, b]) {
      const chain = await verifyOn(instance);
      expect(chain.problems).toEqual([]);
      expect(chain.ok).toBe(true);
    }
  });
});
