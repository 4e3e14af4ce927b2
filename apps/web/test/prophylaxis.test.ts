import { describe, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)('prophylaxis and revaccination sections', () => {
  it('show the demo long-term patient: antiviral due to stop with CD4 low, vaccines blocked by IVIG; a dose charted', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/follow-up' });
    await page
      .getByRole('link', { name: /Demo-Lindqvist, Lou/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Infection prophylaxis' }).waitFor();
    const table = page.getByRole('region', { name: 'Prophylaxis by kind' });
    await table.getByText('due to stop rule not met').waitFor();
    await table
      .getByText(/CD4 150\/µL .* not above 200\/µL/)
      .first()
      .waitFor();
    await page.getByRole('heading', { name: 'Revaccination' }).waitFor();
    await page
      .getByText(/IVIG given .*: not before 2 months after it/)
      .first()
      .waitFor();

    // A COVID-19 dose, checked by the contract before it is sent: an empty vaccine name is refused.
    await page.getByLabel('Vaccine group').selectOption('covid19');
    await page.getByRole('button', { name: 'Add vaccine dose' }).click();
    await page
      .getByText(/too small|at least|non-empty|Too small/i)
      .first()
      .waitFor();
    await page.getByLabel('Vaccine', { exact: true }).fill('Comirnaty');
    await page.getByRole('button', { name: 'Add vaccine dose' }).click();
    await page.getByText(/: Comirnaty/).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'prophylaxis and vaccines');
    await harness().screenshot(page, 'follow-up-prophylaxis');
  });
});
