import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

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
    const row = nurse.getByRole('row').filter({ has: nurse.getByRole('link', { name: 'Lindqvist, Test' }) });
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toContain('MRN WARD-0001');
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toContain('Day +2');
    expect(cells[0]).toContain('Systemic lupus erythematosus');
    expect(cells[0]).toContain('CD19 CAR-T');
    expect(await nurse.getByText('WARD-0002').count()).toBe(0);
    expect(await nurse.getByText(/\d+ patients? under active monitoring/).textContent()).toMatch(
      /^\d+ patient/,
    );
    await harness().screenshot(nurse, 'ward-with-patients');
  });
});

describe.runIf(browserTestsEnabled)('ward board', () => {
  it('shows grades as text, alerts and next checks for the demo ward, sickest first', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/ward' });
    await page.getByRole('heading', { name: 'Ward' }).waitFor();
    // The heading shows before the list has loaded: wait for the rows.
    await page.locator('tbody th a').first().waitFor();
    const names = await page.locator('tbody th a').allTextContents();
    expect(names[0]).toBe('Demo-Okafor, Sam');
    expect(names.indexOf('Demo-Okafor, Sam')).toBeLessThan(names.indexOf('Demo-Haddad, Noor'));
    const okafor = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Demo-Okafor, Sam' }) });
    const text = await okafor.textContent();
    expect(text).toContain('CRS 3');
    expect(text).toContain('ICANS 0');
    expect(text).toMatch(/\d+ open/);
    expect(text).toContain('Critical');
    expect(text).toMatch(/T [\d.]+ °C/);
    expect(text).toMatch(/Vitals: (OVERDUE|due)/);
    const haddad = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Demo-Haddad, Noor' }) });
    expect(await haddad.textContent()).toContain('ICANS 2');
    await harness().expectNoSeriousA11yViolations(page, 'ward');
    await harness().screenshot(page, 'ward-board');
    await page.getByRole('link', { name: 'Demo-Okafor, Sam' }).click();
    await page.getByRole('heading', { name: 'Demo-Okafor, Sam' }).waitFor();
  });

  it('reads well in dark mode', async () => {
    const page = await harness().newPage({ colorScheme: 'dark' });
    await harness().signIn(page, 'hematologist', { path: '/ward' });
    await page.getByRole('link', { name: 'Demo-Okafor, Sam' }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'ward dark');
    await harness().screenshot(page, 'ward-board-dark');
  });
});
