import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Generated, Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect } from './group-commit.ts';

interface Tables {
  facts: { id: Generated<number>; value: number };
  children: { id: Generated<number>; parent_id: number };
}

let dir: string;
let file: string;
let raw: BetterSqlite3.Database;
let dialect: GroupCommitSqliteDialect;
let db: Kysely<Tables>;
/** A second connection: sees only what is committed to the file. */
let other: BetterSqlite3.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cellwatch-group-commit-'));
  file = join(dir, 'test.db');
  raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.exec(`
    CREATE TABLE facts (id INTEGER PRIMARY KEY, value INTEGER NOT NULL CHECK (value >= 0));
    CREATE TABLE children (
      id INTEGER PRIMARY KEY,
      parent_id INTEGER NOT NULL REFERENCES facts (id) DEFERRABLE INITIALLY DEFERRED
    );
  `);
  dialect = new GroupCommitSqliteDialect(raw);
  db = new Kysely<Tables>({ dialect });
  other = new BetterSqlite3(file, { readonly: true });
});

afterEach(async () => {
  other.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const committed = () =>
  (other.prepare('select value from facts order by value').all() as { value: number }[]).map((r) => r.value);

const write = (value: number) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto('facts').values({ value }).execute();
    return value;
  });

describe('group commit', () => {
  it('answers a transaction only once its writes are committed to the file', async () => {
    expect(await write(1)).toBe(1);
    expect(committed()).toEqual([1]);
    expect(raw.inTransaction).toBe(false);
  });

  it('commits concurrent transactions together, every one of them durable when answered', async () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    const answered: number[][] = [];
    await Promise.all(
      values.map(async (v) => {
        await write(v);
        answered.push(committed());
      }),
    );
    // Each answer came after a COMMIT that held it.
    for (const [i, seen] of answered.entries()) expect(seen.length).toBeGreaterThanOrEqual(i + 1);
    expect(committed()).toEqual(values);
    expect(dialect.driver.stats.transactions).toBe(50);
    expect(dialect.driver.stats.commits).toBeLessThan(50);
  });

  it('rolls back a failed transaction alone: the others in its group are kept', async () => {
    const results = await Promise.allSettled([write(1), write(-1), write(2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed()).toEqual([1, 2]);
  });

  it('fails every transaction in a group whose COMMIT fails, and acknowledges none of them', async () => {
    // A deferred foreign key is checked at COMMIT: the orphan makes the whole group's COMMIT fail.
    const orphan = db.transaction().execute(async (trx) => {
      await trx.insertInto('children').values({ parent_id: 999 }).execute();
    });
    const results = await Promise.allSettled([write(1), orphan, write(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed()).toEqual([]);
    // The next write starts a new group and succeeds.
    await write(3);
    expect(committed()).toEqual([3]);
  });

  it('lets plain statements outside a transaction run, and commits them', async () => {
    await sql`insert into facts (value) values (7)`.execute(db);
    await write(8);
    expect(committed()).toEqual([7, 8]);
  });

  it('commits what is open when the database is closed', async () => {
    await sql`insert into facts (value) values (9)`.execute(db);
    await db.destroy();
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(new BetterSqlite3(file)) });
    expect(committed()).toEqual([9]);
  });
});
