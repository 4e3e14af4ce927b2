import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE_NAME, newAuditKeyLine, parseAuditKeys } from '../src/audit/audit-key.ts';
import { appendAudit, verifyAuditTrail } from '../src/audit/audit-log.ts';
import { COVERED_TABLES } from '../src/audit/fact-coverage.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import type { OpenedStore } from '../src/db/store.ts';
import { createTestApi, T0, TEST_PASSWORD, type TestApi } from './helpers.ts';

/**
 * Someone who has the database file (or SQL access to PostgreSQL), but not the audit key: they
 * drop the refusing triggers and change what they like. Each change must be found, and the
 * verifier must say where: the audit row's sequence number, or the fact's table and row.
 */

const H = 3_600_000;
let api: TestApi;
let admin: string;
let patientId: number;
let vitalId: number;
/** The sequence number of the audit row that recorded the vital set. */
let vitalSeq: number;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(5 * 24 * H);
  const [nurse, hema, coord] = [
    await api.login('nurse'),
    await api.login('hematologist'),
    await api.login('coordinator'),
  ];
  admin = await api.login('admin');
  const enrolled = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'INT-1',
      givenName: 'Ines',
      familyName: 'Tegrity',
      birthDate: '1985-06-01',
      sex: 'female',
      weightKg: 61,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'inpatient_monitoring',
    },
  });
  patientId = (await enrolled.json()).patient.id;
  const charted = await api.request('POST', `/api/patients/${patientId}/vitals`, {
    cookie: nurse,
    json: { takenAt: new Date(T0 + 26 * H).toISOString(), temperatureC: 38.7 },
  });
  expect(charted.status).toBe(201);
  vitalId = (await charted.json()).vital.id;
  const [row] = await api.query<{ seq: number }>(
    "select seq from audit_log where action = 'create' and entity = 'vital_set' and entity_id = ?",
    String(vitalId),
  );
  vitalSeq = Number(row?.seq);
  const reviews = (await (await api.request('GET', '/api/reviews', { cookie: hema })).json()).reviews;
  const signed = await api.request('POST', `/api/reviews/${reviews[0].id}/confirm`, {
    cookie: hema,
    json: { password: TEST_PASSWORD },
  });
  expect(signed.status).toBe(200);
  // Two reads at the end of the trail: rows that cover no fact.
  for (let i = 0; i < 2; i++) await api.request('GET', `/api/patients/${patientId}`, { cookie: nurse });
});
afterEach(async () => {
  await api.close();
});

/**
 * Runs SQL behind CellWatch's back, with every refusing trigger out of the way: on SQLite a
 * second connection to the database file (no write is in flight), on PostgreSQL plain SQL.
 */
async function tamper(
  work: (run: (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<void>,
) {
  if (api.store === 'sqlite') {
    const file = new BetterSqlite3(api.config.CELLWATCH_DB);
    try {
      for (const { name } of file.prepare("select name from sqlite_master where type = 'trigger'").all() as {
        name: string;
      }[]) {
        file.exec(`drop trigger "${name}"`);
      }
      await work(async (sql, ...params) => {
        const statement = file.prepare(sql);
        if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
        statement.run(...params);
        return [];
      });
    } finally {
      file.close();
    }
  } else {
    for (const table of ['audit_log', ...COVERED_TABLES])
      await api.query(`alter table ${table} disable trigger user`);
    await work((sql, ...params) => api.query(sql, ...params));
  }
}

/** What someone without the key can do after changing a row: recompute the SHA-256 chain from there. */
async function rechainWithPlainSha256(
  run: (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>,
  fromSeq: number,
  canonical: (r: Record<string, unknown>) => unknown[],
) {
  const [prev] = await run('select hash from audit_log where seq = ?', fromSeq - 1);
  let prevHash = String(prev?.hash ?? '0'.repeat(64));
  for (const r of await run('select * from audit_log where seq >= ? order by seq', fromSeq)) {
    const hash = createHash('sha256')
      .update(prevHash)
      .update('\n')
      .update(JSON.stringify(canonical(r)))
      .digest('hex');
    await run('update audit_log set prev_hash = ?, hash = ? where seq = ?', prevHash, hash, r.seq);
    prevHash = hash;
  }
}

const fields = (r: Record<string, unknown>) =>
  [
    r.seq,
    r.at,
    r.user_id,
    r.username,
    r.action,
    r.entity,
    r.entity_id,
    r.patient_id,
    r.before_json,
    r.after_json,
  ].map((v) => (typeof v === 'bigint' ? Number(v) : v));

const verify = (checkpoint?: unknown) =>
  checkpoint === undefined
    ? api.request('GET', '/api/audit/verify', { cookie: admin }).then((r) => r.json())
    : api.request('POST', '/api/audit/verify', { cookie: admin, json: { checkpoint } }).then((r) => r.json());

async function checkpoint() {
  const res = await api.request('GET', '/api/audit/checkpoint', { cookie: admin });
  expect(res.status).toBe(200);
  return (await res.json()).checkpoint;
}

describe('the keyed audit chain', () => {
  it('verifies, and each keyed row carries the hash of the facts it recorded', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, legacyRows: 0, keyedFromSeq: 1, problems: [] });
    const [row] = await api.query<{ key_id: string; facts_json: string }>(
      'select key_id, facts_json from audit_log where seq = ?',
      vitalSeq,
    );
    expect(result.keyIds).toEqual([row?.key_id]);
    expect(JSON.parse(String(row?.facts_json))).toEqual([
      ['vital_sets', vitalId - 1, vitalId, 1, expect.stringMatching(/^[0-9a-f]{64}$/)],
    ]);
  });

  it('finds an altered row even when the plain hashes after it are recomputed', async () => {
    await tamper(async (run) => {
      await run(
        "update audit_log set after_json = replace(after_json, '38.7', '37.2') where seq = ?",
        vitalSeq,
      );
      await rechainWithPlainSha256(run, vitalSeq, (r) => [...fields(r), r.key_id, r.facts_json]);
    });
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(vitalSeq);
    expect(result.rows).toBe(vitalSeq - 1);
    expect(result.problems[0]).toEqual({
      seq: vitalSeq,
      message: expect.stringMatching(/HMAC does not verify/),
    });
  });

  it('finds a trail rewritten as unkeyed (plain SHA-256 throughout) by the facts it no longer covers, and by a checkpoint', async () => {
    const kept = await checkpoint();
    await tamper(async (run) => {
      await run('update audit_log set key_id = null, facts_json = null');
      await rechainWithPlainSha256(run, 1, fields);
    });
    const plain = await verify();
    expect(plain.ok).toBe(false);
    expect(plain.problems).toContainEqual({
      seq: null,
      table: 'vital_sets',
      rowIds: [vitalId, vitalId],
      message: `vital_sets row ${vitalId} is in no audit row`,
    });
    const against = await verify(kept);
    expect(against.ok).toBe(false);
    expect(against.checkpoint).toEqual({ seq: kept.seq, takenAt: kept.takenAt, ok: false });
    expect(against.problems).toContainEqual({
      seq: kept.seq,
      message: expect.stringMatching(/is not the row the checkpoint .* recorded/),
    });
  });

  it('finds rows deleted from the end against a checkpoint kept elsewhere', async () => {
    const kept = await checkpoint();
    expect(kept).toMatchObject({ format: 'cellwatch-audit-checkpoint', version: 1, seq: expect.any(Number) });
    expect(await verify(kept)).toMatchObject({ ok: true, checkpoint: { seq: kept.seq, ok: true } });
    await tamper(async (run) => {
      await run('delete from audit_log where seq > ?', kept.seq - 2);
    });
    // Without the checkpoint the shortened trail still verifies: what the README says.
    const alone = await verify();
    expect(alone.ok).toBe(true);
    expect(alone.notes).toContain(
      'without a checkpoint kept elsewhere, rows removed from the end of the trail cannot be detected',
    );
    const against = await verify(kept);
    expect(against.ok).toBe(false);
    expect(against.firstBrokenSeq).toBe(kept.seq - 1);
    expect(against.problems).toEqual([
      {
        seq: kept.seq - 1,
        message: `the trail ends at row ${kept.seq - 2}, but the checkpoint taken at ${kept.takenAt} records row ${kept.seq}: rows ${kept.seq - 1}..${kept.seq} are missing`,
      },
    ]);
  });

  it('refuses a checkpoint that was altered', async () => {
    const kept = await checkpoint();
    const result = await verify({ ...kept, seq: kept.seq + 5 });
    expect(result.ok).toBe(false);
    expect(result.checkpoint.ok).toBe(false);
    expect(result.problems[0].message).toMatch(/does not verify under audit key/);
  });

  it('finds a changed vital value, with its table, row and the audit row that recorded it', async () => {
    await tamper(async (run) => {
      await run('update vital_sets set temperature_c = 37.2 where id = ?', vitalId);
    });
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(vitalSeq);
    expect(result.problems).toEqual([
      {
        seq: vitalSeq,
        table: 'vital_sets',
        rowIds: [vitalId, vitalId],
        message: `vital_sets row ${vitalId} changed since audit row ${vitalSeq} recorded it`,
      },
    ]);
  });

  it('names the one changed vital set among several, each recorded by its own audit row', async () => {
    const nurse = await api.login('nurse');
    const ids: number[] = [];
    for (const hours of [28, 30, 32]) {
      const res = await api.request('POST', `/api/patients/${patientId}/vitals`, {
        cookie: nurse,
        json: { takenAt: new Date(T0 + hours * H).toISOString(), heartRate: 90 + hours },
      });
      ids.push((await res.json()).vital.id);
    }
    const middle = ids[1] as number;
    const [recorded] = await api.query<{ seq: number }>(
      "select seq from audit_log where action = 'create' and entity = 'vital_set' and entity_id = ?",
      String(middle),
    );
    expect((await verify()).ok).toBe(true);
    await tamper(async (run) => {
      await run('update vital_sets set heart_rate = 60 where id = ?', middle);
    });
    const result = await verify();
    expect(result.problems).toEqual([
      {
        seq: Number(recorded?.seq),
        table: 'vital_sets',
        rowIds: [middle, middle],
        message: `vital_sets row ${middle} changed since audit row ${recorded?.seq} recorded it`,
      },
    ]);
  });

  it('finds a deleted fact and a fact slipped in behind the API', async () => {
    await tamper(async (run) => {
      await run(
        `insert into vital_sets (patient_id, recorded_by, recorded_at, taken_at, taken_at_ms, temperature_c, oxygen_device)
         values (?, 1, ?, ?, ?, 36.6, 'room_air')`,
        patientId,
        new Date(T0).toISOString(),
        new Date(T0 + 27 * H).toISOString(),
        T0 + 27 * H,
      );
      await run('delete from vital_sets where id = ?', vitalId);
    });
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({
      seq: vitalSeq,
      table: 'vital_sets',
      rowIds: [vitalId, vitalId],
      message: `vital_sets row ${vitalId}: audit row ${vitalSeq} recorded 1 row(s), the table holds 0`,
    });
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        seq: null,
        table: 'vital_sets',
        message: expect.stringMatching(/in no audit row/),
      }),
    );
  });

  it('finds a changed signature, and accepts the one mark a signature may get later', async () => {
    const [signature] = await api.query<{ id: number }>('select id from grade_signatures');
    const [signedAt] = await api.query<{ seq: number }>(
      "select seq from audit_log where action = 'sign_confirm_grade'",
    );
    await tamper(async (run) => {
      await run(
        'update grade_signatures set invalidated_at = ? where id = ?',
        new Date(T0).toISOString(),
        signature?.id,
      );
    });
    expect((await verify()).ok).toBe(true);
    await tamper(async (run) => {
      await run('update grade_signatures set signed_grade = 3 where id = ?', signature?.id);
    });
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        seq: Number(signedAt?.seq),
        table: 'grade_signatures',
        rowIds: [Number(signature?.id), Number(signature?.id)],
        message: `grade_signatures row ${signature?.id} changed since audit row ${signedAt?.seq} recorded it`,
      },
    ]);
  });
});

describe('rotating the audit key', () => {
  async function reopen(keys: string): Promise<OpenedStore> {
    const source = { keyring: parseAuditKeys(keys, 'test'), log: () => undefined };
    return api.opened.kind === 'postgres'
      ? openPostgres(api.opened.url, 2, source)
      : openSqlite(api.config.CELLWATCH_DB, source);
  }

  it('signs new rows with the new key and verifies old rows with the old one kept in the keyring', async () => {
    const oldKeys = readFileSync(join(dirname(api.config.CELLWATCH_DB), AUDIT_KEY_FILE_NAME), 'utf8');
    const oldId = parseAuditKeys(oldKeys, 'old').current.id;
    const rotated = await reopen(`${oldKeys}\nk-rotated:${newAuditKeyLine().split(':')[1]}`);
    try {
      await rotated.db
        .transaction()
        .execute((trx) =>
          appendAudit(
            trx,
            { actor: null, action: 'test_rotation', entity: 'audit_key' },
            new Date(api.now()),
          ),
        );
      const result = await verifyAuditTrail(rotated.db);
      expect(result).toMatchObject({ ok: true, keyIds: [oldId, 'k-rotated'] });
      // The instance that only has the old key cannot vouch for the new rows, and says so.
      const withOldOnly = await verify();
      expect(withOldOnly.ok).toBe(false);
      expect(withOldOnly.problems[0].message).toMatch(
        /names audit key k-rotated, which is not in the keyring/,
      );
      // Nor may it start on this database and sign rows under a retired key.
      await expect(reopen(oldKeys)).rejects.toThrow(/k-rotated, which is not in the keyring/);
    } finally {
      await rotated.close();
    }
  });
});
