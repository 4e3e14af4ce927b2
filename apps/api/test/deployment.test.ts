import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema, loadConfig } from '../src/config.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

// No Docker engine runs on these machines: what can be checked is that the files say what the
// app reads and does, and that the image runs the same commands CI does.
describe('deployment files', () => {
  const service = compose.services.cellwatch;

  it('run one service with the same start command, as a non-root user', () => {
    expect(Object.keys(compose.services)).toEqual(['cellwatch']);
    expect(dockerfile).toMatch(/^CMD \["pnpm", "start"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain(`pnpm@${rootPackage.packageManager.split('@')[1]}`);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
  });

  it('keep the SQLite file on a named volume', () => {
    const dbDir = dirname(service.environment.CELLWATCH_DB);
    expect(service.volumes).toContain(`cellwatch-data:${dbDir}`);
    expect(Object.keys(compose.volumes)).toContain('cellwatch-data');
  });

  it('publish the port the app listens on and check its health endpoint', () => {
    expect(service.ports).toContain(`${service.environment.PORT}:${service.environment.PORT}`);
    expect(service.healthcheck.test.join(' ')).toContain(`localhost:${service.environment.PORT}/api/health`);
  });

  it('pass only settings the app reads, and valid ones', () => {
    const known = Object.keys(ConfigSchema.shape);
    for (const name of Object.keys(service.environment)) expect(known).toContain(name);
    const resolved = Object.fromEntries(
      Object.entries(service.environment as Record<string, string>).map(([k, v]) => [
        k,
        v.replace(/\$\{\w+:-([^}]*)\}/, '$1'),
      ]),
    );
    expect(() => loadConfig(resolved)).not.toThrow();
    expect(loadConfig(resolved).PORT).toBe(8787);
  });
});
