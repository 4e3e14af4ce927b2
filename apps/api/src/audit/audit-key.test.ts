import { describe, expect, it } from 'vitest';
import { loadAuditKeyring, newAuditKeyLine, parseAuditKeys } from './audit-key.ts';

const SECRET = 'x'.repeat(40);

describe('the audit keyring', () => {
  it('takes `<id>:<secret>` entries, one per line or comma-separated, the last signing new rows', () => {
    const ring = parseAuditKeys(`# old key\nk1:${SECRET}\n\nk2:${'y'.repeat(40)}`, 'test');
    expect(ring.ids).toEqual(['k1', 'k2']);
    expect(ring.current.id).toBe('k2');
    expect(parseAuditKeys(`k1:${SECRET},k2:${'y'.repeat(40)}`, 'test').ids).toEqual(['k1', 'k2']);
    expect(ring.mac('k1', 'm')).toMatch(/^[0-9a-f]{64}$/);
    expect(ring.mac('k1', 'm')).not.toBe(ring.mac('k2', 'm'));
    expect(ring.mac('k3', 'm')).toBeNull();
  });

  it('names a bare secret by its fingerprint, the same every time', () => {
    const a = parseAuditKeys(SECRET, 'test').current.id;
    expect(a).toMatch(/^k-[0-9a-f]{12}$/);
    expect(parseAuditKeys(SECRET, 'again').current.id).toBe(a);
    expect(a).not.toContain(SECRET.slice(0, 8));
  });

  it('refuses short secrets, bad ids, repeated ids and an empty keyring, saying where', () => {
    expect(() => parseAuditKeys('k1:short', 'CELLWATCH_AUDIT_KEY')).toThrow(
      /CELLWATCH_AUDIT_KEY: audit key k1 is shorter than 32/,
    );
    expect(() => parseAuditKeys(`bad id:${SECRET}`, 'f')).toThrow(/id that is not/);
    expect(() => parseAuditKeys(`k1:${SECRET}\nk1:${SECRET}y`, 'f')).toThrow(/names key k1 twice/);
    expect(() => parseAuditKeys('# nothing\n', 'f')).toThrow(/holds no audit key/);
  });

  it('makes new keys of 256 random bits', () => {
    const [a, b] = [newAuditKeyLine(new Date('2026-12-02T10:00:00Z')), newAuditKeyLine()];
    expect(a).toMatch(/^k20261202-[0-9a-f]{8}:[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('prefers CELLWATCH_AUDIT_KEY, and refuses a keyring that lacks the key of the newest row', () => {
    const env = { CELLWATCH_AUDIT_KEY: `k9:${SECRET}` };
    expect(loadAuditKeyring({ env, defaultKeyFile: '/nonexistent/dir/key' }, null).current.id).toBe('k9');
    expect(() => loadAuditKeyring({ env }, 'k8')).toThrow(/audit key k8, which is not in the keyring \(k9\)/);
    expect(() => loadAuditKeyring({ env: {} }, null)).toThrow(
      /set CELLWATCH_AUDIT_KEY or CELLWATCH_AUDIT_KEY_FILE/,
    );
  });
});
