import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, DEMO_PASSWORD, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)('review queue', () => {
  it('refuses a wrong password without signing or signing out, then overrides with a reason', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/reviews' });
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Demo-Okafor, Sam/ }) })
      .filter({ hasText: 'CRS grade 3' });
    await card.first().waitFor();
    expect(await card.first().textContent()).toContain('Rule version');
    await harness().expectNoSeriousA11yViolations(page, 'reviews');
    await harness().screenshot(page, 'reviews');

    await page.getByRole('button', { name: 'Confirm CRS grade 3 for Demo-Okafor, Sam' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('confirmed CRS grade 3');
    // Focus is in the dialog, on the password.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
    await dialog.getByLabel('Your password (to sign)').fill('not-the-password');
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The password is not correct' }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'signing dialog');
    await harness().screenshot(page, 'reviews-signing-dialog');
    // Still signed in, still pending.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Override CRS grade for Demo-Okafor, Sam' }).first().click();
    await dialog.waitFor();
    await dialog.getByLabel('Signed CRS grade (0–5)').selectOption('2');
    expect(await dialog.textContent()).toContain('with grade 2');
    await dialog.getByLabel('Reason for the override').fill('Norepinephrine started for sedation, not CRS');
    await dialog.getByLabel('Your password (to sign)').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'CRS grade overridden' }).waitFor();

    await page.getByLabel('Show').selectOption('overridden');
    await page.getByText('overrode computed CRS grade').first().waitFor();
  });

  it('lets a nurse read the queue without sign buttons', async () => {
    const page = await harness().newPage({ colorScheme: 'dark' });
    await harness().signIn(page, 'nurse', { path: '/reviews' });
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    await page.getByRole('list', { name: 'Grade changes' }).waitFor();
    expect(await page.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Override/ }).count()).toBe(0);
    await harness().expectNoSeriousA11yViolations(page, 'reviews nurse dark');
    await harness().screenshot(page, 'reviews-nurse-dark');
  });
});
