import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';
import { chartRetreatmentCourse, chartToxicityCourse } from './toxicity-course.ts';

/** The CIBMTR Form 4100-oriented extract, from a patient whose course touches every field. */
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});
const date = (days: number) => new Date(T0 + days * 86_400_000).toISOString().slice(0, 10);

describe('CIBMTR Form 4100 extract', () => {
  it('JSON: CRS with tocilizumab, ICANS with ICE and steroids, recovery, infection, malignancy, each with its basis', async () => {
    const { id, coord } = await chartToxicityCourse(api);
    const res = await api.request('GET', '/api/reports/cibmtr.json', { cookie: coord });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('cellwatch-cibmtr-4100.json');
    const { source, rows } = await res.json();
    expect(source).toContain('Form 4100');
    const row = rows.find((r: { patientId: number }) => r.patientId === id);
    expect(row).toMatchObject({ mrn: 'TOX-4100', day0: date(0) });
    const value = (key: string) => row.fields[key].value;
    expect(value('crs')).toBe('yes');
    expect(value('crsOnsetDate')).toBe(date(1));
    expect(value('crsMaxGrade')).toBe(1);
    expect(value('crsTocilizumab')).toBe('yes');
    expect(value('icans')).toBe('yes');
    expect(value('icansMaxGrade')).toBe(1);
    expect(value('icansCorticosteroids')).toBe('yes');
    expect(value('iceOrCartox10Done')).toBe('yes');
    expect(value('neutrophilRecoveryDate')).toBe(date(12));
    expect(value('infections')).toBe(1);
    expect(row.fields.infections.basis).toContain('influenza A');
    expect(value('newMalignancy')).toBe('yes');
    expect(row.fields.newMalignancy.basis).toContain('squamous cell carcinoma');
    for (const field of Object.values(row.fields) as { basis: string }[])
      expect(field.basis.length).toBeGreaterThan(0);
  });

  it('CSV: a header of fields each followed by its basis, one line per patient; audited; not for nurses', async () => {
    const { coord, nurse } = await chartToxicityCourse(api);
    const res = await api.request('GET', '/api/reports/cibmtr.csv', { cookie: coord });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('cellwatch-cibmtr-4100.csv');
    const [header, line] = (await res.text()).split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns.slice(0, 6)).toEqual(['patient_id', 'mrn', 'trial_id', 'day0_date', 'crs', 'crs_basis']);
    expect(columns).toContain('neutrophil_recovery_date');
    expect(columns).toContain('new_malignancy_basis');
    expect(line).toContain('TOX-4100');
    const audit = await api.query<{ entity: string }>(
      `select entity from audit_log where entity = 'cibmtr_extract'`,
    );
    expect(audit).toHaveLength(1);
    expect((await api.request('GET', '/api/reports/cibmtr.csv', { cookie: nurse })).status).toBe(403);
  });

  it('a re-treated patient: one row per infusion, each with its own Day 0, toxicity, recovery and infections', async () => {
    const { id, coord } = await chartRetreatmentCourse(api);
    const { rows } = await (await api.request('GET', '/api/reports/cibmtr.json', { cookie: coord })).json();
    type Row = {
      patientId: number;
      day0: string;
      infusion: { number: number; product: string; reason: string };
      fields: Record<string, { value: unknown; basis: string }>;
    };
    const own = (rows as Row[]).filter((r) => r.patientId === id);
    expect(own.map((r) => [r.infusion.number, r.infusion.product, r.infusion.reason, r.day0])).toEqual([
      [1, 'cd19_car_t', 'first_infusion', date(0)],
      [2, 'cd19_bcma_car_t', 'relapse', date(62)],
    ]);
    const [first, second] = own;
    const value = (row: Row | undefined, key: string) => row?.fields[key]?.value;
    // The first infusion's fields are what they were before the re-treatment.
    expect(value(first, 'crsOnsetDate')).toBe(date(1));
    expect(value(first, 'crsMaxGrade')).toBe(1);
    expect(value(first, 'crsTocilizumab')).toBe('yes');
    expect(value(first, 'icans')).toBe('yes');
    expect(value(first, 'neutrophilRecoveryDate')).toBe(date(12));
    expect(value(first, 'infections')).toBe(1);
    expect(value(first, 'newMalignancy')).toBe('yes');
    // The re-treatment's own.
    expect(value(second, 'crs')).toBe('yes');
    expect(value(second, 'crsOnsetDate')).toBe(date(63));
    expect(value(second, 'crsMaxGrade')).toBe(2);
    expect(value(second, 'crsTocilizumab')).toBe('no');
    expect(value(second, 'icans')).toBe('no');
    expect(value(second, 'iceOrCartox10Done')).toBe('no');
    expect(value(second, 'neutrophilRecoveryDate')).toBe(date(68));
    expect(value(second, 'infections')).toBe(1);
    expect(second?.fields.infections?.basis).toContain('E. coli');
    expect(value(second, 'newMalignancy')).toBe('no');

    const csv = await (await api.request('GET', '/api/reports/cibmtr.csv', { cookie: coord })).text();
    const [header, ...lines] = csv.split('\r\n').filter((l) => l.length > 0);
    expect(header?.split(',').slice(-3)).toEqual(['infusion_number', 'infusion_product', 'infusion_reason']);
    const mine = lines.filter((l) => l.startsWith(`${id},`));
    expect(mine).toHaveLength(2);
    expect(mine[1]).toContain(date(62));
    expect(mine[1]?.endsWith(',2,cd19_bcma_car_t,relapse')).toBe(true);
  });
});
