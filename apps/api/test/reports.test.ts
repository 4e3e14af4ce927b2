import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(10 * 24 * H);
});
afterEach(async () => {
  await api.close();
});

/** A minimal RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('trial toxicity report', () => {
  it('has one row per infused patient with the maximum grades, onset, treatment and the cohort summary', async () => {
    const [coord, nurse, hema] = [
      await api.login('coordinator'),
      await api.login('nurse'),
      await api.login('hematologist'),
    ];
    const enrol = async (mrn: string, familyName: string) => {
      const res = await api.request('POST', '/api/patients', {
        cookie: coord,
        json: {
          mrn,
          givenName: 'Tox',
          familyName,
          birthDate: '1980-01-01',
          sex: 'female',
          weightKg: 60,
          diagnosis: 'sle',
          product: 'cd19_car_t',
          trialId: 'NCT00000001',
          infusionAt: new Date(T0).toISOString(),
          status: 'inpatient_monitoring',
        },
      });
      return (await res.json()).patient.id as number;
    };
    const a = await enrol('REP-1', '=HYPERLINK("x"),Comma');
    await enrol('REP-2', 'Quiet');
    const t = (h: number) => new Date(T0 + h * H).toISOString();
    await api.request('POST', `/api/patients/${a}/vitals`, {
      cookie: nurse,
      json: { takenAt: t(30), temperatureC: 39, systolic: 84, diastolic: 50 },
    });
    await api.request('POST', `/api/patients/${a}/medications`, {
      cookie: hema,
      json: { givenAt: t(31), drug: 'tocilizumab', dose: 480 },
    });
    await api.request('POST', `/api/patients/${a}/medications`, {
      cookie: hema,
      json: { givenAt: t(32), drug: 'dexamethasone', dose: 10 },
    });

    const res = await api.request('GET', '/api/reports/toxicity', { cookie: hema });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([
      'patient_id',
      'mrn',
      'diagnosis',
      'product',
      'trial_id',
      'day0_date',
      'crs_max_grade',
      'crs_onset_day',
      'crs_duration_days',
      'icans_max_grade',
      'icans_onset_day',
      'icans_duration_days',
      'tocilizumab_doses',
      'steroid_use',
      'early_icaht_grade',
      'b_cell_aplasia_days',
      'ivig_doses',
      'infections',
      'licats_max_grade',
      'crs_max_grade_computed',
      'crs_overridden_steps',
      'crs_steps_awaiting_review',
      'icans_max_grade_computed',
      'icans_overridden_steps',
      'icans_steps_awaiting_review',
    ]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries((header as string[]).map((h, i) => [h, rows[0]?.[i]]));
    expect(row).toMatchObject({
      mrn: 'REP-1',
      diagnosis: 'Systemic lupus erythematosus',
      product: 'CD19 CAR-T',
      crs_max_grade: '2',
      crs_onset_day: '1',
      tocilizumab_doses: '1',
      steroid_use: 'yes',
      day0_date: '2026-03-02',
    });
    expect(rows[1]?.[6]).toBe('0');

    const summary = await (
      await api.request('GET', '/api/reports/toxicity/summary?format=json', { cookie: coord })
    ).json();
    expect(summary.patients).toBe(2);
    expect(summary.crs.find((g: { grade: number }) => g.grade === 2)).toEqual({
      grade: 2,
      count: 1,
      percent: 50,
    });
    expect(summary.crs.find((g: { grade: number }) => g.grade === 0)).toEqual({
      grade: 0,
      count: 1,
      percent: 50,
    });
    // Neither patient has an ANC count: ICAHT is not assessed, not grade 0, and has no grade 5.
    expect(summary.icaht.map((g: { grade: number }) => g.grade)).toEqual([0, 1, 2, 3, 4]);
    expect(summary.icaht.every((g: { count: number }) => g.count === 0)).toBe(true);
    expect(summary.icahtNotAssessed).toEqual({ count: 2, percent: 100 });
    expect(summary.crs.map((g: { grade: number }) => g.grade)).toEqual([0, 1, 2, 3, 4, 5]);
    const summaryCsv = await (
      await api.request('GET', '/api/reports/toxicity/summary', { cookie: coord })
    ).text();
    expect(summaryCsv).toContain('icaht,not_assessed,2,100');
    expect(summaryCsv).not.toMatch(/^icaht,5,/m);
    expect((await api.request('GET', '/api/reports/toxicity', { cookie: nurse })).status).toBe(403);
  });
});
