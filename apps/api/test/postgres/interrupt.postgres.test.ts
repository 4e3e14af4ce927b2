import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the throwaway test server', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'is stopped and removed when its process gets %s',
    async (signal) => {
      const child = spawn(tsx, [join(here, 'start-and-wait.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
      const started = await new Promise<{ dir: string; port: number }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const line = out.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve(JSON.parse(line));
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      expect(existsSync(started.dir)).toBe(true);
      expect(await accepts(started.port)).toBe(true);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
      // tsx relays the signal to the process running the script, which may finish stopping the
      // server just after tsx itself has exited.
      await expect.poll(() => existsSync(started.dir), { timeout: 20_000 }).toBe(false);
      await expect.poll(() => accepts(started.port), { timeout: 20_000 }).toBe(false);
    },
  );
});
