import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE_NAME } from '../src/audit/audit-key.ts';
import { appendAudit, verifyAuditTrail } from '../src/audit/audit-log.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadMigrations } from '../src/db/migrator.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { checkDatabase } from '../src/ops/backup.ts';

/**
 * The audit key on SQLite: the key file made on a first start, a database that predates keyed
 * chaining, and `pnpm audit-checkpoint`.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let dir: string;
let file: string;
let keyFile: string;
let logged: string[];
const keys = () => ({ env: {}, defaultKeyFile: keyFile, log: (l: string) => logged.push(l) });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cellwatch-audit-'));
  file = join(dir, 'unit.db');
  keyFile = join(dir, AUDIT_KEY_FILE_NAME);
  logged = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function audit(db: Awaited<ReturnType<typeof openSqlite>>['db'], action: string) {
  await db
    .transaction()
    .execute((trx) =>
      appendAudit(trx, { actor: null, action, entity: 'test' }, new Date('2026-12-02T10:00:00Z')),
    );
}

describe('the audit key file', () => {
  it('is created on a first start with mode 0600 and said so in the log, then reused', async () => {
    const first = await openSqlite(file, keys());
    await audit(first.db, 'first');
    await first.close();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(logged).toEqual([expect.stringContaining(`audit key: created ${keyFile} (mode 0600)`)]);
    const text = readFileSync(keyFile, 'utf8');
    const again = await openSqlite(file, keys());
    await audit(again.db, 'second');
    expect(await verifyAuditTrail(again.db)).toMatchObject({ ok: true, rows: 2 });
    await again.close();
    expect(readFileSync(keyFile, 'utf8')).toBe(text);
    expect(logged).toHaveLength(1);
  });

  it('is never replaced by a new key once the trail is keyed: a missing key file is refused', async () => {
    const first = await openSqlite(file, keys());
    await audit(first.db, 'first');
    await first.close();
    rmSync(keyFile);
    await expect(openSqlite(file, keys())).rejects.toThrow(/the audit trail is keyed .* does not exist/);
    expect(existsSync(keyFile)).toBe(false);
  });
});

describe('a database that predates keyed chaining', () => {
  /** The trail as CellWatch wrote it before the audit key: plain SHA-256 rows, and one vital set. */
  async function legacyDatabase() {
    const all = loadMigrations();
    const keyedAt = all.findIndex((m) => m.name === 'audit_keyed_chain');
    const raw = new BetterSqlite3(file);
    await migrate(raw, all.slice(0, keyedAt));
    const at = '2026-03-01T08:00:00.000Z';
    raw
      .prepare(
        "insert into users (id, username, display_name, role, password_hash, active, created_at, updated_at) values (1, 'nurse', 'Nurse', 'nurse', 'x', 1, ?, ?)",
      )
      .run(at, at);
    raw
      .prepare(
        `insert into patients (id, mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product, status, is_demo, created_at, updated_at)
         values (1, 'OLD-1', 'Old', 'Record', '1980-01-01', 'female', 60, 'sle', 'cd19_car_t', 'inpatient_monitoring', 0, ?, ?)`,
      )
      .run(at, at);
    raw
      .prepare(
        "insert into vital_sets (id, patient_id, recorded_by, recorded_at, taken_at, taken_at_ms, temperature_c, oxygen_device) values (1, 1, 1, ?, ?, ?, 38.2, 'room_air')",
      )
      .run(at, at, Date.parse(at));
    let prev = '0'.repeat(64);
    for (const [seq, action] of [
      [1, 'sign_in'],
      [2, 'create'],
    ] as const) {
      const fields = [seq, at, 1, 'nurse', action, 'vital_set', null, 1, null, null];
      const hash = createHash('sha256')
        .update(prev)
        .update('\n')
        .update(JSON.stringify(fields))
        .digest('hex');
      raw
        .prepare(
          "insert into audit_log (seq, at, user_id, username, action, entity, entity_id, patient_id, prev_hash, hash) values (?, ?, 1, 'nurse', ?, 'vital_set', null, 1, ?, ?)",
        )
        .run(seq, at, action, prev, hash);
      prev = hash;
    }
    raw.close();
  }

  it('verifies its old rows as predating keyed chaining, and keys every row from the first start on', async () => {
    await legacyDatabase();
    const store = await openSqlite(file, keys());
    try {
      // Opening it wrote the first keyed row: how far the old facts go, under the HMAC.
      const [start] = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).execute();
      expect(start).toMatchObject({
        action: 'start_keyed_chaining',
        entity: 'audit_log',
        prev_hash: expect.any(String),
      });
      expect(start?.key_id).toMatch(/^k\d{8}-/);
      expect(JSON.parse(String(start?.facts_json))).toEqual([['vital_sets', 0, 1, -1, '']]);
      const before = await verifyAuditTrail(store.db);
      expect(before).toMatchObject({
        ok: true,
        rows: 3,
        legacyRows: 2,
        keyedFromSeq: 3,
        legacyFacts: { vital_sets: 1 },
      });
      expect(before.notes).toEqual(
        expect.arrayContaining([
          'rows 1..2 predate keyed chaining: plain SHA-256 only; the keyed rows from 3 on cover them',
          'vital_sets rows 1..1 were charted before keyed chaining and are not covered',
        ]),
      );

      await store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('vital_sets')
          .values({
            patient_id: 1,
            recorded_by: 1,
            recorded_at: '2026-12-02T10:00:00.000Z',
            taken_at: '2026-12-02T09:00:00.000Z',
            taken_at_ms: Date.parse('2026-12-02T09:00:00.000Z'),
            temperature_c: 37.9,
            oxygen_device: 'room_air',
          })
          .execute();
        await appendAudit(trx, { actor: null, action: 'create', entity: 'vital_set' }, new Date());
      });
      const [row] = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 4).execute();
      expect(JSON.parse(String(row?.facts_json))).toEqual([
        ['vital_sets', 1, 2, 1, expect.stringMatching(/^[0-9a-f]{64}$/)],
      ]);
      expect(await verifyAuditTrail(store.db)).toMatchObject({
        ok: true,
        rows: 4,
        legacyRows: 2,
        keyedFromSeq: 3,
      });

      // An unkeyed row after keyed chaining began is refused, whatever its plain hash.
      const fields = [5, 'x', null, null, 'forged', 'test', null, null, null, null];
      const prev = String(row?.hash);
      const hash = createHash('sha256')
        .update(prev)
        .update('\n')
        .update(JSON.stringify(fields))
        .digest('hex');
      store.sqlite
        .prepare(
          "insert into audit_log (seq, at, action, entity, prev_hash, hash) values (5, 'x', 'forged', 'test', ?, ?)",
        )
        .run(prev, hash);
      const forged = await verifyAuditTrail(store.db);
      expect(forged).toMatchObject({ ok: false, firstBrokenSeq: 5 });
      expect(forged.problems[0]?.message).toBe('audit row 5 is not keyed, but keyed chaining began at row 3');
    } finally {
      await store.close();
    }
  });

  it('is checked as it is before it is migrated (a backup being restored): its facts are not covered', async () => {
    await legacyDatabase();
    const result = await checkDatabase(file, keys());
    expect(result.auditChain).toEqual({ ok: true, rows: 2, firstBrokenSeq: null });
    expect(existsSync(keyFile)).toBe(false);
  });
});

describe('pnpm audit-checkpoint', () => {
  const run = (...args: string[]) =>
    spawnSync('pnpm', ['--silent', 'audit-checkpoint', ...args], {
      cwd: ROOT,
      env: { ...process.env, CELLWATCH_DB: file, CELLWATCH_DEMO: '0', CELLWATCH_SCRYPT_LOG_N: '10' },
      encoding: 'utf8',
    });

  it('writes a signed checkpoint to a file, and finds rows removed from the end against it', async () => {
    const store = await openSqlite(file, keys());
    for (const action of ['one', 'two', 'three']) await audit(store.db, action);
    await store.close();
    const checkpointFile = join(dir, 'checkpoint.json');
    const written = run(checkpointFile);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/checkpoint of the audit trail at row 3 .* written to/);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toMatchObject({
      seq: 3,
      format: 'cellwatch-audit-checkpoint',
    });
    expect(run(checkpointFile).status).toBe(1); // never over an existing checkpoint

    expect(run('--verify', checkpointFile).stdout).toMatch(
      /audit trail: ok \(3 rows, reaches the checkpoint/,
    );
    const raw = new BetterSqlite3(file);
    raw.exec('drop trigger audit_log_no_delete; delete from audit_log where seq = 3');
    raw.close();
    const verified = run('--verify', checkpointFile);
    expect(verified.status).toBe(1);
    expect(verified.stdout).toMatch(/NOT OK[\s\S]*rows 3\.\.3 are missing/);
  }, 60_000);
});
