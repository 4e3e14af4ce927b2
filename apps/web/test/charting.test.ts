import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();
const H = 3_600_000;

describe.runIf(browserTestsEnabled)('charting what the grade depends on', () => {
  it('lets a nurse start, titrate and stop norepinephrine; the CRS grade follows', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/ward' });
    const id = await enrol(page, {
      mrn: 'MRN-PRESSOR-1',
      familyName: 'Pressor',
      infusionAt: new Date(Date.now() - 2 * 24 * H).toISOString(),
      status: 'inpatient_monitoring',
    });
    const vitals = await page.request.post(`/api/patients/${id}/vitals`, {
      data: {
        takenAt: new Date(Date.now() - H).toISOString(),
        temperatureC: 38.9,
        systolic: 84,
        diastolic: 50,
      },
    });
    expect(vitals.status()).toBe(201);

    // A hematologist watches the same patient on another screen: it follows by the live events.
    const watcher = await harness().newPage();
    await harness().signIn(watcher, 'hematologist', { path: `/patients/${id}/bedside` });
    await watcher.getByRole('button', { name: 'Vasopressors' }).click();
    const watched = watcher.getByRole('region', { name: 'CRS grade now' });
    await watched.getByText('CRS 2').waitFor();

    await page.goto(`/patients/${id}/bedside`);
    await page.getByRole('button', { name: 'Vasopressors' }).click();
    const crs = page.getByRole('region', { name: 'CRS grade now' });
    await crs.getByText('CRS 2').waitFor();
    await page.getByText('No vasopressor running.').waitFor();

    await page.getByLabel('Vasopressor', { exact: true }).selectOption('norepinephrine');
    await page.getByRole('textbox', { name: 'Dose', exact: true }).fill('0.05');
    await page.getByLabel('Dose unit', { exact: true }).selectOption('µg/kg/min');
    await page.getByRole('button', { name: 'Start infusion' }).click();
    await page.getByText(/Started Norepinephrine 0.05 µg\/kg\/min/).waitFor();
    await crs.getByText('CRS 3').waitFor();
    expect(await crs.textContent()).toMatch(/norepinephrine/);
    await watched.getByText('CRS 3').waitFor();
    await watcher
      .getByRole('region', { name: 'Running vasopressors' })
      .getByText('Norepinephrine', { exact: true })
      .waitFor();
    const running = page.getByRole('region', { name: 'Running vasopressors' });
    await running.getByText(/Running for/).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'bedside vasopressors');
    await harness().screenshot(page, 'bedside-vasopressors');

    // Titrate: the old rate ends, the new one runs, the pressor was never off.
    await page.getByRole('button', { name: 'Change dose of Norepinephrine' }).click();
    const doseForm = page.getByRole('form', { name: 'New dose of Norepinephrine' });
    await doseForm.getByRole('textbox', { name: 'Dose', exact: true }).fill('0.12');
    await doseForm.getByLabel('Dose unit', { exact: true }).selectOption('µg/kg/min');
    await doseForm.getByRole('button', { name: 'Save new dose' }).click();
    await running.getByText('0.12 µg/kg/min').waitFor();
    await page
      .getByRole('region', { name: 'Earlier infusions and doses' })
      .getByText(/0.05 µg\/kg\/min/)
      .waitFor();
    expect(await running.locator('.bs-pressor').count()).toBe(1);
    await crs.getByText('CRS 3').waitFor();

    await page.getByRole('button', { name: 'Stop Norepinephrine' }).click();
    await page.getByRole('button', { name: 'Confirm stop of Norepinephrine' }).click();
    await page.getByText('No vasopressor running.').waitFor();
    await crs.getByText('CRS 2').waitFor();
  });

  it('marks a wrongly charted pressor entered in error with a reason: kept, no longer graded', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/ward' });
    const id = await enrol(page, {
      mrn: 'MRN-PRESSOR-EIE',
      familyName: 'Mischarted',
      infusionAt: new Date(Date.now() - 2 * 24 * H).toISOString(),
      status: 'inpatient_monitoring',
    });
    const vitals = await page.request.post(`/api/patients/${id}/vitals`, {
      data: {
        takenAt: new Date(Date.now() - H).toISOString(),
        temperatureC: 38.6,
        systolic: 86,
        diastolic: 52,
      },
    });
    expect(vitals.status()).toBe(201);
    await page.goto(`/patients/${id}/bedside`);
    await page.getByRole('button', { name: 'Vasopressors' }).click();
    await page.getByLabel('Vasopressor', { exact: true }).selectOption('dopamine');
    await page.getByRole('textbox', { name: 'Dose', exact: true }).fill('5');
    await page.getByRole('button', { name: 'Start infusion' }).click();
    const crs = page.getByRole('region', { name: 'CRS grade now' });
    await crs.getByText('CRS 3').waitFor();
    await page.getByRole('button', { name: 'Dopamine entered in error' }).click();
    const form = page.getByRole('form', { name: 'Mark Dopamine entered in error' });
    await form.getByRole('button', { name: 'Mark entered in error' }).click();
    await form.locator('.field__error').waitFor(); // no reason given: refused at the field
    await form.getByRole('textbox', { name: 'Why is it in error?' }).fill('charted on the wrong patient');
    await form.getByRole('button', { name: 'Mark entered in error' }).click();
    await page.getByText('No vasopressor running.').waitFor();
    await crs.getByText('CRS 2').waitFor();
    await page
      .getByRole('region', { name: 'Earlier infusions and doses' })
      .getByText('entered in error')
      .waitFor();
    const list = await (await page.request.get(`/api/patients/${id}/vasopressors`)).json();
    expect(list.infusions[0].enteredInError.reason).toBe('charted on the wrong patient');
  });

  it('lets a coordinator enter IgG and CD19 that the follow-up charts then show', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/follow-up' });
    const id = await enrol(page, {
      mrn: 'MRN-FOLLOW-1',
      familyName: 'Followed',
      infusionAt: new Date(Date.now() - 40 * 24 * H).toISOString(),
      status: 'outpatient_follow_up',
    });
    await page.goto(`/follow-up/${id}`);
    await page.getByRole('img', { name: /IgG chart: 0 values/ }).waitFor();
    await page.getByRole('img', { name: /CD19 chart: 0 values/ }).waitFor();
    await page.getByRole('textbox', { name: 'Immunoglobulin G (IgG)' }).fill('4.1');
    await page.getByLabel('Unit of Immunoglobulin G (IgG)').selectOption('g/L');
    await page.getByRole('textbox', { name: 'CD19+ B cells (% of lymphocytes)' }).fill('0.2');
    await page.getByRole('textbox', { name: 'CD19+ B cells', exact: true }).fill('2');
    await page.getByLabel('Unit of CD19+ B cells', { exact: true }).selectOption('/uL');
    await page.getByRole('textbox', { name: 'CD4+ T cells' }).fill('310');
    await page.getByLabel('Unit of CD4+ T cells').selectOption('/uL');
    await page.getByRole('button', { name: 'Save lab results' }).click();
    await page.getByText(/Saved 4 results/).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Saved 4 results' }).textContent()).toContain(
      'Immunoglobulin G (IgG) 410 mg/dL',
    );
    await page.getByRole('img', { name: /IgG chart: 1 values/ }).waitFor();
    await page.getByRole('img', { name: /CD19 chart: 1 values/ }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'follow-up lab entry');
    await harness().screenshot(page, 'follow-up-lab-entry');
  });

  it('shows an impossible lab value next to its field and charts nothing; flags an unusual one', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/ward' });
    const id = await enrol(page, { mrn: 'MRN-LAB-BAD', familyName: 'Refused' });
    await page.goto(`/patients/${id}/bedside`);
    await page.getByRole('button', { name: 'Labs' }).click();
    await page.getByRole('textbox', { name: 'C-reactive protein' }).fill('40');
    await page.getByLabel('Unit of C-reactive protein').selectOption('mg/L');
    const ferritin = page.getByRole('textbox', { name: 'Ferritin' });
    await ferritin.fill('2000000');
    await page.getByLabel('Unit of Ferritin').selectOption('ng/mL');
    await page.getByRole('button', { name: 'Save lab results' }).click();
    await page.getByText(/Refused, nothing was charted/).waitFor();
    const error = page.locator(`#${await ferritin.getAttribute('id')}-error`.replaceAll(':', '\\:'));
    expect(await error.textContent()).toMatch(/Ferritin: 2000000 ng\/mL is outside/);
    expect(await ferritin.getAttribute('aria-invalid')).toBe('true');
    const labs = await (await page.request.get(`/api/patients/${id}/labs`)).json();
    expect(labs.results).toEqual([]);
    await harness().screenshot(page, 'bedside-lab-refused');

    // Unusual but possible: said before saving, charted with its flag.
    await ferritin.fill('150000');
    await page.getByText(/Unusual, will be flagged/).waitFor();
    await page.getByRole('button', { name: 'Save lab results' }).click();
    await page
      .getByRole('list', { name: 'Flagged as unusual' })
      .getByText(/Ferritin/)
      .waitFor();
    const after = await (await page.request.get(`/api/patients/${id}/labs`)).json();
    expect(after.results.map((r: { analyte: string }) => r.analyte).sort()).toEqual(['crp', 'ferritin']);
  });

  it('lets a coordinator enrol a patient who then appears on the ward, and audits a weight edit', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/ward' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrol' }).click();
    await page.getByRole('heading', { name: 'Enrol a patient' }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'enrol patient');
    // Sex, diagnosis and product start unchosen: the product decides the monitoring plan.
    expect(await page.getByLabel('Cell product').inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'MRN' }).fill('MRN-ENROL-7');
    await page.getByRole('button', { name: 'Enrol patient' }).click();
    for (const [label, reason] of [
      ['Sex', 'Choose the sex.'],
      ['Diagnosis', 'Choose the diagnosis.'],
      ['Cell product', 'Choose the cell product.'],
    ]) {
      await page.locator('.bs-field--error').filter({ hasText: label }).filter({ hasText: reason }).waitFor();
    }
    expect(await page.getByRole('heading', { name: 'Enrol a patient' }).isVisible()).toBe(true);
    await page.getByLabel('Sex').selectOption('female');
    await page.getByRole('textbox', { name: 'Given name' }).fill('Wren');
    await page.getByRole('textbox', { name: 'Family name' }).fill('Newcomer');
    await page.getByLabel('Birth date').fill('1985-06-15');
    await page.getByRole('textbox', { name: 'Weight' }).fill('71');
    await page.getByLabel('Diagnosis').selectOption('myositis');
    await page.getByLabel('Cell product').selectOption('cd19_car_t');
    const infusion = new Date(Date.now() - 26 * H);
    const pad = (n: number) => String(n).padStart(2, '0');
    await page
      .getByLabel('Infusion time (optional)')
      .fill(
        `${infusion.getFullYear()}-${pad(infusion.getMonth() + 1)}-${pad(infusion.getDate())}T${pad(infusion.getHours())}:${pad(infusion.getMinutes())}`,
      );
    await page.getByLabel('Status').selectOption('inpatient_monitoring');
    // An impossible weight is refused next to the field; nothing is enrolled.
    await page.getByRole('textbox', { name: 'Weight' }).fill('0');
    await page.getByRole('button', { name: 'Enrol patient' }).click();
    await page.locator('.bs-field--error').filter({ hasText: 'Weight' }).waitFor();
    await harness().screenshot(page, 'enrol-refused');
    await page.getByRole('textbox', { name: 'Weight' }).fill('71');
    await page.getByRole('button', { name: 'Enrol patient' }).click();
    await page.getByRole('heading', { name: 'Newcomer, Wren' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/')[2]);

    await page.goto('/ward');
    await page
      .getByRole('link', { name: /Newcomer, Wren/ })
      .first()
      .waitFor();

    await page.goto(`/patients/${id}`);
    const weight = page.getByRole('textbox', { name: 'Weight' });
    await weight.fill('69.5');
    await page.getByRole('button', { name: 'Save weight and status' }).click();
    await page.getByText('Saved: weight 69.5 kg.').waitFor();
    await page.getByText('69.5 kg', { exact: true }).first().waitFor();

    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin', { path: `/admin/audit?entity=patient&patientId=${id}` });
    const update = admin.getByRole('row').filter({ hasText: /update/ });
    await update.first().waitFor();
    const text = (await update.first().textContent()) ?? '';
    expect(text).toMatch(/coordinator/i);
    expect(text).toMatch(/"weightKg": 71[,\n\s]/);
    expect(text).toContain('"weightKg": 69.5');
  });

  it('fits the vasopressor and lab forms on a 390 px phone, without sideways scrolling', async () => {
    const page = await harness().newPage({ viewport: { width: 390, height: 844 } });
    await harness().signIn(page, 'nurse', { path: '/patients/1/bedside' });
    for (const tab of ['Vasopressors', 'Labs']) {
      await page.getByRole('button', { name: tab }).click();
      await page
        .getByRole('button', { name: tab === 'Labs' ? 'Save lab results' : 'Start infusion' })
        .waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await harness().expectNoSeriousA11yViolations(page, `bedside ${tab} 390`);
      await harness().screenshot(page, `bedside-${tab.toLowerCase()}-390`);
    }
  });
});
