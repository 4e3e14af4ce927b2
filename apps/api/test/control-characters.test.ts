import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectErrorShape, type TestApi } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

const enrolment = (over: Record<string, unknown>) => ({
  mrn: 'CTRL-1',
  givenName: 'Ada',
  familyName: 'Smith',
  birthDate: '1980-01-01',
  sex: 'female',
  weightKg: 60,
  diagnosis: 'sle',
  product: 'cd19_car_t',
  ...over,
});

describe('control and bidirectional characters in names, identifiers and notes', () => {
  it.each([
    ['a NUL in a family name', { familyName: 'Smi\u0000th' }, 'familyName'],
    ['a right-to-left override in a given name', { givenName: 'Ada\u202Ehtims' }, 'givenName'],
    ['a first-strong isolate in the trial id', { trialId: 'NCT\u2068123' }, 'trialId'],
    ['a line break in a family name', { familyName: 'Smith\nJones' }, 'familyName'],
    ['an escape in the autoantibody', { autoantibody: 'anti\u001b[31m-dsDNA' }, 'autoantibody'],
  ])('refuses %s with 400 naming the field and enrols nobody', async (_what, over, field) => {
    const coord = await api.login('coordinator');
    const res = await api.request('POST', '/api/patients', { cookie: coord, json: enrolment(over) });
    expect(res.status).toBe(400);
    const error = await expectErrorShape(res);
    expect(error.fields).toEqual([expect.objectContaining({ path: field })]);
    expect(await api.query('select id from patients where mrn = ?', 'CTRL-1')).toEqual([]);
  });

  it('accepts names in any script, and notes with line breaks and tabs', async () => {
    const coord = await api.login('coordinator');
    const nurse = await api.login('nurse');
    const res = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: enrolment({ givenName: 'Zoë', familyName: 'عبد الله' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()).patient;
    const vitals = await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(api.now()).toISOString(), heartRate: 80, note: 'line one\n\tline two' },
    });
    expect(vitals.status).toBe(201);
    const note = await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(api.now()).toISOString(), heartRate: 80, note: 'bad \u0000 note' },
    });
    expect(note.status).toBe(400);
    expect((await expectErrorShape(note)).fields).toEqual([expect.objectContaining({ path: 'note' })]);
  });

  it('refuses a user display name with a bidi override', async () => {
    const admin = await api.login('admin');
    const res = await api.request('POST', '/api/users', {
      cookie: admin,
      json: {
        username: 'newnurse',
        displayName: 'Nurse \u202Dx',
        role: 'nurse',
        password: 'a-long-password-123',
      },
    });
    expect(res.status).toBe(400);
    expect((await expectErrorShape(res)).fields).toEqual([expect.objectContaining({ path: 'displayName' })]);
  });
});
