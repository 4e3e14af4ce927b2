import type { Role } from '@cellwatch/contracts';
import { describe, expect, it } from 'vitest';
import {
  browserTestsEnabled,
  DEMO_PASSWORD,
  reasonBeside,
  sentWrites,
  setUpBrowserHarness,
} from './harness.ts';

const harness = setUpBrowserHarness();

/** What each demo user must see in the header, in order, and where they land. */
const EXPECTED: Record<Role, { name: string; roleLabel: string; nav: string[]; home: string }> = {
  nurse: { name: 'Demo Nurse', roleLabel: 'Nurse', nav: ['Ward', 'Alerts', 'Enrol'], home: '/ward' },
  hematologist: {
    name: 'Demo Hematologist',
    roleLabel: 'Hematologist',
    nav: ['Ward', 'Alerts', 'Reviews', 'Reports', 'Enrol'],
    home: '/ward',
  },
  coordinator: {
    name: 'Demo Coordinator',
    roleLabel: 'Coordinator',
    nav: ['Ward', 'Alerts', 'Follow-up', 'Reports', 'Enrol'],
    home: '/ward',
  },
  admin: {
    name: 'Demo Admin',
    roleLabel: 'Administrator',
    nav: ['Users', 'Audit trail'],
    home: '/admin/users',
  },
};

describe.runIf(browserTestsEnabled)('signing in and out', () => {
  for (const [role, expected] of Object.entries(EXPECTED)) {
    it(`signs in as ${role} and shows that role's navigation`, async () => {
      const page = await harness().newPage();
      await harness().signIn(page, role);
      await expect.poll(() => new URL(page.url()).pathname).toBe(expected.home);
      const user = page.getByTestId('signed-in-user');
      await expect.poll(() => user.textContent()).toContain(expected.name);
      expect(await user.textContent()).toContain(expected.roleLabel);
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(expected.nav);
      // The landing view is the current page in the navigation (once its code has loaded: the
      // address changes first, the rendered view when the view's chunk is in).
      await expect
        .poll(() => nav.getByRole('link', { name: expected.nav[0] }).getAttribute('aria-current'))
        .toBe('page');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(expected.nav[0]);
    });
  }

  it('says so when the password is wrong, and clears it', async () => {
    const page = await harness().newPage();
    await page.goto('/');
    await page.getByLabel('Username').fill('nurse');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Username or password is not correct.');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    // Ready to retype at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('signin-password');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('asks for a missing username beside its field, sending nothing and keeping the password', async () => {
    const page = await harness().newPage();
    const writes = sentWrites(page);
    await page.goto('/');
    const username = page.getByLabel('Username');
    const password = page.getByLabel('Password');
    await password.fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The contract (LoginRequest) needs a username: refused here, so nothing was tried.
    await expect.poll(() => reasonBeside(username)).toBe('✕ Enter your username.');
    expect(await page.getByRole('alert').textContent()).toContain('Enter your username and password.');
    expect(await reasonBeside(password)).toBeNull();
    expect(await password.getAttribute('aria-invalid')).toBeNull();
    expect(await password.inputValue()).toBe(DEMO_PASSWORD);
    // The cursor is where the missing entry goes.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('signin-username');
    expect(writes).toEqual([]);
    await harness().screenshot(page, 'sign-in-refused-username');

    await username.fill('nurse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(writes).toEqual(['POST /api/auth/login']);
  });

  it('tells how long to wait after too many failed sign-ins', async () => {
    const page = await harness().newPage();
    await page.goto('/');
    // The API allows 5 failures per account in 15 minutes; an unknown account counts the same.
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Username').fill('night-locum');
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      // Wait for this attempt's answer: the previous attempt's alert is still on the page.
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect((await answered).status()).toBe(attempt < 6 ? 401 : 429);
      if (attempt < 6)
        await expect.poll(() => page.getByRole('alert').textContent()).toContain('not correct');
    }
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Too many failed sign-ins\. Try again in 1[45] minutes\./);
  });

  it('signs in with the keyboard alone', async () => {
    const page = await harness().newPage();
    await page.goto('/');
    await page.getByLabel('Username').waitFor();
    // Username has focus on arrival: type, Tab to Password, type, Enter.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('signin-username');
    await page.keyboard.type('hematologist');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Demo Hematologist');
  });

  it('signs out back to the sign-in page, and the session is gone on the server', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Username').inputValue()).toBe('');
    // No notice: signing out is not a session ending on its own.
    expect(await page.getByText('Your session ended').count()).toBe(0);
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('returns to sign-in with a notice when the session ends, and back to the same view after', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin', { path: '/admin/audit' });
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.context().clearCookies();
    // Any call now answers 401: the next action finds the session gone.
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('Your session ended — please sign in again.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
    await harness().screenshot(page, 'sign-in-session-ended');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
    expect(await page.getByText('Your session ended').count()).toBe(0);
  });

  it('sends a role away from views that are not theirs', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/admin/users' });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/ward');
    expect(await page.getByRole('heading', { name: 'Users' }).count()).toBe(0);
  });
});
