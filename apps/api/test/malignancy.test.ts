import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, expectErrorShape, T0, type TestApi } from './helpers.ts';

/**
 * Lifelong follow-up for second malignancies: charting one creates the task to arrange CAR
 * transgene testing of the tumour sample (FDA, January 2024), tracked with an alert until done.
 */
const DAY = 86_400_000;
let api: TestApi;
let coord: string;
let id: number;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const date = (days: number) => at(days).slice(0, 10);
const TUMOUR = {
  diagnosedOn: date(700),
  type: 't_cell_lymphoma',
  site: 'cervical lymph node',
  tumourSampleAvailable: true,
};

beforeEach(async () => {
  api = await createTestApi();
  api.advance(730 * DAY); // now is Day 730 of a patient infused on T0
  coord = await api.login('coordinator');
  id = await enrolFollowUpPatient(api, coord, {
    mrn: 'MRN-55102',
    givenName: 'Orla',
    familyName: 'Pemberwick',
    birthDate: '1984-09-12',
    sex: 'female',
    weightKg: 58,
    infusionAt: at(0),
  });
});
afterEach(async () => {
  await api.close();
});

const count = async (table: string) =>
  Number((await api.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);
const chart = (json: unknown, cookie = coord) =>
  api.request('POST', `/api/patients/${id}/malignancies`, { cookie, json });
async function malignancies() {
  const res = await api.request('GET', `/api/patients/${id}/malignancies`, { cookie: coord });
  expect(res.status).toBe(200);
  return (await res.json()).malignancies;
}
const openAlerts = async () =>
  api.query<{ rule: string; status: string; message: string }>(
    `select rule, status, message from alerts where rule = 'transgene_testing_open' and status != 'resolved'`,
  );

describe('charting a new malignancy', () => {
  it('creates the transgene-testing task in the same write, audited, with a coordinator alert', async () => {
    const auditBefore = await count('audit_log');
    const res = await chart({ ...TUMOUR, notes: 'CD4+ T-cell lymphoma on biopsy' });
    expect(res.status).toBe(201);
    const { malignancy } = await res.json();
    expect(malignancy).toMatchObject({
      diagnosedOn: date(700),
      type: 't_cell_lymphoma',
      site: 'cervical lymph node',
      tumourSampleAvailable: true,
      notes: 'CD4+ T-cell lymphoma on biopsy',
      enteredInError: null,
      task: {
        status: 'open',
        title: 'Contact the manufacturer to arrange CAR transgene testing of the tumour sample',
        done: null,
      },
    });
    expect(malignancy.task.source).toContain('January 2024');
    expect(await count('malignancy_events')).toBe(1);
    expect(await count('transgene_testing_tasks')).toBe(1);
    const audit = await api.query<{ action: string; entity: string; after_json: string }>(
      `select action, entity, after_json from audit_log where seq > ? order by seq`,
      auditBefore,
    );
    const create = audit.find((a) => a.action === 'create' && a.entity === 'malignancy');
    expect(JSON.parse(create?.after_json ?? '{}').task.malignancy_id).toBe(malignancy.id);
    const alerts = await openAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toContain(`diagnosed ${date(700)}`);
    expect(await malignancies()).toEqual([malignancy]);
  });

  it('refuses bad input with 400 naming field and reason, and writes nothing', async () => {
    const auditBefore = await count('audit_log');
    for (const [body, path] of [
      [{ ...TUMOUR, type: 'lymphoma' }, 'type'],
      [{ ...TUMOUR, diagnosedOn: '2027-13-01' }, 'diagnosedOn'],
      [{ ...TUMOUR, site: '' }, 'site'],
      [{ ...TUMOUR, tumourSampleAvailable: 'yes' }, 'tumourSampleAvailable'],
      [{ ...TUMOUR, extra: 1 }, '(body)'],
    ] as const) {
      const res = await chart(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await expectErrorShape(res);
      const fields = error.fields as { path: string; message: string }[];
      expect(
        fields.some((f) => f.path === path && f.message.length > 0),
        JSON.stringify(fields),
      ).toBe(true);
    }
    const future = await chart({ ...TUMOUR, diagnosedOn: date(760) });
    expect(future.status).toBe(422);
    expect((await expectErrorShape(future)).fields).toEqual([
      { path: 'diagnosedOn', message: 'is in the future' },
    ]);
    expect(await count('malignancy_events')).toBe(0);
    expect(await count('transgene_testing_tasks')).toBe(0);
    expect(await count('audit_log')).toBe(auditBefore);
  });

  it('is charted by coordinators and hematologists, not by nurses', async () => {
    const nurse = await api.login('nurse');
    expect((await chart(TUMOUR, nurse)).status).toBe(403);
    expect(await count('malignancy_events')).toBe(0);
  });
});

describe('the transgene-testing task', () => {
  it('marked done with date and who: the alert resolves; undoing it reopens the task', async () => {
    const { malignancy } = await (await chart(TUMOUR)).json();
    const done = await api.request(
      'POST',
      `/api/patients/${id}/transgene-testing-tasks/${malignancy.task.id}/done`,
      {
        cookie: coord,
        json: { doneOn: date(705), note: 'manufacturer case ref 88-1' },
      },
    );
    expect(done.status).toBe(201);
    const [after] = await malignancies();
    expect(after.task).toMatchObject({
      status: 'done',
      done: {
        doneOn: date(705),
        note: 'manufacturer case ref 88-1',
        by: { displayName: expect.any(String) },
      },
    });
    expect(await openAlerts()).toHaveLength(0);

    const again = await api.request(
      'POST',
      `/api/patients/${id}/transgene-testing-tasks/${malignancy.task.id}/done`,
      {
        cookie: coord,
        json: { doneOn: date(706) },
      },
    );
    expect(again.status).toBe(409);

    const undo = await api.request(
      'POST',
      `/api/patients/${id}/transgene-testing-done/${after.task.done.id}/entered-in-error`,
      {
        cookie: coord,
        json: { reason: 'wrong patient' },
      },
    );
    expect(undo.status).toBe(200);
    expect((await malignancies())[0].task).toMatchObject({ status: 'open', done: null });
    expect(await openAlerts()).toHaveLength(1);
    expect(await count('transgene_testing_done')).toBe(1); // kept, marked
  });

  it('refuses a completion before the diagnosis (422) and an unknown task (404)', async () => {
    const { malignancy } = await (await chart(TUMOUR)).json();
    const early = await api.request(
      'POST',
      `/api/patients/${id}/transgene-testing-tasks/${malignancy.task.id}/done`,
      {
        cookie: coord,
        json: { doneOn: date(690) },
      },
    );
    expect(early.status).toBe(422);
    expect((await expectErrorShape(early)).fields).toEqual([
      { path: 'doneOn', message: 'is before the diagnosis' },
    ]);
    const unknown = await api.request('POST', `/api/patients/${id}/transgene-testing-tasks/999/done`, {
      cookie: coord,
      json: { doneOn: date(705) },
    });
    expect(unknown.status).toBe(404);
    expect(await count('transgene_testing_done')).toBe(0);
  });

  it('a malignancy entered in error is kept, its task no longer tracked, the alert resolved, audited', async () => {
    const { malignancy } = await (await chart(TUMOUR)).json();
    const auditBefore = await count('audit_log');
    const res = await api.request(
      'POST',
      `/api/patients/${id}/malignancies/${malignancy.id}/entered-in-error`,
      {
        cookie: coord,
        json: { reason: 'charted on the wrong patient' },
      },
    );
    expect(res.status).toBe(200);
    const [kept] = await malignancies();
    expect(kept.enteredInError).toMatchObject({ reason: 'charted on the wrong patient' });
    expect(kept.task.status).toBe('entered_in_error');
    expect(await openAlerts()).toHaveLength(0);
    expect(await count('malignancy_events')).toBe(1);
    const audit = await api.query<{ action: string; entity: string }>(
      `select action, entity from audit_log where seq > ?`,
      auditBefore,
    );
    expect(audit).toContainEqual({ action: 'mark_entered_in_error', entity: 'malignancy' });
    const done = await api.request(
      'POST',
      `/api/patients/${id}/transgene-testing-tasks/${malignancy.task.id}/done`,
      {
        cookie: coord,
        json: { doneOn: date(705) },
      },
    );
    expect(done.status).toBe(409);
  });
});
