import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({ INIT_CWD: '/srv/cellwatch' });
    expect(c).toMatchObject({
      PORT: 8787,
      CELLWATCH_DB: '/srv/cellwatch/data/cellwatch.db',
      CELLWATCH_DEMO: true,
      CELLWATCH_SESSION_IDLE_MINUTES: 30,
      CELLWATCH_SESSION_ABSOLUTE_HOURS: 12,
      CELLWATCH_SCRYPT_LOG_N: 17,
    });
    expect(c.CELLWATCH_DEMO_PASSWORD).toBeUndefined();
  });

  it('reads the environment, treating empty values as unset', () => {
    const c = loadConfig({
      PORT: '9000',
      CELLWATCH_DEMO: '0',
      CELLWATCH_DEMO_PASSWORD: '',
      CELLWATCH_DB: '/var/lib/cw.db',
    });
    expect(c).toMatchObject({ PORT: 9000, CELLWATCH_DEMO: false, CELLWATCH_DB: '/var/lib/cw.db' });
    expect(c.CELLWATCH_DEMO_PASSWORD).toBeUndefined();
  });

  it('refuses invalid settings with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ CELLWATCH_DEMO: 'maybe' })).toThrow(/CELLWATCH_DEMO/);
    expect(() => loadConfig({ CELLWATCH_UNIT_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /CELLWATCH_UNIT_TIME_ZONE: must be an IANA time zone/,
    );
  });

  it("takes the unit's time zone for Day numbers, by default the server's", () => {
    expect(loadConfig({ CELLWATCH_UNIT_TIME_ZONE: 'Europe/Berlin' }).CELLWATCH_UNIT_TIME_ZONE).toBe(
      'Europe/Berlin',
    );
    expect(loadConfig({}).CELLWATCH_UNIT_TIME_ZONE).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
