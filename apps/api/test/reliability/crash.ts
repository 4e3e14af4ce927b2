import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { checkDatabase } from '../../src/ops/backup.ts';
import { Client, createUserWithOwnPassword, freePort, startServer } from './server-process.ts';

export interface CrashFigures {
  kills: number;
  acknowledged: number;
  lost: number;
  halfWritten: number;
  integrity: string;
  auditChainOk: boolean;
}

const PASSWORD = 'reliability-pass-1';
const ENV = { CELLWATCH_DEMO: '0', CELLWATCH_DEMO_PASSWORD: PASSWORD, CELLWATCH_SCRYPT_LOG_N: '10' };

/**
 * Streams vital-set writes from several clients, SIGKILLs the server at random moments,
 * restarts it, and checks every acknowledged write is there, complete (with its audit row), the
 * database passes its integrity check and the audit chain verifies.
 */
export async function crashTest(kills: number, clients = 4, seed = 42): Promise<CrashFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cellwatch-crash-'));
  const file = join(dir, 'crash.db');
  const port = await freePort();
  let rand = seed;
  const random = () => {
    rand = (rand * 1103515245 + 12345) % 2 ** 31;
    return rand / 2 ** 31;
  };
  try {
    let server = await startServer({ ...ENV, CELLWATCH_DB: file }, port);
    const admin = new Client(server.url);
    await admin.login('admin', PASSWORD);
    for (const [username, role] of [
      ['nurse1', 'nurse'],
      ['coord1', 'coordinator'],
    ] as const) {
      await createUserWithOwnPassword(admin, { username, displayName: username, role, password: PASSWORD });
    }
    const coord = new Client(server.url);
    await coord.login('coord1', PASSWORD);
    const enrol = await coord.send('POST', '/api/patients', {
      mrn: 'CRASH-1',
      givenName: 'Crash',
      familyName: 'Test',
      birthDate: '1970-01-01',
      sex: 'female',
      weightKg: 60,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      status: 'inpatient_monitoring',
    });
    const patientId = ((await enrol.json()) as { patient: { id: number } }).patient.id;

    const acknowledged = new Set<number>();
    for (let k = 0; k < kills; k++) {
      // Sign in first, so that the whole window until the kill is spent writing.
      const nurses = await Promise.all(
        Array.from({ length: clients }, async () => {
          const nurse = new Client(server.url);
          await nurse.login('nurse1', PASSWORD);
          return nurse;
        }),
      );
      const writers = nurses.map(async (nurse) => {
        for (;;) {
          try {
            const res = await nurse.send('POST', `/api/patients/${patientId}/vitals`, {
              takenAt: new Date(Date.now() - 60_000).toISOString(),
              temperatureC: 36 + Math.round(random() * 40) / 10,
              systolic: 90 + Math.round(random() * 50),
            });
            if (res.status === 201)
              acknowledged.add(((await res.json()) as { vital: { id: number } }).vital.id);
          } catch {
            return; // the server is gone
          }
        }
      });
      await new Promise((r) => setTimeout(r, 200 + random() * 800));
      await server.kill('SIGKILL');
      await Promise.all(writers);
      server = await startServer({ ...ENV, CELLWATCH_DB: file }, port);
    }
    await server.kill('SIGTERM');

    const db = new BetterSqlite3(file, { readonly: true });
    const rows = new Set(
      (db.prepare('select id from vital_sets').all() as { id: number }[]).map((r) => r.id),
    );
    const audited = new Set(
      (
        db
          .prepare("select entity_id from audit_log where entity = 'vital_set' and action = 'create'")
          .all() as { entity_id: string }[]
      ).map((r) => Number(r.entity_id)),
    );
    db.close();
    const lost = [...acknowledged].filter((id) => !rows.has(id)).length;
    const halfWritten =
      [...rows].filter((id) => !audited.has(id)).length + [...audited].filter((id) => !rows.has(id)).length;
    const check = await checkDatabase(file);
    return {
      kills,
      acknowledged: acknowledged.size,
      lost,
      halfWritten,
      integrity: check.integrity,
      auditChainOk: check.auditChain.ok,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
