import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { loadMigrations, migrationName } from './migrator.ts';

describe('migrations', () => {
  it('are numbered without gaps and tracked in user_version', async () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    expect(await migrate(db)).toEqual(all.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    // A second start applies nothing.
    expect(await migrate(db)).toEqual([]);
  });

  it('refuses a database written by a newer CellWatch', async () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('user_version = 999');
    await expect(migrate(db)).rejects.toThrow(/newer than this CellWatch/);
  });

  it('refuses a database a newer CellWatch migrated with a migration this one does not know', async () => {
    const db = new BetterSqlite3(':memory:');
    await migrate(db);
    db.prepare("insert into kysely_migration (name, timestamp) values ('999_future', ?)").run(
      new Date().toISOString(),
    );
    await expect(migrate(db)).rejects.toThrow(/999_future, newer than this CellWatch/);
  });

  it('rolls a failing migration back whole', async () => {
    const db = new BetterSqlite3(':memory:');
    const broken = [{ version: 1, name: 'broken', sql: 'create table a (x); create table a (y);' }];
    await expect(migrate(db, broken)).rejects.toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("select count(*) as n from sqlite_master where name = 'a'").get()).toEqual({ n: 0 });
  });
});

/**
 * What CellWatch's runner before Kysely's Migrator left: the first `upTo` migrations, each in its
 * own transaction with its `user_version` bump, and no kysely_migration table.
 */
function oldRunnerDatabase(upTo: number) {
  const db = new BetterSqlite3(':memory:');
  for (const m of loadMigrations().slice(0, upTo)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db;
}

const executed = (db: BetterSqlite3.Database) =>
  (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('a database migrated by the runner before the Migrator', () => {
  it('is adopted at its version and upgraded with the newer migrations only, keeping its rows', async () => {
    const all = loadMigrations();
    const at = all.findIndex((m) => m.name === 'audit_keyed_chain');
    const db = oldRunnerDatabase(at);
    db.exec(`insert into users (id, username, display_name, role, password_hash, active, created_at, updated_at)
             values (1, 'nurse', 'Nurse', 'nurse', 'x', 1, '', '')`);
    expect(await migrate(db)).toEqual(all.slice(at).map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    expect(executed(db)).toEqual(all.map(migrationName));
    expect(db.prepare('select username from users').all()).toEqual([{ username: 'nurse' }]);
    // Adopted once: a second start applies and records nothing.
    expect(await migrate(db)).toEqual([]);
    expect(executed(db)).toHaveLength(all.length);
  });

  it('is adopted in the transaction of the migrations that follow: if one fails, nothing is recorded', async () => {
    const all = loadMigrations();
    const db = oldRunnerDatabase(3);
    const broken = { version: 4, name: 'broken', sql: 'create table a (x); create table a (y);' };
    await expect(migrate(db, [...all.slice(0, 3), broken])).rejects.toThrow(/migration 4 broken failed/);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(executed(db)).toEqual([]);
    expect(await migrate(db, all.slice(0, 5))).toEqual([4, 5]);
    expect(executed(db)).toEqual(all.slice(0, 5).map(migrationName));
  });

  it('is at its latest version already: only adopted', async () => {
    const all = loadMigrations();
    const db = oldRunnerDatabase(all.length);
    expect(await migrate(db)).toEqual([]);
    expect(executed(db)).toEqual(all.map(migrationName));
  });
});
