import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, checkDatabase, restoreDatabase } from '../../src/ops/backup.ts';
import { Client, startServer } from './server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cellwatch-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('backup and restore', () => {
  it('backs up online while the server writes, and restores into a new database with the same rows and a valid chain', async () => {
    const file = join(dir, 'live.db');
    const server = await startServer({
      CELLWATCH_DB: file,
      CELLWATCH_DEMO: '0',
      CELLWATCH_DEMO_PASSWORD: 'backup-pass-123',
      CELLWATCH_SCRYPT_LOG_N: '10',
    });
    try {
      const admin = new Client(server.url);
      await admin.login('admin', 'backup-pass-123');
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          const res = await admin.send('POST', '/api/users', {
            username: `user${written}`,
            displayName: `User ${written}`,
            role: 'nurse',
            password: 'a-long-password-1',
          });
          if (res.status === 201) written++;
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      const backup = await backupDatabase(file, join(dir, 'backup.db'));
      await new Promise((r) => setTimeout(r, 200));
      writing = false;
      await writer;
      expect(backup.integrity).toBe('ok');
      expect(backup.auditChain.ok).toBe(true);
      expect(backup.rowCounts.users).toBeGreaterThan(1);
      expect(written).toBeGreaterThan(backup.rowCounts.users ?? 0); // writes went on after the backup

      const restored = await restoreDatabase(join(dir, 'backup.db'), join(dir, 'restored.db'));
      expect(restored.rowCounts).toEqual(backup.rowCounts);
      expect(restored.auditChain).toEqual(backup.auditChain);
      await expect(restoreDatabase(join(dir, 'backup.db'), join(dir, 'restored.db'))).rejects.toThrow(
        /exists/,
      );
    } finally {
      await server.kill('SIGTERM');
    }
  }, 60_000);

  it('works as the pnpm backup and pnpm restore commands', async () => {
    const source = (await checkDatabase(join(dir, 'live.db'))).rowCounts;
    const env = { ...process.env, CELLWATCH_DB: join(dir, 'live.db') };
    const out = execFileSync('pnpm', ['--silent', 'backup', join(dir, 'cmd-backup.db')], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(out).toMatch(/integrity: ok; audit chain: ok/);
    const restoreOut = execFileSync(
      'pnpm',
      ['--silent', 'restore', join(dir, 'cmd-backup.db'), join(dir, 'cmd-restored.db')],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      },
    );
    expect(restoreOut).toMatch(/restored/);
    expect((await checkDatabase(join(dir, 'cmd-restored.db'))).rowCounts).toEqual(source);
  }, 60_000);
});
