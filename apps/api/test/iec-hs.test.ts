import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './helpers.ts';
import { chartIecHsLabs, chartToxicityCourse } from './toxicity-course.ts';

/**
 * The IEC-HS watch signal (packages/clinical iec-hs.ts, Hines 2023) through the API: the
 * hematologist's alert on a lab panel after CRS improved, one open at a time, and the signal on
 * the patient's toxicity view with its basis.
 */
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

const H = 3_600_000;

describe('IEC-HS suspected — watch signal', () => {
  it('is raised for the hematologist by labs after CRS resolved, one open alert at a time', async () => {
    const { id, coord, hema } = await chartToxicityCourse(api);
    const chart = async (hoursAgo: number, results: { analyte: string; value: number }[]) => {
      const res = await api.request('POST', `/api/patients/${id}/labs`, {
        cookie: coord,
        json: { collectedAt: new Date(api.now() - hoursAgo * H).toISOString(), results },
      });
      expect(res.status).toBe(201);
    };
    const iecHsAlerts = async () => {
      const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: hema });
      return (await res.json()).alerts.filter(
        (a: { rule: string; status: string }) => a.rule === 'iec_hs_suspected' && a.status !== 'resolved',
      );
    };
    await chart(10, [{ analyte: 'ferritin', value: 6200 }]);
    expect(await iecHsAlerts()).toEqual([]); // ferritin alone is not enough
    await chart(5, [
      { analyte: 'fibrinogen', value: 110 },
      { analyte: 'ldh', value: 180 },
    ]);
    const [alert, ...more] = await iecHsAlerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      severity: 'high',
      message:
        'IEC-HS suspected — watch signal (grading unconfirmed): ferritin 6200 ng/mL > 2 × upper limit 400 ng/mL (800 ng/mL); fibrinogen 110 mg/dL < 150 mg/dL',
    });
    expect(alert.factIds).toHaveLength(2);
    await chart(1, [{ analyte: 'ferritin', value: 9000 }]);
    const again = await iecHsAlerts();
    expect(again).toHaveLength(1);
    expect(again[0].fireCount).toBe(2);

    const toxicity = await (
      await api.request('GET', `/api/patients/${id}/toxicity`, { cookie: hema })
    ).json();
    expect(toxicity.iecHs).toMatchObject({ suspected: true, label: 'watch signal, grading unconfirmed' });
    expect(toxicity.iecHs.basis[0]).toMatch(/^IEC-HS suspected \(watch signal/);
    expect(toxicity.iecHs.basis).toContain('✓ ferritin 9000 ng/mL > 2 × upper limit 400 ng/mL (800 ng/mL)');
  });

  it('is not raised by labs from before CRS improved', async () => {
    const { id, coord, hema } = await chartToxicityCourse(api);
    const before = new Date(api.now() - 59 * 24 * H).toISOString(); // Day 1, before the fever settled
    await chartIecHsLabs(api, id, coord, before);
    const alerts = (await (await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: hema })).json())
      .alerts;
    expect(alerts.filter((a: { rule: string }) => a.rule === 'iec_hs_suspected')).toEqual([]);
  });
});
