import { afterEach, beforeEach } from 'vitest';
import { createTestApi, type TestApi } from './helpers.ts';

const H = 3_600_000;

/**
 * The FHIR suites' API: a fresh one for each test (handed to `use`), its clock three days on
 * from T0, closed after the test.
 */
export function freshApiEachTest(use: (api: TestApi) => void): void {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
    api.advance(3 * 24 * H);
    use(api);
  });
  afterEach(async () => {
    await api.close();
  });
}

/**
 * The patient a FHIR import is charted for: enrolled (by a coordinator's `cookie`) with the MRN
 * the Bundle's subjects carry, born long before the Observations, infused on 1999-07-01.
 */
export async function enrolForImport(api: TestApi, cookie: string, mrn: string): Promise<number> {
  const res = await api.request('POST', '/api/patients', {
    cookie,
    json: {
      mrn,
      givenName: 'Imp',
      familyName: 'Ort',
      birthDate: '1960-01-01',
      sex: 'male',
      weightKg: 80,
      diagnosis: 'other',
      product: 'other',
      infusionAt: '1999-07-01T10:00:00Z',
      status: 'inpatient_monitoring',
    },
  });
  return (await res.json()).patient.id as number;
}
