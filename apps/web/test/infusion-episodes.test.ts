import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

/** Opens a patient's screen by MRN (from the patient list API) after signing in. */
async function louId(page: Page): Promise<number> {
  const res = await page.request.get('/api/patients?q=DEMO-0100');
  const { patients } = (await res.json()) as { patients: { id: number }[] };
  return patients[0]?.id ?? 0;
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.runIf(browserTestsEnabled)('infusion episodes and re-treatment', () => {
  for (const width of [1440, 1024, 390]) {
    it(`shows the demo re-treated patient's infusions and toxicity per infusion at ${width} px`, async () => {
      const page = await harness().newPage({ viewport: { width, height: 900 } });
      await harness().signIn(page, 'hematologist');
      await page.goto(`/patients/${await louId(page)}`);
      const section = page.getByRole('region', { name: 'Infusion episodes' });
      await section.getByText(/Day \+400 of infusion 2/).waitFor();
      const first = section.getByRole('listitem', { name: 'Infusion 1' });
      await first.getByText('CD19 CAR-T', { exact: false }).first().waitFor();
      await first.getByText('CRS grade 1, onset Day +1', { exact: false }).waitFor();
      const second = section.getByRole('listitem', { name: 'Infusion 2' });
      await second.getByText('CD19-BCMA dual CAR-T', { exact: false }).first().waitFor();
      await second.getByText('No CRS or ICANS after this infusion.').waitFor();
      expect(await noSidewaysScroll(page)).toBe(true);
      await harness().screenshot(page, `infusion-episodes-${width}`);
      await harness().expectNoSeriousA11yViolations(page, `infusion episodes ${width}`);
    });
  }

  it('records a re-treatment with the form (nothing pre-filled; refused until filled in)', async () => {
    const page = await harness().newPage({ viewport: { width: 1440, height: 900 } });
    await harness().signIn(page, 'coordinator');
    const infusedAt = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const id = await enrol(page, {
      mrn: 'RETREAT-1',
      familyName: 'Retreat',
      status: 'long_term_follow_up',
      infusionAt: infusedAt,
    });
    await page.goto(`/patients/${id}`);
    const section = page.getByRole('region', { name: 'Infusion episodes' });
    await section.getByRole('listitem', { name: 'Infusion 1' }).waitFor();
    await section.getByText('Record a re-treatment').click();
    const form = section.getByRole('form', { name: 'Record a re-treatment' });
    expect(await form.getByLabel('Product').inputValue()).toBe('');
    expect(await form.getByLabel('Infusion time (new Day 0)').inputValue()).toBe('');
    expect(await form.getByLabel('Reason').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Record re-treatment' }).click();
    await form.getByRole('alert').first().waitFor();

    const local = new Date(Date.now() - 2 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const value = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T09:30`;
    await form.getByLabel('Product').selectOption('cd19_bcma_car_t');
    await form.getByLabel('Infusion time (new Day 0)').fill(value);
    await form.getByLabel('Reason').selectOption('relapse');
    await form.getByRole('button', { name: 'Record re-treatment' }).click();
    await section.getByRole('listitem', { name: 'Infusion 2' }).waitFor();
    await section.getByText(/Day \+2 of infusion 2/).waitFor();
    // The form is emptied once the write's refreshes have settled, which may be after the list shows it.
    await expect.poll(() => form.getByLabel('Product').inputValue()).toBe('');
  });
});
