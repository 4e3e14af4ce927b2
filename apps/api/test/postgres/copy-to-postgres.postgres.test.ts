import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE_NAME } from '../../src/audit/audit-key.ts';
import { appendAudit } from '../../src/audit/audit-log.ts';
import { loadConfig } from '../../src/config.ts';
import { openPostgres, pgTypes } from '../../src/db/postgres.ts';
import { openSqlite } from '../../src/db/sqlite.ts';
import { copySqliteToPostgres } from '../../src/ops/copy-to-postgres.ts';
import { bulkLoadCohort } from '../../src/seed/bulk-load.ts';
import { createFirstRunAccounts } from '../../src/seed/demo-users.ts';
import { freshPostgresDatabase, T0 } from '../helpers.ts';

const H = 3_600_000;
let dir: string;
let file: string;
const drops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cellwatch-copy-'));
  file = join(dir, 'unit.db');
  const opened = await openSqlite(file);
  const config = loadConfig({
    CELLWATCH_DB: file,
    CELLWATCH_DEMO_PASSWORD: 'copy-test-pass',
    CELLWATCH_SCRYPT_LOG_N: '10',
  });
  await createFirstRunAccounts(opened.db, config, new Date(T0));
  await bulkLoadCohort(opened, {
    patients: 3,
    days: 4,
    vitalsIntervalMin: 13,
    seed: 5,
    now: T0 + 4 * 24 * H,
    mrnPrefix: 'COPY',
    scenario: 'crs3_pressor',
  });
  // One vital entered in error, so the rollup of its hour must be rebuilt without it (audited,
  // as every write: a fact in no audit row would fail the copy's verification).
  await opened.db.transaction().execute(async (trx) => {
    await sql`insert into corrections (fact_table, fact_id, patient_id, reason, recorded_by, recorded_at)
       select 'vital_sets', id, patient_id, 'wrong patient', recorded_by, recorded_at from vital_sets where id = 40`.execute(
      trx,
    );
    await appendAudit(
      trx,
      { actor: null, action: 'mark_entered_in_error', entity: 'vital_set', entityId: 40 },
      new Date(T0 + 4 * 24 * H),
    );
  });
  await opened.close();
});

afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<string> {
  const database = await freshPostgresDatabase({ migrated: false });
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drops.push(database.drop);
  return database.url;
}

describe('copying a unit’s SQLite database into PostgreSQL', () => {
  it('copies every row with its id, rebuilds the same rollups, keeps the audit chain and continues the ids', async () => {
    const url = await emptyDatabase();
    const summary = await copySqliteToPostgres(file, url);
    expect(summary.auditChain.ok).toBe(true);
    expect(summary.rows.vital_sets).toBeGreaterThan(1000);

    const sqlite = await openSqlite(file);
    const target = new pg.Client({ connectionString: url, types: pgTypes });
    await target.connect();
    try {
      for (const [table, n] of Object.entries(summary.rows)) {
        const inSqlite = sqlite.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number };
        expect(n, table).toBe(inSqlite.n);
        // Row for row, not just counts: the same ids and values.
        const order = (
          sqlite.sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string; pk: number }[]
        ).find((c) => c.pk === 1)?.name;
        const a = sqlite.sqlite.prepare(`select * from "${table}" order by ${order}`).all();
        const b = (await target.query(`select * from "${table}" order by ${order}`)).rows;
        expect(b, table).toEqual(a);
      }
      // Not copied but rebuilt by PostgreSQL's triggers: identical to SQLite's.
      const rollups = 'select * from vital_rollups order by patient_id, hour_ms';
      expect((await target.query(rollups)).rows).toEqual(sqlite.sqlite.prepare(rollups).all());
      expect(summary.rows.sessions).toBeUndefined();
    } finally {
      await target.end();
    }

    // New rows continue after the copied ids.
    const { n: maxId } = sqlite.sqlite.prepare('select max(id) as n from vital_sets').get() as { n: number };
    await sqlite.close();
    // The copy goes on with the SQLite database's audit keyring.
    const store = await openPostgres(url, 2, { defaultKeyFile: join(dir, AUDIT_KEY_FILE_NAME) });
    try {
      const row = await store.db
        .insertInto('vital_sets')
        .values({
          patient_id: 1,
          taken_at: new Date(T0).toISOString(),
          taken_at_ms: T0,
          oxygen_device: 'room_air',
          recorded_by: 1,
          recorded_at: new Date(T0).toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(row.id).toBe(maxId + 1);
    } finally {
      await store.close();
    }
  });

  it('refuses a target that already has data, and changes nothing', async () => {
    const url = await emptyDatabase();
    await copySqliteToPostgres(file, url);
    const counts = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (
          await client.query(
            'select (select count(*) from audit_log) as a, (select count(*) from vital_sets) as v, (select count(*) from users) as u',
          )
        ).rows[0];
      } finally {
        await client.end();
      }
    };
    const before = await counts();
    await expect(copySqliteToPostgres(file, url)).rejects.toThrow(/already has users or patients/);
    expect(await counts()).toEqual(before);
  });
});
