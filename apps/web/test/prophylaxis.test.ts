import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

type Page = Awaited<ReturnType<ReturnType<typeof harness>['newPage']>>;

/** The coordinator on the demo long-term patient's follow-up page (`onWorklist` runs on the worklist first). */
async function openLongTermPatient(onWorklist?: (page: Page) => Promise<void>) {
  const page = await harness().newPage();
  await harness().signIn(page, 'coordinator', { path: '/follow-up' });
  await onWorklist?.(page);
  await page
    .getByRole('link', { name: /Demo-Lindqvist, Lou/ })
    .first()
    .click();
  return page;
}

describe.runIf(browserTestsEnabled)('prophylaxis and revaccination sections', () => {
  it('show the demo long-term patient: antiviral due to stop with CD4 low, vaccines blocked by IVIG; a dose charted', async () => {
    const page = await openLongTermPatient();
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

  it('show the vaccine blocked by IVIG on the worklist and its calendar file; CMV PCR results charted; the coordinator alerts', async () => {
    const page = await openLongTermPatient(async (worklist) => {
      const row = worklist
        .getByRole('region', { name: 'Follow-up worklist' })
        .getByRole('row')
        .filter({ hasText: 'Demo-Lindqvist, Lou' })
        .filter({ hasText: 'Other inactivated vaccines blocked' });
      await row.getByText(/IVIG given .*: not before 2 months after it/).waitFor();
      const ics = await (await worklist.request.get('/api/worklist.ics')).text();
      expect(ics).toMatch(/SUMMARY:Vaccine: L\.D\. #\d+/);
      expect(ics.replace(/\r\n /g, '')).toContain('Other inactivated vaccines blocked: IVIG given');
    });
    const cmv = page.getByRole('region', { name: 'CMV PCR' });
    await cmv.getByText(/Corticosteroids on 5 consecutive days from .*: monitored by PCR/).waitFor();
    const results = cmv.getByRole('list', { name: 'CMV PCR results' });
    await results.getByText('detected, 450 IU/mL').waitFor();
    expect(await results.getByRole('listitem').count()).toBe(2);

    // Neither a load nor "not detected": refused beside the field before anything is sent.
    await cmv.getByRole('button', { name: 'Add CMV PCR result' }).click();
    await cmv.getByRole('alert').first().waitFor();
    await cmv.getByLabel('Not detected').check();
    await cmv.getByRole('button', { name: 'Add CMV PCR result' }).click();
    await expect.poll(() => results.getByRole('listitem').count()).toBe(3);
    await cmv.getByText(/latest CMV DNA not detected/).waitFor();
    await harness().screenshot(page, 'follow-up-cmv-pcr');

    // The due-to-stop and none-charted alerts, raised by the API, on the coordinator's alerts page.
    await page.goto('/alerts');
    const lou = page.getByRole('list', { name: 'Demo-Lindqvist, Lou', exact: true });
    await lou
      .getByRole('listitem')
      .filter({ hasText: 'Prophylaxis stop rule not met antiviral HSV VZV' })
      .getByText(/Antiviral \(HSV\/VZV\) due to stop .* but its stop rule is not met/)
      .waitFor();
    await lou
      .getByRole('listitem')
      .filter({ hasText: 'Prophylaxis missing PJP' })
      .getByText(/PJP \(co-trimoxazole\): none charted, expected from Day 30/)
      .waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'prophylaxis alerts');
  });
});
