import { totpCode } from '@cellwatch/api/testing';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, DEMO_PASSWORD, setUpBrowserHarness } from './harness.ts';

// This file's API requires administrators to have a second factor (the production default).
const harness = setUpBrowserHarness({ CELLWATCH_TOTP_FOR_ADMINS: '1' });

describe.runIf(browserTestsEnabled)('administrators and the second factor', () => {
  it('makes an administrator set up a one-time password app at first sign-in, then asks for its code', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin');
    await page.getByRole('heading', { name: 'Set up a one-time password app' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.getByLabel('Your password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Start set-up' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Finish set-up' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    const recovery = (
      await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()
    )[0];
    await page.getByRole('button', { name: 'I have kept the recovery codes' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();

    // Next sign-in: password and a recovery code.
    const next = await harness().newPage();
    await next.goto('/');
    await next.getByLabel('Username').fill('admin');
    await next.getByLabel('Password').fill(DEMO_PASSWORD);
    await next.getByRole('button', { name: 'Sign in' }).click();
    await next.getByLabel('Code from your authenticator app').fill(recovery ?? '');
    await next.getByRole('button', { name: 'Sign in' }).click();
    await next.getByRole('heading', { name: 'Users' }).waitFor();
  });
});
