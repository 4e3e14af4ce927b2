import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

/** Yesterday at 10:00 as a datetime-local value in the browser's (this machine's) zone. */
function yesterdayLocal(): string {
  const d = new Date(Date.now() - 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

async function openLou(page: Page) {
  await harness().signIn(page, 'coordinator', { path: '/follow-up' });
  await page
    .getByRole('link', { name: /Demo-Lindqvist, Lou/ })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Disease activity, autoantibodies and remission' }).waitFor();
}

describe.runIf(browserTestsEnabled)('the remission view', () => {
  it('shows the demo long-term patient in DORIS remission with its basis; a SLEDAI-2K is charted', async () => {
    const page = await harness().newPage();
    await openLou(page);
    const summary = page.getByTestId('disease-remission');
    await summary.getByText(/DORIS 2021 remission/).waitFor();
    expect(await summary.textContent()).toMatch(/holds.*drug free doris/);
    await summary.getByText('DORIS: clinical SLEDAI-2K 0 = 0').waitFor();
    await summary.getByText(/van Vollenhoven 2021/).waitFor();
    await page.getByRole('img', { name: 'SLEDAI-2K course: 5 values' }).waitFor();
    await page.getByRole('img', { name: 'anti-dsDNA course: 4 values' }).waitFor();
    // Days before Day 0 with a minus sign, as everywhere else.
    await page.getByText('Day \u221210: 320 · Day +90: 40', { exact: false }).waitFor();
    // Her four titres have a status (not "no data"), with the assay cut-off it rests on.
    const dsDna = page
      .getByRole('listitem')
      .filter({ hasText: 'EliA dsDNA: below 10 IU/mL negative' })
      .first();
    await dsDna.waitFor();
    expect(await dsDna.textContent()).toMatch(/^anti-dsDNA: seroconverted \(320 → 4, -99%\)/);
    await dsDna.getByText('anti-dsDNA negative since Day 395', { exact: false }).waitFor();
    // Her two infusions, each with its Day 0 and its own toxicity course.
    const infusions = page.getByRole('region', { name: 'Infusion episodes' });
    await infusions.getByText(/Day \+400 of infusion 2/).waitFor();
    await infusions
      .getByRole('listitem', { name: 'Infusion 1' })
      .getByText('CRS grade 1, onset Day +1', { exact: false })
      .waitFor();
    const second = infusions.getByRole('listitem', { name: 'Infusion 2' });
    await second.getByText('CD19-BCMA dual CAR-T', { exact: false }).first().waitFor();
    await second.getByText('No CRS or ICANS after this infusion.').waitFor();
    const stopped = page.getByRole('list', { name: 'Immunosuppressants stopped' });
    for (const drug of ['mycophenolate mofetil', 'prednisolone', 'hydroxychloroquine']) {
      await stopped.getByText(drug).waitFor();
    }

    // Nothing is pre-filled, and an empty entry is refused before it is sent.
    const form = page.getByRole('form', { name: 'Chart a disease activity score' });
    expect(await form.getByLabel('Score').inputValue()).toBe('');
    expect(await form.getByLabel('Assessed').inputValue()).toBe('');
    await form.getByLabel('Score').selectOption('sledai_2k');
    expect(await form.getByLabel('SLEDAI-2K total').inputValue()).toBe('');
    expect(await form.getByLabel('Antimalarial taken').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Chart score' }).click();
    await form.getByRole('alert').waitFor();

    // Serology only (anti-dsDNA and complement, 4): DORIS still holds.
    await form.getByLabel('Assessed').fill(yesterdayLocal());
    await form.getByLabel('SLEDAI-2K total').fill('4');
    await form.getByLabel(/^Clinical SLEDAI-2K/).fill('0');
    await form.getByLabel(/^Physician global assessment/).fill('0,2');
    await form.getByLabel('Prednisolone (mg/day)').fill('0');
    for (const label of [
      'Renal, CNS, cardiopulmonary, vasculitis or fever activity',
      'Haemolytic anaemia or GI activity',
      'New activity since the previous assessment',
      'Antimalarial taken',
      'Immunosuppressant or biologic taken',
    ]) {
      await form.getByLabel(label).selectOption('no');
    }
    await form.getByRole('button', { name: 'Chart score' }).click();
    await page.getByRole('img', { name: 'SLEDAI-2K course: 6 values' }).waitFor();
    await summary.getByText('DORIS: PGA 0.2 < 0.5').waitFor();
    expect(await form.getByLabel('Score').inputValue()).toBe('');
    await harness().expectNoSeriousA11yViolations(page, 'remission view');
    await harness().screenshot(page, 'follow-up-remission');
  });

  it('fits 1440, 1024 and 390 px without sideways scrolling', async () => {
    for (const width of [1440, 1024, 390]) {
      const page = await harness().newPage({ viewport: { width, height: 900 } });
      await openLou(page);
      await page.getByRole('img', { name: /SLEDAI-2K course/ }).waitFor();
      await page
        .getByRole('form', { name: 'Chart a disease activity score' })
        .getByLabel('Score')
        .selectOption('sledai_2k');
      const excess = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (excess > 0) await harness().screenshot(page, `overflow-remission-${width}`);
      expect(excess, `${width} px`).toBeLessThanOrEqual(0);
    }
  });
});
