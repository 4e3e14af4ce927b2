import { totpCode } from '@cellwatch/api/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserTestsEnabled,
  DEMO_PASSWORD,
  reasonBeside,
  sentWrites,
  setUpBrowserHarness,
} from './harness.ts';

const harness = setUpBrowserHarness();

function userRow(page: Page, displayName: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: displayName }) });
}

describe.runIf(browserTestsEnabled)('own password and second factor', () => {
  it("after an administrator's reset, shows who reset it and makes the user choose their own", async () => {
    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin');
    await userRow(admin, 'Demo Coordinator')
      .getByRole('button', { name: 'Reset password for Demo Coordinator' })
      .click();
    await admin.getByLabel('New password for Demo Coordinator').fill('set by the admin today');
    await admin.getByRole('button', { name: 'Set password', exact: true }).click();
    await admin.getByText(/New password set for Demo Coordinator/).waitFor();

    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', {
      password: 'set by the admin today',
      keepRequiredAction: true,
    });
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    const notice = await page.getByTestId('reset-notice').textContent();
    expect(notice).toContain('Your password was reset by administrator Demo Admin (admin)');
    // Nothing else is reachable meanwhile: there is no navigation.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await harness().expectNoSeriousA11yViolations(page, 'the forced password change');

    await page.getByLabel('Password you signed in with').fill('set by the admin today');
    await page.getByLabel('New password', { exact: true }).fill('my own coordinator phrase');
    await page.getByLabel('New password again').fill('my own coordinator phras');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The two new passwords are not the same.' }).waitFor();
    await page.getByLabel('New password again').fill('my own coordinator phrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('signed-in-user').waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(),
    ).toContain('Follow-up');
  });

  it('changes the password from the account page', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/account' });
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a nurse chose this one');
    await page.getByLabel('New password again').fill('a nurse chose this one');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    const other = await harness().newPage();
    await harness().signIn(other, 'nurse', { password: 'a nurse chose this one' });
    expect(await other.getByTestId('signed-in-user').textContent()).toContain('Demo Nurse');
  });

  it('sets up a one-time password app, shows recovery codes once, then asks for a code at sign-in', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/account' });
    await page.getByRole('heading', { name: 'One-time password app' }).waitFor();
    await page.getByLabel('Your password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Start set-up' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByTestId('totp-uri').textContent()).toMatch(
      /^otpauth:\/\/totp\/CellWatch:hematologist\?/,
    );
    await harness().expectNoSeriousA11yViolations(page, 'the one-time password set-up');
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Finish set-up' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole('button', { name: 'I have kept the recovery codes' }).click();
    await page.getByTestId('second-factor-status').waitFor();
    expect(await page.getByTestId('second-factor-status').textContent()).toContain('Recovery codes left: 10');

    // Signing in again: the password, then the code.
    const next = await harness().newPage();
    await next.goto('/');
    await next.getByLabel('Username').fill('hematologist');
    await next.getByLabel('Password').fill(DEMO_PASSWORD);
    await next.getByRole('button', { name: 'Sign in' }).click();
    const codeField = next.getByLabel('Code from your authenticator app');
    await codeField.waitFor();
    await harness().expectNoSeriousA11yViolations(next, 'sign-in with a second factor');
    await codeField.fill('000000' === totpCode(secret, Date.now() + 30_000) ? '111111' : '000000');
    await next.getByRole('button', { name: 'Sign in' }).click();
    await next.getByRole('alert').filter({ hasText: 'The code is not correct.' }).waitFor();
    // The next step's code (within the accepted clock drift): never the one spent at set-up.
    await codeField.fill(totpCode(secret, Date.now() + 30_000));
    await next.getByRole('button', { name: 'Sign in' }).click();
    await next.getByTestId('signed-in-user').waitFor();
  });

  it('lists account creation among the account changes of the audit trail', async () => {
    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin');
    const form = admin.getByRole('region', { name: 'Add a user' });
    await form.getByLabel('Username').fill('dr.quiet');
    await form.getByLabel('Display name').fill('Dr Quiet');
    await form.getByLabel('Role').selectOption({ label: 'Hematologist' });
    await form.getByLabel('Initial password').fill('one time only password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText('Created Dr Quiet (dr.quiet) as Hematologist.').waitFor();
    await admin.goto('/admin/audit');
    const changes = admin.getByRole('region', { name: 'Account changes' });
    await changes.getByText('dr.quiet (Hematologist)').waitFor();
    const first = await changes.getByRole('listitem').first().textContent();
    expect(first).toContain('admin created the account dr.quiet (Hematologist) — with a one-time password');
    await harness().expectNoSeriousA11yViolations(admin, 'the audit trail with account changes');
  });

  it('refuses what each password and code form can tell is wrong beside its field, sending nothing', async () => {
    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin');
    const made = await admin.request.post('/api/users', {
      data: {
        username: 'night.rn',
        displayName: 'Night Nurse',
        role: 'nurse',
        password: 'set for the night',
      },
    });
    expect(made.status(), await made.text()).toBe(201);

    const page = await harness().newPage();
    await harness().signIn(page, 'night.rn', { password: 'set for the night', keepRequiredAction: true });
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    const writes = sentWrites(page);
    const current = page.getByLabel('Password you signed in with');
    const next = page.getByLabel('New password', { exact: true });
    const again = page.getByLabel('New password again');
    const change = page.getByRole('button', { name: 'Change password' });
    // Nothing entered: the contract (ChangePasswordRequest) refuses both passwords, each beside its field.
    await change.click();
    await expect.poll(() => reasonBeside(current)).toBe('✕ Enter your password you signed in with.');
    expect(await reasonBeside(next)).toBe('✕ The new password needs at least 12 characters.');
    expect(await page.getByRole('alert').textContent()).toContain('Enter your password you signed in with.');
    // Typed twice differently: said beside the second, and the others are no longer marked.
    await current.fill('set for the night');
    await next.fill('the night shift phrase');
    await again.fill('the night shift phrse');
    await change.click();
    await expect.poll(() => reasonBeside(again)).toBe('✕ The two new passwords are not the same.');
    expect(await reasonBeside(current)).toBeNull();
    expect(await reasonBeside(next)).toBeNull();
    expect(writes).toEqual([]);
    await harness().screenshot(page, 'change-password-refused');
    await again.fill('the night shift phrase');
    await change.click();
    await page.getByTestId('signed-in-user').waitFor();
    expect(writes).toEqual(['POST /api/auth/password']);

    // Setting up the app: no password, then a code that is not 6 digits, refused before sending.
    await page.goto('/account');
    await page.getByRole('heading', { name: 'One-time password app' }).waitFor();
    writes.length = 0;
    await page.getByRole('button', { name: 'Start set-up' }).click();
    const password = page.getByLabel('Your password');
    await expect.poll(() => reasonBeside(password)).toBe('✕ Enter your password.');
    expect(writes).toEqual([]);
    await password.fill('the night shift phrase');
    await page.getByRole('button', { name: 'Start set-up' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    const code = page.getByLabel('Code from the app');
    await code.fill('12a456');
    await page.getByRole('button', { name: 'Finish set-up' }).click();
    await expect.poll(() => reasonBeside(code)).toBe('✕ Enter the 6 digits the app shows.');
    expect(writes).toEqual(['POST /api/auth/second-factor/enrol']);
    await code.fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Finish set-up' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(writes).toEqual(['POST /api/auth/second-factor/enrol', 'POST /api/auth/second-factor/confirm']);

    // Signing in: a code in neither form is refused beside its field, and the right one signs in.
    const later = await harness().newPage();
    const signIns = sentWrites(later);
    await later.goto('/');
    await later.getByLabel('Username').fill('night.rn');
    await later.getByLabel('Password').fill('the night shift phrase');
    await later.getByRole('button', { name: 'Sign in' }).click();
    const codeField = later.getByLabel('Code from your authenticator app');
    await codeField.waitFor();
    await codeField.fill('12-34');
    await later.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => reasonBeside(codeField))
      .toBe('✕ Enter the 6 digits the app shows, or a recovery code (xxxx-xxxx-xxxx).');
    expect(await later.getByRole('alert').textContent()).toContain(
      'Check the code from your authenticator app.',
    );
    expect(await later.evaluate(() => document.activeElement?.id)).toBe('signin-code');
    expect(signIns).toEqual(['POST /api/auth/login']);
    await harness().screenshot(later, 'sign-in-refused-code');
    // The next step's code: never the one spent at set-up.
    await codeField.fill(totpCode(secret, Date.now() + 30_000));
    await later.getByRole('button', { name: 'Sign in' }).click();
    await later.getByTestId('signed-in-user').waitFor();
    expect(signIns).toEqual(['POST /api/auth/login', 'POST /api/auth/login']);
  });
});
