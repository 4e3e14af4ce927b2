import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const API_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
];

describe('clock and time zones', () => {
  it('gives the same Day numbers and grades whatever the server time zone, across a DST change', () => {
    const outputs = ZONES.map((TZ) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'test/reliability/tz-probe.ts'], {
        cwd: API_DIR,
        env: { ...process.env, TZ },
        encoding: 'utf8',
      }).trim(),
    );
    const first = JSON.parse(outputs[0] as string);
    expect(first.day).toBe(4);
    expect(first.dailyMax.length).toBeGreaterThan(1);
    for (const out of outputs) expect(JSON.parse(out)).toEqual(first);
  }, 120_000);
});
