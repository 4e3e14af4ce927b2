import { FollowUpPicture } from '@cellwatch/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';

/**
 * Each disease's key autoantibody, charted as a titre without a cut-off of its own, gets its
 * status in the follow-up picture from the antibody's assay cut-off (the site's, else the cited
 * default); one without a default says why it is not classified.
 */
const DAY = 86_400_000;
let api: TestApi;
let coord: string;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

// One store for the file: each case enrols its own patient (its own MRN); the site setting the
// last case makes is undone after it.
beforeAll(async () => {
  api = await createTestApi();
  api.advance(200 * DAY);
  coord = await api.login('coordinator');
});
afterEach(() => {
  delete api.services.followUp.autoantibodyCutoffs;
});
afterAll(async () => {
  await api.close();
});

async function chartedCourse(diagnosis: string, autoantibody: string, values: [number, number][]) {
  const id = await enrolFollowUpPatient(api, coord, {
    mrn: `MRN-${autoantibody.replace(/[^A-Za-z0-9]/g, '')}`,
    givenName: 'Aino',
    familyName: 'Korhonen',
    birthDate: '1979-08-02',
    sex: 'female',
    weightKg: 64,
    diagnosis,
    autoantibody,
    lymphodepletionStart: at(-5).slice(0, 10),
    infusionAt: at(0),
  });
  for (const [day, value] of values) {
    const res = await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: { collectedAt: at(day), results: [{ analyte: 'autoantibody', value }] },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  return { id, course: await courseOf(id) };
}

async function courseOf(id: number) {
  const res = await api.request('GET', `/api/patients/${id}/follow-up`, { cookie: coord });
  expect(res.status).toBe(200);
  const [course, ...others] = FollowUpPicture.parse(await res.json()).autoantibodies;
  expect(others).toEqual([]);
  return course;
}

describe('autoantibody course in the follow-up picture', () => {
  it.each([
    ['sle', 'anti-dsDNA', 9, 'EliA dsDNA'],
    ['myositis', 'anti-Jo-1', 6, 'EliA Jo-1'],
    ['systemic_sclerosis', 'anti-Scl-70 (topoisomerase I)', 6, 'EliA Scl-70'],
    ['pemphigus_vulgaris', 'anti-Dsg3', 15, 'MESACUP Desmoglein 3'],
  ])(
    '%s, %s falling to %s: seroconverted, with the cut-off named',
    async (diagnosis, antibody, latest, assay) => {
      const { course } = await chartedCourse(diagnosis, antibody, [
        [-7, 180],
        [90, 40],
        [180, latest],
      ]);
      expect(course).toMatchObject({ antibody, status: 'seroconverted', seroconvertedDay: 180 });
      expect(course?.points.map((p) => p.negative)).toEqual([false, false, true]);
      expect(course?.reasons[0]).toContain(assay);
    },
  );

  it('anti-MuSK has no default cut-off: not classified, and the reason says so; a site cut-off classifies it', async () => {
    const values: [number, number][] = [
      [-7, 2.4],
      [180, 0.01],
    ];
    const { id, course: without } = await chartedCourse('musk_myasthenia_gravis', 'anti-MuSK', values);
    expect(without?.status).toBe('no_data');
    expect(without?.points.map((p) => p.value)).toEqual([2.4, 0.01]);
    expect(without?.reasons[0]).toContain('no default cut-off for anti-MuSK');

    api.services.followUp.autoantibodyCutoffs = { 'anti-MuSK': 0.05 };
    const withSite = await courseOf(id);
    expect(withSite).toMatchObject({ status: 'seroconverted', seroconvertedDay: 180 });
    expect(withSite?.reasons[0]).toContain('site cut-off 0.05 for anti-MuSK');
  });
});
