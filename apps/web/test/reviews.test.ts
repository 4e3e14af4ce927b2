import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, DEMO_PASSWORD, recordWrites, setUpBrowserHarness } from './harness.ts';

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

  it('refuses a signature with a field missing before anything is sent, and says which field', async () => {
    const page = await harness().newPage({ viewport: { width: 390, height: 844 } });
    await harness().signIn(page, 'hematologist', { path: '/reviews' });
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const writes = recordWrites(page);
    const dialog = page.getByRole('dialog');
    const alert = dialog.getByRole('alert');
    const password = dialog.getByLabel('Your password (to sign)');
    const sign = dialog.getByRole('button', { name: 'Sign' });

    // Confirming: no password, no signature.
    await page
      .getByRole('button', { name: /^Confirm CRS grade/ })
      .first()
      .click();
    await dialog.waitFor();
    await sign.click();
    await alert.filter({ hasText: 'Enter your password to sign.' }).waitFor();
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Overriding: the grade first, then the reason (spaces do not count), then the password.
    await page
      .getByRole('button', { name: /^Override CRS grade/ })
      .first()
      .click();
    await dialog.waitFor();
    const grade = dialog.getByLabel('Signed CRS grade (0–5)');
    const reason = dialog.getByLabel('Reason for the override');
    await password.fill(DEMO_PASSWORD);
    await sign.click();
    await alert.filter({ hasText: 'Choose the grade you are signing (0 to 5).' }).waitFor();
    await expect.poll(() => grade.getAttribute('aria-invalid')).toBe('true');
    expect(await grade.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    expect(await password.getAttribute('aria-invalid')).toBeNull();
    await harness().screenshot(page, 'reviews-signing-refused-390');

    const other = await grade.evaluate(
      (select: HTMLSelectElement) => [...select.options].find((o) => o.value !== '' && !o.disabled)?.value,
    );
    expect(other).toBeDefined();
    await grade.selectOption(other ?? '');
    await reason.fill('  ok  ');
    await sign.click();
    await alert.filter({ hasText: 'Give the reason for the override (at least 5 characters).' }).waitFor();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await grade.getAttribute('aria-invalid')).toBeNull();

    await reason.fill('Hypotension from the sedation bolus');
    await password.fill('');
    await sign.click();
    await alert.filter({ hasText: 'Enter your password to sign.' }).waitFor();
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.getAttribute('aria-invalid')).toBeNull();
    expect(writes).toEqual([]);
    await harness().expectNoSeriousA11yViolations(page, 'signing dialog refused');
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await harness().screenshot(page, `reviews-signing-refused-${width}`);
    }
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(writes).toEqual([]);
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
