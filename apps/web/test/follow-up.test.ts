import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, openMoreauFollowUp, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)('follow-up', () => {
  it('shows the coordinator the worklist, overdue first, with the calendar feed', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/follow-up' });
    await page.getByRole('heading', { name: 'Follow-up worklist' }).waitFor();
    // Subscribing is the secret feed URL (coordinator.test.ts); the file download stays.
    const link = page.getByRole('link', { name: 'Download as a calendar file' });
    expect(await link.getAttribute('href')).toBe('/api/worklist.ics');
    await page.getByRole('region', { name: 'Calendar feed' }).waitFor();
    const rows = page.getByRole('row');
    await rows.nth(1).waitFor();
    expect(await rows.nth(1).textContent()).toMatch(/overdue/i);
    await harness().expectNoSeriousA11yViolations(page, 'follow-up worklist');
    await harness().screenshot(page, 'follow-up-worklist');
  });

  it('shows a patient follow-up: charts, IVIG, doses, infections, milestones', async () => {
    const page = await harness().newPage();
    await openMoreauFollowUp(harness(), page, 'coordinator');
    await page.getByRole('heading', { name: 'Follow-up: Demo-Moreau, Ines' }).waitFor();
    await page.getByRole('heading', { name: 'B cells and IgG' }).waitFor();
    await page.getByRole('img', { name: /IgG chart/ }).waitFor();
    await page.getByRole('img', { name: /CD19 chart/ }).waitFor();
    expect(await page.locator('.fu-chart .recharts-line-curve').count()).toBe(2);
    await page.getByText('B-cell aplasia', { exact: false }).first().waitFor();
    await page
      .getByText(/IVIG not indicated|IVIG indicated|Clinician's decision/)
      .first()
      .waitFor();
    await page.getByRole('table').filter({ hasText: 'Day 7' }).getByText('overdue').first().waitFor();

    // Plan two doses, then record the first as given with dose and lot.
    await page.getByRole('button', { name: 'Plan IVIG doses' }).click();
    await page.getByLabel('Number of doses').fill('2');
    await page.getByRole('button', { name: 'Plan doses' }).click();
    await page
      .getByRole('button', { name: /^Given/ })
      .first()
      .click();
    await page.getByLabel('Dose (g)').fill('25');
    await page.getByLabel('Lot number').fill('LOT-42');
    await page.getByRole('button', { name: /Record dose due .* as given/ }).click();
    await page.getByText('lot LOT-42', { exact: false }).waitFor();
    await expect.poll(() => page.locator('.fu-ivig line').count()).toBeGreaterThan(0);

    // Infection log.
    await page.getByLabel('Site').fill('Lower respiratory tract');
    await page.getByLabel('Organism (if known)').fill('RSV');
    await page.getByRole('button', { name: 'Add infection' }).click();
    await page.getByRole('cell', { name: 'Lower respiratory tract' }).waitFor();

    await harness().expectNoSeriousA11yViolations(page, 'follow-up patient');
    await harness().screenshot(page, 'follow-up-patient');
  });

  it('renders the patient follow-up in dark mode for a hematologist', async () => {
    const page = await harness().newPage({ colorScheme: 'dark' });
    await openMoreauFollowUp(harness(), page, 'hematologist');
    await page.getByRole('img', { name: /IgG chart/ }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'follow-up patient dark');
    await harness().screenshot(page, 'follow-up-patient-dark');
  });
});
