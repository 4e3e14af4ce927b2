import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';
import { parseIcs } from './ics.ts';

/**
 * The coordinator's follow-up work: visits marked done (and undone), visits whose data was
 * charted, IVIG planned with its dose and warnings, and the secret calendar feed.
 */
const DAY = 86_400_000;
let api: TestApi;
let coord: string;
let id: number;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

beforeEach(async () => {
  api = await createTestApi();
  api.advance(150 * DAY); // now is Day 150 of a patient infused on T0
  coord = await api.login('coordinator');
  id = await enrolFollowUpPatient(api, coord, {
    mrn: 'MRN-77123',
    givenName: 'Quentin',
    familyName: 'Zyxwarth',
    birthDate: '1979-05-04',
    sex: 'male',
    weightKg: 62,
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
async function milestone(which: string) {
  return (await picture()).milestones.find((m: { id: string }) => m.id === which);
}
async function worklistItems(horizonDays = 14, cookie = coord) {
  const res = await api.request('GET', `/api/worklist?horizonDays=${horizonDays}`, { cookie });
  expect(res.status).toBe(200);
  return (await res.json()).items as {
    patientId: number;
    kind: string;
    dueAt: string;
    status: string;
    title: string;
  }[];
}
const count = async (table: string) =>
  Number((await api.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);

describe('follow-up visits marked done', () => {
  it('records the visit with its date, audited; entered-in-error undoes it and keeps the fact', async () => {
    expect(await milestone('day_28')).toMatchObject({ status: 'overdue' });
    const auditBefore = await count('audit_log');
    const done = await api.request('POST', `/api/patients/${id}/milestones`, {
      cookie: coord,
      json: { milestone: 'day_28', completedAt: at(29) },
    });
    expect(done.status).toBe(201);
    const { visit } = await done.json();
    const m = await milestone('day_28');
    expect(m).toMatchObject({
      status: 'completed',
      completedBy: 'visit',
      completedAt: Date.parse(at(29)),
      visitFactId: visit.id,
      reason: 'Day 28 visit completed on 2026-03-31',
    });
    const audit = await api.query<{ action: string; entity: string }>(
      'select action, entity from audit_log where seq > ? order by seq',
      auditBefore,
    );
    expect(audit.map((a) => a.action)).toContain('create');
    expect((await worklistItems(14)).filter((i) => i.kind === 'milestone').map((i) => i.title)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^Day 28/)]),
    );

    // Done twice is refused: the first must be corrected instead.
    const twice = await api.request('POST', `/api/patients/${id}/milestones`, {
      cookie: coord,
      json: { milestone: 'day_28', completedAt: at(30) },
    });
    expect(twice.status).toBe(409);

    const undo = await api.request('POST', `/api/patients/${id}/milestones/${visit.id}/entered-in-error`, {
      cookie: coord,
      json: { reason: 'wrong patient' },
    });
    expect(undo.status).toBe(200);
    expect(await milestone('day_28')).toMatchObject({ status: 'overdue', visitFactId: null });
    expect(await count('milestone_visits')).toBe(1); // never deleted
    const last = await api.query<{ action: string; entity: string }>(
      "select action, entity from audit_log where action != 'read' order by seq desc limit 1",
    );
    expect(last[0]).toEqual({ action: 'mark_entered_in_error', entity: 'completed follow-up visit' });

    // After the correction the visit can be recorded again.
    const again = await api.request('POST', `/api/patients/${id}/milestones`, {
      cookie: coord,
      json: { milestone: 'day_28', completedAt: at(30) },
    });
    expect(again.status).toBe(201);
  });

  it('refuses a visit done before the infusion (422), writing nothing', async () => {
    const before = [await count('milestone_visits'), await count('audit_log')];
    const res = await api.request('POST', `/api/patients/${id}/milestones`, {
      cookie: coord,
      json: { milestone: 'day_7', completedAt: at(-2) },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toEqual([
      { path: 'completedAt', message: 'is before the infusion' },
    ]);
    expect([await count('milestone_visits'), await count('audit_log')]).toEqual(before);
  });
});

describe('a visit with its data charted is not overdue', () => {
  it('a Day 14 CD19 charted within the window completes the Day 14 visit, in the picture and the worklist', async () => {
    api.advance(-(150 - 25) * DAY); // now is Day 25: the Day 14 visit (grace 7 days) is overdue
    let items = await worklistItems(14);
    expect(items.find((i) => i.title.startsWith('Day 14'))).toMatchObject({ status: 'overdue' });
    await labs(14, [{ analyte: 'cd19_percent', value: 0.1 }]);
    const m = await milestone('day_14');
    expect(m).toMatchObject({ status: 'completed', completedBy: 'data', missingItems: ['blood_count'] });
    expect(m.reason).toMatch(
      /^Day 14 visit data charted within its window .*: CD19 on 2026-03-16; not charted: blood count$/,
    );
    items = await worklistItems(14);
    expect(items.find((i) => i.title.startsWith('Day 14'))).toBeUndefined();
  });

  it('a result outside the window does not complete the visit', async () => {
    await labs(40, [{ analyte: 'cd19_percent', value: 0.1 }]);
    expect(await milestone('day_14')).toMatchObject({ status: 'overdue' });
  });
});

describe('IVIG planned: the dose for weight, and a warning when the IgG does not indicate it', () => {
  it('IgG 480 mg/dL without infections: planning is accepted with the warning, recorded on each dose', async () => {
    await labs(140, [{ analyte: 'igg', value: 480 }]);
    const res = await api.request('POST', `/api/patients/${id}/ivig-doses`, {
      cookie: coord,
      json: { firstDueAt: at(152), count: 2 },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.warning).toMatchObject({ code: 'igg_does_not_indicate_ivig' });
    expect(body.warning.message).toMatch(/^IVIG planned although not indicated: IgG 480 mg\/dL/);
    const p = await picture();
    // 0.4 g/kg × 62 kg = 24.8 g → 25 g (20 + 5 g vials): the dose "given" starts from.
    expect(p.doses.map((d: { plannedDoseG: number }) => d.plannedDoseG)).toEqual([25, 25]);
    expect(p.doses.map((d: { planWarning: string }) => d.planWarning)).toEqual([
      body.warning.message,
      body.warning.message,
    ]);
    const audit = await api.query<{ after_json: string }>(
      "select after_json from audit_log where action = 'create' order by seq desc limit 1",
    );
    expect(JSON.parse(audit[0]?.after_json ?? '{}').warning.code).toBe('igg_does_not_indicate_ivig');
  });

  it('IgG 350 mg/dL: planned without a warning; the picture carries the threshold the rule used', async () => {
    await labs(140, [{ analyte: 'igg', value: 350 }]);
    const res = await api.request('POST', `/api/patients/${id}/ivig-doses`, {
      cookie: coord,
      json: { firstDueAt: at(152), count: 1 },
    });
    expect(res.status).toBe(201);
    expect((await res.json()).warning).toBeNull();
    const p = await picture();
    expect(p.doses[0]).toMatchObject({ plannedDoseG: 25, planWarning: null });
    expect(p.ivigProtocol).toMatchObject({ igGIndicatedBelowMgDl: 400, doseGPerKg: 0.4 });
    expect(p.plannedDose).toMatchObject({ doseG: 25, calculatedG: 24.8 });
  });
});

describe('the calendar feed', () => {
  async function createFeed(cookie = coord) {
    const res = await api.request('POST', '/api/calendar-feed', { cookie, json: {} });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; path: string; feed: { id: number } };
  }
  async function plan() {
    await labs(140, [{ analyte: 'igg', value: 350 }]);
    const res = await api.request('POST', `/api/patients/${id}/ivig-doses`, {
      cookie: coord,
      json: { firstDueAt: at(152), count: 3 },
    });
    expect(res.status).toBe(201);
  }

  it('is fetched without a cookie, carries no names or MRNs, and matches the worklist item for item', async () => {
    await plan();
    const { token, path } = await createFeed();
    expect(path).toBe(`/api/calendar-feeds/${token}/worklist.ics`);
    // Only the hash is stored.
    const rows = await api.query<{ token_hash: string }>('select token_hash from calendar_feeds');
    expect(rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const res = await api.request('GET', `${path}?horizonDays=60`); // no cookie
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const text = await res.text();
    for (const secret of ['Zyxwarth', 'Quentin', 'MRN-77123', '77123']) expect(text).not.toContain(secret);
    const events = parseIcs(text).events;

    const items = await worklistItems(60);
    expect(items.some((i) => i.kind === 'ivig_dose')).toBe(true);
    expect(items.some((i) => i.kind === 'milestone')).toBe(true);
    const KIND = {
      ivig_dose: 'IVIG dose',
      igg_check: 'IgG check',
      milestone: 'Visit',
      vaccine: 'Vaccine',
    } as Record<string, string>;
    const utcDay = (iso: string) => Date.parse(iso.slice(0, 10));
    expect(events.map((e) => ({ summary: e.summary, start: e.start, description: e.description }))).toEqual(
      items.map((i) => ({
        summary: `${KIND[i.kind]}: Q.Z. #${id}`,
        start: utcDay(i.dueAt),
        description: `${i.title} (${i.status})`,
      })),
    );
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('the fetch is audited as a read by the feed owner', async () => {
    const { path } = await createFeed();
    const me = (await (await api.request('GET', '/api/auth/me', { cookie: coord })).json()).user;
    const before = await count('audit_log');
    expect((await api.request('GET', path)).status).toBe(200);
    const rows = await api.query<{ action: string; entity: string; user_id: number; after_json: string }>(
      'select action, entity, user_id, after_json from audit_log where seq > ?',
      before,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'list', entity: 'worklist_calendar_feed' });
    expect(Number(rows[0]?.user_id)).toBe(me.id);
    expect(JSON.parse(rows[0]?.after_json ?? '{}')).toMatchObject({ filters: { horizonDays: 14 } });
  });

  it('rotating stops the old URL; revoking stops the feed; unknown tokens and deactivated owners get 404', async () => {
    const first = await createFeed();
    expect(
      (await (await api.request('GET', '/api/calendar-feed', { cookie: coord })).json()).feed,
    ).toMatchObject({
      id: first.feed.id,
    });
    const second = await createFeed();
    expect((await api.request('GET', first.path)).status).toBe(404);
    expect((await api.request('GET', second.path)).status).toBe(200);
    expect(await count('calendar_feeds')).toBe(2); // the old one is kept, revoked

    const revoke = await api.request('POST', '/api/calendar-feed/revoke', { cookie: coord, json: {} });
    expect(revoke.status).toBe(204);
    expect((await api.request('GET', second.path)).status).toBe(404);
    expect(
      (await (await api.request('GET', '/api/calendar-feed', { cookie: coord })).json()).feed,
    ).toBeNull();
    expect((await api.request('POST', '/api/calendar-feed/revoke', { cookie: coord, json: {} })).status).toBe(
      404,
    );

    const forged = `/api/calendar-feeds/cwf_${'A'.repeat(43)}/worklist.ics`;
    const notFound = await api.request('GET', forged);
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.code).toBe('not_found');
    expect((await api.request('GET', '/api/calendar-feeds/short/worklist.ics')).status).toBe(404);

    // A deactivated owner's feed stops at once.
    const third = await createFeed();
    const admin = await api.login('admin');
    const me = (await (await api.request('GET', '/api/auth/me', { cookie: coord })).json()).user;
    const off = await api.request('POST', `/api/users/${me.id}/deactivate`, { cookie: admin, json: {} });
    expect(off.status).toBeLessThan(300);
    expect((await api.request('GET', third.path)).status).toBe(404);
  });

  it('a session is needed to create, see or revoke a feed', async () => {
    expect((await api.request('POST', '/api/calendar-feed', { json: {} })).status).toBe(401);
    expect((await api.request('GET', '/api/calendar-feed')).status).toBe(401);
    expect(await count('calendar_feeds')).toBe(0);
  });
});
