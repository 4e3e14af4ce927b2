import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();
const H = 3_600_000;

/** The bodies of the POSTs the page sends to a path. */
function postsTo(page: Page, path: RegExp): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && path.test(new URL(r.url()).pathname)) bodies.push(r.postDataJSON());
  });
  return bodies;
}

/** The refusal shown beside a field, found through the control's own aria-describedby. */
async function refusalBeside(page: Page, control: Locator): Promise<string | null> {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ');
  const errorId = ids.find((i) => i.endsWith('-error'));
  if (!errorId) return null;
  return page.locator(`[id="${errorId}"]`).textContent();
}

/** The form as it stands at the desk (1440), on a tablet (1024) and a phone (390): it fits, and is kept. */
async function atEachWidth(page: Page, name: string): Promise<void> {
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 1000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await harness().screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

describe.runIf(browserTestsEnabled)('bedside choices start unchosen', () => {
  it('medication: no drug, dose or route is preset; each missing one is said beside it and nothing is sent', async () => {
    const page = await harness().newPage();
    const posts = postsTo(page, /\/medications$/);
    await harness().signIn(page, 'nurse', { path: '/patients/3/bedside' });
    await page.getByRole('button', { name: 'Medication' }).click();
    const drug = page.getByLabel('Drug', { exact: true });
    const dose = page.getByRole('textbox', { name: 'Dose' });
    const route = page.getByLabel('Route', { exact: true });
    await drug.waitFor();
    expect([await drug.inputValue(), await dose.inputValue(), await route.inputValue()]).toEqual([
      '',
      '',
      '',
    ]);
    // No drug chosen: no tocilizumab calculator either.
    expect(await page.getByRole('region', { name: 'Tocilizumab calculator' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Save medication' }).click();
    expect(await refusalBeside(page, drug)).toContain('Choose the drug.');
    expect(await refusalBeside(page, dose)).toContain('Enter the dose given.');
    expect(await refusalBeside(page, route)).toContain('Choose the route.');
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'bedside medication refused');
    await atEachWidth(page, 'bedside-medication-unchosen');

    // Drug and dose, still no route: only the route is refused, and still nothing is sent.
    await drug.selectOption('paracetamol');
    await dose.fill('1000');
    await page.getByRole('button', { name: 'Save medication' }).click();
    expect(await refusalBeside(page, route)).toContain('Choose the route.');
    expect(await drug.getAttribute('aria-invalid')).toBeNull();
    expect(posts).toEqual([]);

    await route.selectOption('po');
    await page.getByRole('button', { name: 'Save medication' }).click();
    await page.getByText(/Saved paracetamol 1000 mg at/).waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ drug: 'paracetamol', dose: 1000, route: 'po' });
    // Saved: the next dose starts blank again, its drug and route to be chosen.
    expect([await drug.inputValue(), await dose.inputValue(), await route.inputValue()]).toEqual([
      '',
      '',
      '',
    ]);
  });

  it('vasopressor start and new dose: no drug or unit is preset; a missing unit is refused beside it, nothing sent', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/ward' });
    const id = await enrol(page, {
      mrn: 'MRN-PRESSOR-UNIT',
      familyName: 'Unchosen',
      infusionAt: new Date(Date.now() - 2 * 24 * H).toISOString(),
      status: 'inpatient_monitoring',
    });
    const posts = postsTo(page, /\/vasopressors(\/\d+\/dose)?$/);
    await page.goto(`/patients/${id}/bedside`);
    await page.getByRole('button', { name: 'Vasopressors' }).click();
    const drug = page.getByLabel('Vasopressor', { exact: true });
    const dose = page.getByRole('textbox', { name: 'Dose', exact: true });
    const unit = page.getByLabel('Dose unit', { exact: true });
    await drug.waitFor();
    expect(await drug.inputValue()).toBe('');
    expect(await unit.inputValue()).toBe('');
    expect(await unit.isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Start infusion' }).click();
    expect(await refusalBeside(page, drug)).toContain('Choose the vasopressor.');
    expect(await refusalBeside(page, dose)).toContain('give the dose as a positive number');

    // A drug with two units: the unit is not chosen for the nurse.
    await drug.selectOption('norepinephrine');
    await dose.fill('0.05');
    expect(await unit.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Start infusion' }).click();
    expect(await refusalBeside(page, unit)).toContain('Choose the dose unit.');
    expect(await dose.getAttribute('aria-invalid')).toBeNull();
    await harness().expectNoSeriousA11yViolations(page, 'bedside vasopressor unit refused');
    await atEachWidth(page, 'bedside-vasopressor-unit-unchosen');
    expect(posts).toEqual([]);

    await unit.selectOption('µg/min');
    await page.getByRole('button', { name: 'Start infusion' }).click();
    await page.getByText(/Started Norepinephrine 0.05 µg\/min at/).waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ drug: 'norepinephrine', doseNote: '0.05 µg/min' });
    // Saved: the next start is blank, drug and unit included.
    expect([await drug.inputValue(), await dose.inputValue(), await unit.inputValue()]).toEqual(['', '', '']);

    // A new dose: the unit is chosen again, not carried over from the running dose.
    await page.getByRole('button', { name: 'Change dose of Norepinephrine' }).click();
    const doseForm = page.getByRole('form', { name: 'New dose of Norepinephrine' });
    const newUnit = doseForm.getByLabel('Dose unit', { exact: true });
    expect(await newUnit.inputValue()).toBe('');
    await doseForm.getByRole('textbox', { name: 'Dose', exact: true }).fill('0.1');
    await doseForm.getByRole('button', { name: 'Save new dose' }).click();
    expect(await refusalBeside(page, newUnit)).toContain('Choose the dose unit.');
    expect(posts).toHaveLength(1);
    await harness().screenshot(page, 'bedside-vasopressor-new-dose-unit-unchosen');
    await newUnit.selectOption('µg/min');
    await doseForm.getByRole('button', { name: 'Save new dose' }).click();
    await page.getByRole('region', { name: 'Running vasopressors' }).getByText('0.1 µg/min').waitFor();
    expect(posts).toHaveLength(2);
    expect(posts[1]).toMatchObject({ doseNote: '0.1 µg/min' });

    // Vasopressin has one unit: it is shown beside the dose, with nothing to choose.
    await drug.selectOption('vasopressin');
    expect(await unit.count()).toBe(0);
    await page.locator('.bs-field').filter({ has: dose }).getByText('units/min').waitFor();
  });

  it('labs: a unit is never preset where the report may give another; a result without one is refused beside it', async () => {
    const page = await harness().newPage();
    const posts = postsTo(page, /\/labs$/);
    await harness().signIn(page, 'nurse', { path: '/ward' });
    const id = await enrol(page, { mrn: 'MRN-LAB-UNIT', familyName: 'Unitless' });
    await page.goto(`/patients/${id}/bedside`);
    await page.getByRole('button', { name: 'Labs' }).click();
    const crp = page.getByRole('textbox', { name: 'C-reactive protein' });
    const crpUnit = page.getByLabel('Unit of C-reactive protein');
    await crp.waitFor();
    for (const name of [
      'C-reactive protein',
      'Ferritin',
      'Hemoglobin',
      'Platelets',
      'Immunoglobulin G (IgG)',
    ]) {
      expect(await page.getByLabel(`Unit of ${name}`).inputValue()).toBe('');
    }

    await crp.fill('40');
    await page.getByRole('button', { name: 'Save lab results' }).click();
    expect(await refusalBeside(page, crp)).toContain('choose the unit the report gives');
    expect(await crpUnit.getAttribute('aria-invalid')).toBe('true');
    // No unit, no "unusual" hint: the number means nothing without it.
    expect(await page.getByText(/Unusual, will be flagged/).count()).toBe(0);
    await harness().expectNoSeriousA11yViolations(page, 'bedside lab unit refused');
    await atEachWidth(page, 'bedside-lab-unit-unchosen');
    expect(posts).toEqual([]);

    await crpUnit.selectOption('mg/dL');
    await page.getByRole('button', { name: 'Save lab results' }).click();
    await page.getByText(/Saved 1 result/).waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.results).toEqual([{ analyte: 'crp', value: 40, unit: 'mg/dL' }]);
    // Stored in mg/L: 40 mg/dL is 400 mg/L (packages/clinical labs.ts).
    await page.getByRole('status').filter({ hasText: 'C-reactive protein 400 mg/L' }).waitFor();
    // Saved: the value and its unit are blank again for the next report.
    expect([await crp.inputValue(), await crpUnit.inputValue()]).toEqual(['', '']);
  });
});
