import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openSqlite } from './sqlite.ts';

describe('WAL checkpoints off the request path', () => {
  let dir: string;
  let opened: OpenedDatabase | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the writer never checkpoints; the checkpointer thread copies every committed frame into the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cellwatch-ckpt-'));
    const file = join(dir, 'c.db');
    opened = await openSqlite(file, { env: { CELLWATCH_AUDIT_KEY: 'k1:0123456789abcdef0123456789abcdef' } });
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(opened.checkpointer).not.toBeNull();
    await sql`create table filler (id integer primary key, body text)`.execute(opened.db);
    // Well past the 1,000 pages at which the writer would otherwise checkpoint inside a COMMIT.
    for (let i = 0; i < 40; i++) {
      await opened.db.transaction().execute(async (trx) => {
        for (let j = 0; j < 50; j++) {
          await sql`insert into filler (body) values (${'x'.repeat(4000)})`.execute(trx);
        }
      });
    }
    const walBytes = statSync(`${file}-wal`).size;
    expect(walBytes).toBeGreaterThan(1000 * 4096);
    const result = await opened.checkpointer?.checkpointNow();
    expect(result?.log).toBeGreaterThan(1000);
    expect(result?.checkpointed).toBe(result?.log);
    // Nothing was lost on the way: every row is there.
    const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(opened.db);
    expect(rows.rows[0]?.n).toBe(2000);
  });

  it('a database in memory has no checkpointer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cellwatch-ckpt-'));
    opened = await openSqlite(':memory:');
    expect(opened.checkpointer).toBeNull();
  });
});
