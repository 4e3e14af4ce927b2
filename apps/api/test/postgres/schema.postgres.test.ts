import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { migratePostgres } from '../../src/db/migrate-postgres.ts';
import { loadMigrations } from '../../src/db/migrator.ts';
import { freshPostgresDatabase, withPostgresClient } from '../helpers.ts';

/**
 * The PostgreSQL schema: migrated like SQLite's (numbered, once, whole or not at all), and the
 * same tables, columns, nullability and guarantees as the SQLite schema, so that one set of
 * Kysely queries reads and writes both.
 */
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const drop of drops.splice(0)) await drop();
});

async function emptyDatabase(): Promise<string> {
  const database = await freshPostgresDatabase({ migrated: false });
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drops.push(database.drop);
  return database.url;
}

/** SQLite's declared types and what PostgreSQL must use for the same JavaScript values. */
const TYPE_OF: Record<string, string> = { INTEGER: 'bigint', REAL: 'double precision', TEXT: 'text' };

describe('PostgreSQL migrations', () => {
  it('apply every numbered migration once, even when two instances start together', async () => {
    const url = await emptyDatabase();
    const all = loadMigrations();
    const [first, second] = await Promise.all([migratePostgres(url), migratePostgres(url)]);
    // One of the two applied everything; the other waited for it and found nothing to do.
    expect([first, second].sort((a, b) => b.length - a.length)).toEqual([all.map((m) => m.version), []]);
    expect(await migratePostgres(url)).toEqual([]);
    const versions = await withPostgresClient(url, (c) =>
      c.query('select version from cellwatch_schema order by version'),
    );
    expect(versions.rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
  });

  it('refuse a database written by a newer CellWatch', async () => {
    const url = await emptyDatabase();
    await migratePostgres(url);
    await withPostgresClient(url, (c) =>
      c.query("insert into cellwatch_schema (version, name, applied_at) values (999, 'future', '')"),
    );
    await expect(migratePostgres(url)).rejects.toThrow(/newer than this CellWatch/);
  });

  it('roll a failing migration back whole', async () => {
    const url = await emptyDatabase();
    const broken = [{ version: 1, name: 'broken', sql: 'create table a (x int); create table a (y int);' }];
    await expect(migratePostgres(url, broken)).rejects.toThrow(/migration 1 broken failed/);
    const left = await withPostgresClient(url, (c) =>
      c.query("select count(*)::int as n from information_schema.tables where table_name = 'a'"),
    );
    expect(left.rows[0].n).toBe(0);
    expect(
      await migratePostgres(url, [{ version: 1, name: 'fixed', sql: 'create table a (x int);' }]),
    ).toEqual([1]);
  });

  it('give the same tables, columns, types and nullability as the SQLite schema', async () => {
    const url = await emptyDatabase();
    await migratePostgres(url);
    const sqlite = new BetterSqlite3(':memory:');
    await migrate(sqlite);
    const expected: string[] = [];
    const tables = sqlite
      .prepare(
        // Kysely's Migrator keeps its own tables (kysely_migration, kysely_migration_lock) on each.
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_migration%' order by name",
      )
      .all() as { name: string }[];
    for (const { name } of tables) {
      const columns = sqlite.prepare(`pragma table_info("${name}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      for (const c of columns) {
        // SQLite lets a primary key column be null only in name; PostgreSQL's never is.
        const notNull = c.notnull === 1 || c.pk > 0;
        expected.push(`${name}.${c.name} ${TYPE_OF[c.type] ?? c.type}${notNull ? ' not null' : ''}`);
      }
    }
    sqlite.close();
    const actual = await withPostgresClient(url, (c) =>
      c.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
        `select table_name, column_name, data_type, is_nullable from information_schema.columns
         where table_schema = 'public' and table_name in (
           select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')
         and table_name != 'cellwatch_schema' and table_name not like 'kysely_migration%'`,
      ),
    );
    const described = actual.rows.map(
      (r) => `${r.table_name}.${r.column_name} ${r.data_type}${r.is_nullable === 'NO' ? ' not null' : ''}`,
    );
    expect(described.sort()).toEqual(expected.sort());
  });

  it('refuse changes to charted facts, signatures, alerts and the audit trail, with the same messages', async () => {
    const url = await emptyDatabase();
    await migratePostgres(url);
    const sqlite = new BetterSqlite3(':memory:');
    await migrate(sqlite);
    // Every refusing trigger of the SQLite schema, by name, must exist on PostgreSQL with the same message.
    const refusals = (
      sqlite.prepare("select name, tbl_name, sql from sqlite_master where type = 'trigger'").all() as {
        name: string;
        tbl_name: string;
        sql: string;
      }[]
    ).flatMap((t) => {
      const message = /RAISE\(ABORT, '([^']+)'\)/.exec(t.sql)?.[1];
      return message ? [{ ...t, message, deletes: /BEFORE DELETE/i.test(t.sql) }] : [];
    });
    sqlite.close();
    expect(refusals.length).toBeGreaterThan(30);
    await withPostgresClient(url, async (c) => {
      // tgtype bits: 1 ROW, 2 BEFORE, 8 DELETE, 16 UPDATE, 32 TRUNCATE; tgargs: the message given to cellwatch_refuse.
      const { rows } = await c.query<{ name: string; tbl: string; tgtype: number; message: string }>(
        `select t.tgname as name, r.relname as tbl, t.tgtype, encode(t.tgargs, 'escape') as message
         from pg_trigger t join pg_class r on r.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
         where not t.tgisinternal and p.proname = 'cellwatch_refuse'`,
      );
      // Row triggers match SQLite's one for one; TRUNCATE (PostgreSQL only) skips them, so each
      // table that refuses DELETE also refuses TRUNCATE, with a statement trigger.
      const truncates = rows.filter((t) => (t.tgtype & 1) === 0);
      expect(truncates.every((t) => t.tgtype & 32)).toBe(true);
      expect(truncates.map((t) => t.tbl).sort()).toEqual(
        [...new Set(refusals.filter((r) => r.deletes).map((r) => r.tbl_name))].sort(),
      );
      const onPostgres = rows
        .filter((t) => t.tgtype & 1)
        .map(
          (t) =>
            `${t.tbl}.${t.name} before=${(t.tgtype & 2) > 0} ${t.tgtype & 8 ? 'delete' : 'update'}: ${t.message.replace(/\\000$/, '')}`,
        );
      const onSqlite = refusals.map(
        (r) => `${r.tbl_name}.${r.name} before=true ${r.deletes ? 'delete' : 'update'}: ${r.message}`,
      );
      expect(onPostgres.sort()).toEqual(onSqlite.sort());
      await c.query(
        "insert into audit_log (seq, at, action, entity, prev_hash, hash) values (1, 'now', 'test', 'test', '0', '1')",
      );
      await expect(c.query("update audit_log set action = 'tampered'")).rejects.toThrow(
        'audit_log is append-only',
      );
      await expect(c.query('delete from audit_log')).rejects.toThrow('audit_log is append-only');
      await expect(c.query('truncate audit_log')).rejects.toThrow('audit_log is append-only');
      await expect(c.query('truncate vital_sets cascade')).rejects.toThrow('charted facts are never deleted');
    });
  });
});
