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
    // Infused 23:30 Berlin on 28 March, read at 14:00 Berlin on 2 April: 2 April is Day +5 on the
    // unit's calendar (4 days 15.5 h of elapsed time, across the 23-hour 29 March).
    expect(first.day).toBe(5);
    // The first vital set, 01:30 on 29 March, two hours after the infusion, is on Day +1.
    expect(first.dailyMax[0][0]).toBe(1);
    expect(first.dailyMax.length).toBeGreaterThan(1);
    for (const out of outputs) expect(JSON.parse(out)).toEqual(first);
  }, 120_000);
});
