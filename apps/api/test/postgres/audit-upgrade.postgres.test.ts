import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newAuditKeyLine, parseAuditKeys } from '../../src/audit/audit-key.ts';
import { verifyAuditTrail } from '../../src/audit/audit-log.ts';
import { migratePostgres } from '../../src/db/migrate-postgres.ts';
import { loadMigrations } from '../../src/db/migrator.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { freshPostgresDatabase } from '../helpers.ts';

/**
 * A PostgreSQL database whose audit trail predates keyed chaining: its plain SHA-256 rows verify
 * as such, the first instance to open it with a keyring writes the first keyed row (once, even
 * with two instances starting together), and removing that row again is found.
 */
const MIGRATIONS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'src',
  'db',
  'migrations',
  'postgres',
);
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function legacyDatabase(): Promise<string> {
  const database = await freshPostgresDatabase({ migrated: false });
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drops.push(database.drop);
  const all = loadMigrations(MIGRATIONS);
  await migratePostgres(
    database.url,
    all.slice(
      0,
      all.findIndex((m) => m.name === 'audit_keyed_chain'),
    ),
  );
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const at = '2026-03-01T08:00:00.000Z';
    await client.query(
      "insert into users (id, username, display_name, role, password_hash, active, created_at, updated_at) values (1, 'nurse', 'Nurse', 'nurse', 'x', 1, $1, $1)",
      [at],
    );
    await client.query(
      `insert into patients (id, mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product, status, is_demo, created_at, updated_at)
       values (1, 'OLD-1', 'Old', 'Record', '1980-01-01', 'female', 60, 'sle', 'cd19_car_t', 'inpatient_monitoring', 0, $1, $1)`,
      [at],
    );
    await client.query(
      "insert into vital_sets (id, patient_id, recorded_by, recorded_at, taken_at, taken_at_ms, temperature_c, oxygen_device) values (1, 1, 1, $1, $1, $2, 38.2, 'room_air')",
      [at, Date.parse(at)],
    );
    let prev = '0'.repeat(64);
    for (const seq of [1, 2]) {
      const fields = [seq, at, 1, 'nurse', 'create', 'vital_set', null, 1, null, null];
      const hash = createHash('sha256')
        .update(prev)
        .update('\n')
        .update(JSON.stringify(fields))
        .digest('hex');
      await client.query(
        "insert into audit_log (seq, at, user_id, username, action, entity, patient_id, prev_hash, hash) values ($1, $2, 1, 'nurse', 'create', 'vital_set', 1, $3, $4)",
        [seq, at, prev, hash],
      );
      prev = hash;
    }
  } finally {
    await client.end();
  }
  return database.url;
}

describe('a PostgreSQL audit trail from before keyed chaining', () => {
  it('verifies its old rows as such, gets one first keyed row, and shows that row removed again by its uncovered facts', async () => {
    const url = await legacyDatabase();
    const keyring = parseAuditKeys(newAuditKeyLine(), 'test');
    const [a, b] = await Promise.all([openPostgres(url, 2, { keyring }), openPostgres(url, 2, { keyring })]);
    try {
      const starts = await a.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'start_keyed_chaining')
        .execute();
      expect(starts).toHaveLength(1);
      expect(JSON.parse(String(starts[0]?.facts_json))).toEqual([['vital_sets', 0, 1, -1, '']]);
      const result = await verifyAuditTrail(b.db);
      expect(result).toMatchObject({
        ok: true,
        rows: 3,
        legacyRows: 2,
        keyedFromSeq: 3,
        legacyFacts: { vital_sets: 1 },
      });
      expect(result.notes).toContain(
        'rows 1..2 predate keyed chaining: plain SHA-256 only; the keyed rows from 3 on cover them',
      );

      await sql`alter table audit_log disable trigger user`.execute(a.db);
      await a.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
      const stripped = await verifyAuditTrail(a.db);
      expect(stripped.ok).toBe(false);
      expect(stripped.problems).toContainEqual(
        expect.objectContaining({
          table: 'vital_sets',
          rowIds: [1, 1],
          message: 'vital_sets row 1 is in no audit row',
        }),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
