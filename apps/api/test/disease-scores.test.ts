import { FollowUpPicture } from '@cellwatch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';

/**
 * Disease activity scores through the API: charted and audited, impossible ones refused with
 * field and reason and nothing written, entered-in-error marks, and the remission view in the
 * follow-up picture (definition, basis, rule version, score course, stops, autoantibodies).
 */
const DAY = 86_400_000;
let api: TestApi;
let coord: string;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

/** Every SLEDAI-2K component quiet: the DORIS components of a patient in drug-free remission. */
const NO_ACTIVITY = ['majorOrganActivity', 'haemolyticOrGiActivity', 'newActivitySincePrevious'];
const NO_DRUGS = ['antimalarial', 'immunosuppressantOrBiologic'];
const quiet = {
  ...{ clinicalSledai: 0, sledai: 0, pga: 0, prednisoloneMgPerDay: 0 },
  ...Object.fromEntries([...NO_ACTIVITY, ...NO_DRUGS].map((flag) => [flag, false])),
};

beforeEach(async () => {
  api = await createTestApi();
  api.advance(200 * DAY);
  coord = await api.login('coordinator');
});
afterEach(async () => {
  await api.close();
});

const enrol = (diagnosis: string, autoantibody: string) =>
  enrolFollowUpPatient(api, coord, {
    mrn: `MRN-${diagnosis.length}4471`,
    givenName: 'Ines',
    familyName: 'Varga',
    birthDate: '1983-04-19',
    sex: 'female',
    weightKg: 61,
    diagnosis,
    autoantibody,
    lymphodepletionStart: at(-5).slice(0, 10),
    infusionAt: at(0),
  });
const post = (id: number, path: string, json: unknown, cookie = coord) =>
  api.request('POST', `/api/patients/${id}${path}`, { cookie, json });
async function picture(id: number) {
  const res = await api.request('GET', `/api/patients/${id}/follow-up`, { cookie: coord });
  expect(res.status).toBe(200);
  return FollowUpPicture.parse(await res.json());
}
const count = async (table: string) =>
  Number((await api.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);

describe('SLE: SLEDAI-2K with its DORIS components', () => {
  it('charts the course (audited); DORIS holds on the latest, with basis, source and rule version', async () => {
    const id = await enrol('sle', 'anti-dsDNA');
    const first = await post(id, '/disease-scores', {
      kind: 'sledai_2k',
      assessedAt: at(-7),
      components: {
        ...quiet,
        clinicalSledai: 12,
        sledai: 16,
        pga: 2,
        prednisoloneMgPerDay: 15,
        majorOrganActivity: true,
      },
    });
    expect(first.status, await first.clone().text()).toBe(201);
    expect((await first.json()).score).toMatchObject({ kind: 'sledai_2k', value: 16 });
    const rows = await api.query<{ entity: string }>(
      "select entity from audit_log where action = 'create' order by seq desc limit 1",
    );
    expect(rows[0]).toEqual({ entity: 'disease_score' });
    expect((await picture(id)).diseaseRemission).toMatchObject({
      status: 'not_in_remission',
      level: 'active',
    });

    await post(id, '/immunosuppressant-stops', { drug: 'mycophenolate', stoppedAt: at(-3) });
    await post(id, '/labs', { collectedAt: at(-7), results: [{ analyte: 'autoantibody', value: 240 }] });
    await post(id, '/labs', { collectedAt: at(180), results: [{ analyte: 'autoantibody', value: 4 }] });
    const last = await post(id, '/disease-scores', {
      kind: 'sledai_2k',
      assessedAt: at(180),
      components: quiet,
    });
    expect(last.status).toBe(201);
    const view = await picture(id);
    expect(view.diseaseRemission).toMatchObject({
      disease: 'sle',
      status: 'in_remission',
      holds: true,
      level: 'drug_free_doris',
      instruments: ['sledai_2k'],
    });
    expect(view.diseaseRemission.definition).toContain('DORIS 2021');
    expect(view.diseaseRemission.source).toContain('van Vollenhoven 2021');
    expect(view.diseaseRemission.ruleVersion).toMatch(/cellwatch/);
    expect(view.diseaseRemission.basis).toContain('DORIS: clinical SLEDAI-2K 0 = 0');
    expect(view.diseaseRemission.courses[0]?.points.map((p) => [p.day, p.value])).toEqual([
      [-7, 16],
      [180, 0],
    ]);
    expect(view.diseaseScores.map((s) => s.components?.clinicalSledai)).toEqual([12, 0]);
    expect(view.immunosuppressantStops.map((s) => s.drug)).toEqual(['mycophenolate']);
    expect(view.autoantibodies[0]?.points.map((p) => p.value)).toEqual([240, 4]);
  });

  it('refuses impossible scores and components with field and reason, writing nothing', async () => {
    const id = await enrol('sle', 'anti-dsDNA');
    const before = [await count('disease_scores'), await count('audit_log')];
    const cases: [unknown, number, { path: string; message: string }[] | null][] = [
      [
        { kind: 'sledai_2k', assessedAt: at(10), components: { ...quiet, clinicalSledai: 6, sledai: 4 } },
        422,
        [{ path: 'components.clinicalSledai', message: 'cannot exceed the full SLEDAI-2K total' }],
      ],
      [
        { kind: 'sledai_2k', assessedAt: at(10), components: { ...quiet, pga: 4 } },
        422,
        [{ path: 'components.pga', message: 'must be a number from 0 to 3' }],
      ],
      [
        { kind: 'sledai_2k', assessedAt: at(10), components: { ...quiet, sledai: 106, clinicalSledai: 0 } },
        422,
        [{ path: 'components.sledai', message: 'SLEDAI-2K runs from 0 to 105' }],
      ],
      [
        { kind: 'mg_adl', assessedAt: at(10), value: 25 },
        422,
        [{ path: 'value', message: 'MG-ADL runs from 0 to 24' }],
      ],
      [
        { kind: 'mrss', assessedAt: at(10), value: 3.5 },
        422,
        [{ path: 'value', message: 'mRSS is a whole number' }],
      ],
      [
        { kind: 'pdai', assessedAt: at(300), value: 0 },
        422,
        [{ path: 'assessedAt', message: 'is in the future' }],
      ],
      [{ kind: 'sledai_2k', assessedAt: at(10), value: 0 }, 400, null],
      [{ kind: 'das28', assessedAt: at(10), value: 2 }, 400, null],
    ];
    for (const [body, status, fields] of cases) {
      const res = await post(id, '/disease-scores', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const { error } = await res.json();
      if (fields) expect(error.fields).toEqual(fields);
      else expect(error.fields.length).toBeGreaterThan(0);
    }
    expect([await count('disease_scores'), await count('audit_log')]).toEqual(before);
  });

  it('entered-in-error keeps the score but drops it from the view; a nurse reads, cannot chart', async () => {
    const id = await enrol('sle', 'anti-dsDNA');
    await post(id, '/disease-scores', {
      kind: 'sledai_2k',
      assessedAt: at(90),
      components: { ...quiet, clinicalSledai: 4, sledai: 4 },
    });
    const wrong = await (
      await post(id, '/disease-scores', { kind: 'sledai_2k', assessedAt: at(150), components: quiet })
    ).json();
    expect((await picture(id)).diseaseRemission.status).toBe('in_remission');
    const undo = await post(id, `/disease-scores/${wrong.score.id}/entered-in-error`, {
      reason: 'other patient',
    });
    expect(undo.status).toBe(200);
    const view = await picture(id);
    expect(view.diseaseRemission.status).toBe('not_in_remission');
    expect(view.diseaseScores).toHaveLength(1);
    expect(await count('disease_scores')).toBe(2); // never deleted
    const marks = await api.query<{ entity: string }>(
      "select entity from audit_log where action = 'mark_entered_in_error'",
    );
    expect(marks).toEqual([{ entity: 'disease activity score' }]);
    const nurse = await api.login('nurse');
    const list = await api.request('GET', `/api/patients/${id}/disease-scores`, { cookie: nurse });
    expect(list.status).toBe(200);
    const { scores } = await list.json();
    expect(scores[0]).toMatchObject({ value: 0, enteredInError: { reason: 'other patient' } });
    expect(
      (
        await post(
          id,
          '/disease-scores',
          { kind: 'sledai_2k', assessedAt: at(160), components: quiet },
          nurse,
        )
      ).status,
    ).toBe(403);
  });
});

describe('the other diseases', () => {
  it('MuSK myasthenia: MG-ADL 1 is minimal symptom expression, QMG shown', async () => {
    const id = await enrol('musk_myasthenia_gravis', 'anti-MuSK');
    await post(id, '/disease-scores', { kind: 'mg_adl', assessedAt: at(120), value: 1 });
    await post(id, '/disease-scores', { kind: 'qmg', assessedAt: at(120), value: 4 });
    const { diseaseRemission } = await picture(id);
    expect(diseaseRemission).toMatchObject({ status: 'in_remission', level: 'minimal_symptom_expression' });
    expect(diseaseRemission.courses.map((c) => [c.kind, c.points.length])).toEqual([
      ['mg_adl', 1],
      ['qmg', 1],
    ]);
    expect(diseaseRemission.basis[1]).toContain('QMG 4');
  });
  it('pemphigus: PDAI 0 while still on rituximab is not off therapy', async () => {
    const id = await enrol('pemphigus_vulgaris', 'anti-Dsg3');
    await post(id, '/disease-scores', { kind: 'pdai', assessedAt: at(150), value: 0 });
    await post(id, '/remission-assessments', {
      assessedAt: at(150),
      inRemission: true,
      activeImmunosuppressants: ['rituximab'],
    });
    const { diseaseRemission } = await picture(id);
    expect(diseaseRemission).toMatchObject({
      status: 'not_in_remission',
      level: 'complete_remission_on_therapy',
    });
    expect(diseaseRemission.source).toContain('Murrell 2008');
  });
  it('myositis: the remission threshold on the TIS is the protocol setting the site gives', async () => {
    const id = await enrol('myositis', 'anti-Jo-1');
    await post(id, '/disease-scores', { kind: 'myositis_tis', assessedAt: at(180), value: 45 });
    expect((await picture(id)).diseaseRemission).toMatchObject({
      status: 'not_in_remission',
      level: 'moderate',
    });
    api.services.followUp.diseaseRemission = { myositisRemissionTisAtLeast: 40 };
    const { diseaseRemission } = await picture(id);
    expect(diseaseRemission).toMatchObject({ status: 'in_remission', level: 'moderate' });
    expect(diseaseRemission.settings.myositisRemissionTisAtLeast).toBe(40);
  });
  it('no scores yet: no assessment, with the disease’s instruments', async () => {
    const id = await enrol('systemic_sclerosis', 'anti-Scl-70');
    const { diseaseRemission } = await picture(id);
    expect(diseaseRemission).toMatchObject({ status: 'no_assessment', instruments: ['mrss', 'eustar_ai'] });
  });
});
