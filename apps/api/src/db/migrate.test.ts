import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate.ts';

describe('migrations', () => {
  it('are numbered without gaps and tracked in user_version', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    expect(migrate(db)).toEqual(all.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    // A second start applies nothing.
    expect(migrate(db)).toEqual([]);
  });

  it('refuses a database written by a newer CellWatch', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/newer than this CellWatch/);
  });

  it('rolls a failing migration back whole', () => {
    const db = new BetterSqlite3(':memory:');
    const broken = [{ version: 1, name: 'broken', sql: 'create table a (x); create table a (y);' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("select count(*) as n from sqlite_master where name = 'a'").get()).toEqual({ n: 0 });
  });
});
