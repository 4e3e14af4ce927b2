import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)('bedside entry', () => {
  it('charts a vital set with the keyboard only, and it appears in the table', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/5/bedside' });
    const temp = page.getByRole('textbox', { name: 'Temperature' });
    await temp.waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'bedside vitals');
    await harness().screenshot(page, 'bedside-vitals');
    await temp.focus();
    await page.keyboard.type('38.4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('117');
    await page.keyboard.press('Tab');
    await page.keyboard.type('101');
    await page.keyboard.press('Tab');
    await page.keyboard.type('63');
    await page.keyboard.press('Tab');
    await page.keyboard.type('19');
    await page.keyboard.press('Tab');
    await page.keyboard.type('95');
    await page.keyboard.press('Enter');
    await page.getByText(/Saved vital signs of/).waitFor();
    await page.goto('/patients/5');
    const row = page.locator('tr').filter({ hasText: '38.4 °C' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('101/63 mmHg');
  });

  it('shows field errors from the API next to the field', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/5/bedside' });
    await page.getByRole('textbox', { name: 'Temperature' }).fill('12');
    await page.getByRole('button', { name: 'Save vital signs' }).click();
    await page.locator('.field__error').first().waitFor();
    await harness().screenshot(page, 'bedside-vitals-error');
  });

  it('computes the ICE score live as items are ticked', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/3/bedside' });
    await page.getByRole('button', { name: 'ICE / neuro' }).click();
    const score = page.locator('.bs-ice-score output');
    await score.waitFor();
    // Every item starts unanswered (never 0/10): see bedside-defaults.test.ts.
    expect(await score.textContent()).toBe('not complete: 10 of 10 unanswered');
    const answer = (label: string, choice: 'Correct' | 'Incorrect') =>
      page
        .getByRole('group', { name: label, exact: true })
        .getByRole('radio', { name: choice, exact: true })
        .check();
    for (const label of [
      'Orientation: knows the year',
      'Orientation: knows the month',
      'Orientation: knows the city',
      'Orientation: knows the hospital',
      'Names object 1 (e.g. clock)',
      'Names object 2 (e.g. pen)',
      'Follows simple commands ("show me 2 fingers")',
    ]) {
      await answer(label, 'Correct');
    }
    for (const label of [
      'Names object 3 (e.g. button)',
      'Writes a standard sentence',
      'Counts backwards from 100 by 10',
    ]) {
      await answer(label, 'Incorrect');
    }
    expect(await score.textContent()).toBe('7/10');
    // The level of consciousness starts unchosen: the nurse says it (see bedside-refusals.test.ts).
    await page.getByLabel('Level of consciousness').selectOption('normal');
    await harness().expectNoSeriousA11yViolations(page, 'bedside ice');
    await harness().screenshot(page, 'bedside-ice');
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByText(/ICE 7\/10/).waitFor();
  });

  it('shows the tocilizumab calculator and refuses a dose over 800 mg', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/patients/2/bedside' });
    await page.getByRole('button', { name: 'Medication' }).click();
    await page.getByLabel('Drug', { exact: true }).selectOption('tocilizumab');
    await page.getByLabel('Route', { exact: true }).selectOption('iv');
    await page.getByText(/Recommended 672 mg/).waitFor();
    await page.getByText(/Doses in the last 24 h/).waitFor();
    await page.getByRole('textbox', { name: 'Dose' }).fill('900');
    await page.getByRole('button', { name: 'Save medication' }).click();
    await page
      .getByText(/Refused/)
      .first()
      .waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'bedside medication');
    await harness().screenshot(page, 'bedside-medication');
  });
});
