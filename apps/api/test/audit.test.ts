import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/audit-log.ts';
import { createTestApi, type TestApi } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

const count = async (api: TestApi) =>
  (await api.query<{ n: number }>('select count(*) as n from audit_log'))[0]?.n;

describe('the audit trail', () => {
  it('records writes with who, when, action, entity and before/after', async () => {
    const admin = await api.login('admin');
    const res = await api.request('POST', '/api/users', {
      cookie: admin,
      json: {
        username: 'k.ito',
        displayName: 'Kenji Ito, MD',
        role: 'hematologist',
        password: 'twelve-chars-or-more',
      },
    });
    const { user } = await res.json();
    await api.request('POST', `/api/users/${user.id}/deactivate`, { cookie: admin, json: {} });
    const list = await api.request('GET', '/api/audit?entity=user&limit=2', { cookie: admin });
    expect(list.status).toBe(200);
    const { entries } = await list.json();
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['deactivate', 'create']);
    const [deactivate] = entries;
    expect(deactivate).toMatchObject({
      username: 'admin',
      entity: 'user',
      entityId: String(user.id),
      before: { active: true },
      after: { active: false },
    });
    expect(deactivate.at).toBe(new Date(api.now()).toISOString());
    expect(JSON.stringify(entries)).not.toContain('twelve-chars-or-more');
  });

  it('is hash-chained and verifies through the admin route', async () => {
    await api.login('nurse');
    await api.login('hematologist');
    const admin = await api.login('admin');
    const res = await api.request('GET', '/api/audit/verify', { cookie: admin });
    expect(res.status).toBe(200);
    const rows = await count(api);
    expect(await res.json()).toEqual({
      ok: true,
      rows,
      firstBrokenSeq: null,
      lastSeq: rows,
      legacyRows: 0,
      keyedFromSeq: 1,
      keyIds: [expect.stringMatching(/^k\d{8}-[0-9a-f]{8}$/)],
      legacyFacts: {},
      checkpoint: null,
      problems: [],
      notes: [
        'without a checkpoint kept elsewhere, rows removed from the end of the trail cannot be detected',
      ],
    });
    expect(await count(api)).toBeGreaterThanOrEqual(7); // 4 first-run users + 3 sign-ins
  });

  it('records every read of a patient record', async () => {
    const coord = await api.login('coordinator');
    const created = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'AUD-1',
        givenName: 'Read',
        familyName: 'Audit',
        birthDate: '1990-01-01',
        sex: 'other',
        weightKg: 70,
        diagnosis: 'other',
        product: 'other',
      },
    });
    const { patient } = await created.json();
    for (const path of ['', '/vitals', '/labs', '/toxicity']) {
      expect((await api.request('GET', `/api/patients/${patient.id}${path}`, { cookie: coord })).status).toBe(
        200,
      );
    }
    const reads = await api.query(
      "select entity, username from audit_log where action = 'read' and patient_id = ? order by seq",
      patient.id,
    );
    expect(reads).toEqual([
      { entity: 'patient', username: 'coordinator' },
      { entity: 'vital_sets', username: 'coordinator' },
      { entity: 'lab_results', username: 'coordinator' },
      { entity: 'toxicity', username: 'coordinator' },
    ]);
  });

  it('refuses UPDATE and DELETE at the database level', async () => {
    await expect(api.query("update audit_log set action = 'tampered' where seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(api.query('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
    await expect(api.query('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('detects an altered row when someone bypasses the triggers', async () => {
    await api.login('nurse');
    await api.query(`drop trigger audit_log_no_update${api.store === 'postgres' ? ' on audit_log' : ''}`);
    await api.query("update audit_log set username = 'someone-else' where seq = 2");
    expect(await verifyAuditChain(api.opened.db)).toEqual({ ok: false, rows: 1, firstBrokenSeq: 2 });
  });

  it('detects a removed row', async () => {
    await api.login('nurse');
    await api.query(`drop trigger audit_log_no_delete${api.store === 'postgres' ? ' on audit_log' : ''}`);
    await api.query('delete from audit_log where seq = 3');
    const result = await verifyAuditChain(api.opened.db);
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(3);
  });
});
