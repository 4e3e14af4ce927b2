import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

/** Enrols a patient through the real API with the signed-in page's session. */
async function enrol(page: Page, patient: Record<string, unknown>) {
  const res = await page.request.post('/api/patients', {
    data: {
      givenName: 'Test',
      birthDate: '1988-04-02',
      sex: 'female',
      weightKg: 64,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      ...patient,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

describe.runIf(browserTestsEnabled)('ward', () => {
  it('lists the patients under active monitoring with their Day, and only those', async () => {
    const hematologist = await harness().newPage();
    await harness().signIn(hematologist, 'hematologist');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000 - 3_600_000).toISOString();
    await enrol(hematologist, {
      mrn: 'WARD-0001',
      familyName: 'Lindqvist',
      infusionAt: twoDaysAgo,
      status: 'inpatient_monitoring',
    });
    await enrol(hematologist, { mrn: 'WARD-0002', familyName: 'Planned', status: 'planned' });

    const nurse = await harness().newPage();
    await harness().signIn(nurse, 'nurse');
    const row = nurse
      .getByRole('row')
      .filter({ has: nurse.getByRole('rowheader', { name: /Lindqvist, Test/ }) });
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toContain('MRN WARD-0001');
    expect((await row.locator('td').allTextContents()).map((t) => t.replace(/Infused.*/, ''))).toEqual([
      'Day +2',
      'Systemic lupus erythematosus',
      'CD19 CAR-T',
      'Inpatient monitoring',
    ]);
    expect(await nurse.getByText('WARD-0002').count()).toBe(0);
    expect(await nurse.getByText(/\d+ patients? under active monitoring/).textContent()).toMatch(
      /^\d+ patient/,
    );
    await harness().screenshot(nurse, 'ward-with-patients');
  });
});
