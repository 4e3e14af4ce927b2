import { expect } from 'vitest';
import { T0, type TestApi } from './helpers.ts';

const H = 3_600_000;

/** A patient with a fever charted: one CRS grade 1 change waiting for a hematologist's signature. */
export async function pendingReview(t: TestApi): Promise<number> {
  const [coord, nurse, hema] = await Promise.all([
    t.login('coordinator'),
    t.login('nurse'),
    t.login('hematologist'),
  ]);
  const enrolled = await t.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: `MRN-${Math.floor(Math.random() * 1e6)}`,
      givenName: 'Ada',
      familyName: 'Sample',
      birthDate: '1988-04-12',
      sex: 'female',
      weightKg: 64,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'inpatient_monitoring',
    },
  });
  expect(enrolled.status).toBe(201);
  const id = (await enrolled.json()).patient.id as number;
  const vital = await t.request('POST', `/api/patients/${id}/vitals`, {
    cookie: nurse,
    json: { takenAt: new Date(T0 + 26 * H).toISOString(), temperatureC: 38.7 },
  });
  expect(vital.status).toBe(201);
  const reviews = (await (await t.request('GET', '/api/reviews', { cookie: hema })).json()).reviews as {
    id: number;
    patient: { id: number };
  }[];
  const review = reviews.find((r) => r.patient.id === id);
  if (!review) throw new Error('no pending review');
  return review.id;
}
