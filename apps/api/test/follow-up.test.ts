import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepFollowUpAlerts } from '../src/follow-up/alerts.ts';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';
import { parseIcs } from './ics.ts';

const DAY = 86_400_000;
let api: TestApi;
let coord: string;
let id: number;

const at = (days: number) => new Date(T0 + days * DAY).toISOString();

beforeEach(async () => {
  api = await createTestApi();
  api.advance(150 * DAY); // the course is charted after the fact: now is Day 150
  coord = await api.login('coordinator');
  id = await enrolFollowUpPatient(api, coord, {
    mrn: 'FU-1',
    givenName: 'Fol',
    familyName: 'Lowup',
    birthDate: '1985-01-31',
    sex: 'female',
    weightKg: 62,
    autoantibody: 'anti-dsDNA',
    infusionAt: at(0),
  });
});
afterEach(async () => {
  await api.close();
});

async function labs(days: number, results: { analyte: string; value: number; unit?: string }[]) {
  const res = await api.request('POST', `/api/patients/${id}/labs`, {
    cookie: coord,
    json: { collectedAt: at(days), results },
  });
  expect(res.status, await res.clone().text()).toBe(201);
}
async function picture() {
  const res = await api.request('GET', `/api/patients/${id}/follow-up`, { cookie: coord });
  expect(res.status).toBe(200);
  return res.json();
}
async function openAlertRules(): Promise<string[]> {
  const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord });
  return (await res.json()).alerts.map((a: { rule: string }) => a.rule).sort();
}

describe('long-term follow-up through the API', () => {
  it('follows B-cell aplasia from CD19 values, ignoring a single noisy value, to reconstitution', async () => {
    await labs(-6, [
      { analyte: 'cd19_percent', value: 9 },
      { analyte: 'igg', value: 950 },
    ]);
    await labs(7, [{ analyte: 'cd19_percent', value: 0.2 }]);
    await labs(30, [{ analyte: 'cd19_percent', value: 0.1 }]);
    await labs(60, [{ analyte: 'cd19_percent', value: 1.6 }]); // noisy single value
    await labs(75, [{ analyte: 'cd19_percent', value: 0.3 }]);
    let p = await picture();
    expect(p.bCells).toMatchObject({ status: 'aplasia', aplasiaBeganDay: 7 });
    await labs(110, [{ analyte: 'cd19_percent', value: 2.5 }]);
    await labs(124, [{ analyte: 'cd19_percent', value: 4.1 }]);
    p = await picture();
    expect(p.bCells).toMatchObject({ status: 'reconstituted', reconstitutedDay: 110 });
    expect(p.bCells.reasons.join(' ')).toMatch(/two consecutive|2 consecutive/);
    expect(await openAlertRules()).toContain('b_cell_reconstitution');
  });

  it('recommends IVIG below 400 mg/dL with the dose for weight, plans doses, records them given, and feeds the worklist and calendar', async () => {
    await labs(-6, [{ analyte: 'igg', value: 900 }]);
    await labs(140, [{ analyte: 'igg', value: 3.5, unit: 'g/L' }]);
    let p = await picture();
    expect(p.ivig).toMatchObject({ status: 'indicated' });
    expect(p.ivig.doseG).toBeGreaterThan(20);
    expect(p.ivig.reasons[0]).toMatch(/IgG 350 mg\/dL < 400/);
    expect(await openAlertRules()).toContain('ivig_indicated');

    const plan = await api.request('POST', `/api/patients/${id}/ivig-doses`, {
      cookie: coord,
      json: { firstDueAt: at(152), count: 3 },
    });
    expect(plan.status).toBe(201);
    const { doses } = await plan.json();
    expect(doses.map((d: { dueAt: string }) => d.dueAt)).toEqual([at(152), at(180), at(208)]);
    p = await picture();
    expect(p.doses[0].status).toBe('due_soon');
    await sweepFollowUpAlerts(api.opened.db, api.now());
    expect(await openAlertRules()).toEqual(expect.arrayContaining(['ivig_due_within_7_days']));
    expect(await openAlertRules()).not.toContain('ivig_indicated'); // a dose is planned now
    // The next sweeps find the same dose still due soon: the same alert, not "raised again".
    api.advance(15 * 60_000);
    await sweepFollowUpAlerts(api.opened.db, api.now());
    await sweepFollowUpAlerts(api.opened.db, api.now());
    const dueSoon = (
      await (await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord })).json()
    ).alerts.find((a: { rule: string }) => a.rule === 'ivig_due_within_7_days');
    expect(dueSoon.fireCount).toBe(1);

    const items = (await (await api.request('GET', '/api/worklist?horizonDays=60', { cookie: coord })).json())
      .items;
    expect(
      items.filter((i: { kind: string }) => i.kind === 'ivig_dose').map((i: { dueAt: string }) => i.dueAt),
    ).toEqual([at(152), at(180), at(208)]);
    const sorted = [...items].sort((a: { dueAt: string }, b: { dueAt: string }) =>
      a.dueAt.localeCompare(b.dueAt),
    );
    expect(items).toEqual(sorted);

    const ics = await api.request('GET', '/api/worklist.ics?horizonDays=60', { cookie: coord });
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    const parsed = parseIcs(await ics.text());
    // The calendar carries the whole worklist (doses, IgG checks, visits), initials and id only.
    expect(parsed.events).toHaveLength(items.length);
    const ivigEvents = parsed.events.filter((e) => e.uid.startsWith('ivig_dose-'));
    expect(ivigEvents.map((e) => e.summary)).toEqual(Array(3).fill(`IVIG dose: F.L. #${id}`));
    expect(ivigEvents.map((e) => e.start)).toEqual([
      Date.parse('2026-08-01'),
      Date.parse('2026-08-29'),
      Date.parse('2026-09-26'),
    ]);

    // Given today, two days before it was due (a coordinator moved the infusion chair slot).
    const given = await api.request('POST', `/api/patients/${id}/ivig-doses/${doses[0].id}/given`, {
      cookie: coord,
      json: { givenAt: at(149.9), doseG: 25, lot: 'LOT-4711' },
    });
    expect(given.status).toBe(201);
    const again = await api.request('POST', `/api/patients/${id}/ivig-doses/${doses[0].id}/cancel`, {
      cookie: coord,
      json: { reason: 'double entry' },
    });
    expect(again.status).toBe(409);
    p = await picture();
    expect(p.doses[0]).toMatchObject({
      status: 'given',
      given: { doseG: 25, lot: 'LOT-4711', by: 'Demo Coordinator' },
    });
  });

  it('logs infections that feed the IVIG rule, and corrects them', async () => {
    await labs(140, [{ analyte: 'igg', value: 480 }]);
    expect((await picture()).ivig.status).toBe('not_indicated');
    const inf = await api.request('POST', `/api/patients/${id}/infections`, {
      cookie: coord,
      json: {
        onsetAt: at(130),
        site: 'lung',
        organism: 'Streptococcus pneumoniae',
        bacterial: true,
        ctcaeGrade: 3,
        hospitalised: true,
      },
    });
    expect(inf.status).toBe(201);
    expect((await picture()).ivig.status).toBe('clinician_decision');
    const { infection } = await inf.json();
    await api.request('POST', `/api/patients/${id}/infections/${infection.id}/entered-in-error`, {
      cookie: coord,
      json: { reason: 'other patient' },
    });
    expect((await picture()).ivig.status).toBe('not_indicated');
  });

  it('shows milestones with overdue visits, remission and LICATS', async () => {
    let p = await picture();
    const byId = Object.fromEntries(
      p.milestones.map((m: { id: string; status: string; dueDate: string }) => [m.id, m]),
    );
    expect(byId.day_100).toMatchObject({ status: 'overdue' });
    expect(byId.month_6.dueDate).toBe('2026-09-02'); // infusion 2 March 2026
    await api.request('POST', `/api/patients/${id}/milestones`, {
      cookie: coord,
      json: { milestone: 'day_100', completedAt: at(101) },
    });
    await api.request('POST', `/api/patients/${id}/immunosuppressant-stops`, {
      cookie: coord,
      json: { drug: 'mycophenolate', stoppedAt: at(-10) },
    });
    await api.request('POST', `/api/patients/${id}/remission-assessments`, {
      cookie: coord,
      json: { assessedAt: at(90), inRemission: true },
    });
    const licats = await api.request('POST', `/api/patients/${id}/licats`, {
      cookie: coord,
      json: {
        organ: 'skin',
        onsetAt: at(10),
        resolvedAt: at(20),
        resolvedWithoutTreatment: true,
        glucocorticoidDays: 0,
        innerOrgan: false,
        prolongedOrNewHospitalisation: false,
        icu: false,
      },
    });
    expect((await licats.json()).event.grade).toBe(1);
    p = await picture();
    expect(p.milestones.find((m: { id: string }) => m.id === 'day_100').status).toBe('completed');
    expect(p.remission.status).toBe('drug_free_remission');
    expect(p.licats.events[0]).toMatchObject({ organ: 'skin', grade: 1 });
  });
});
