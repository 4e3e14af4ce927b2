import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

/** Each main view in the state a person first sees it: loaded, not mid-spinner. */
const VIEWS = [
  {
    name: 'ward',
    user: 'nurse',
    path: '/ward',
    ready: (p: Page) => p.getByRole('table').or(p.getByText('No patients under active monitoring')).first(),
  },
  {
    name: 'users',
    user: 'admin',
    path: '/admin/users',
    ready: (p: Page) => p.getByRole('rowheader', { name: 'Demo Admin' }),
  },
  {
    name: 'audit-trail',
    user: 'admin',
    path: '/admin/audit',
    ready: (p: Page) =>
      p.getByRole('region', { name: 'Audit entries', exact: true }).locator('tbody tr').first(),
  },
] as const;

const SCHEMES = [
  { scheme: 'light', viewport: { width: 1024, height: 768 } }, // landscape tablet
  { scheme: 'dark', viewport: { width: 768, height: 1024 } }, // portrait tablet, night shift
] as const;

describe.runIf(browserTestsEnabled)('main views: accessibility and screenshots', () => {
  for (const { scheme, viewport } of SCHEMES) {
    it(`sign-in (${scheme}) has no serious accessibility violations`, async () => {
      const page = await harness().newPage({ colorScheme: scheme, viewport });
      await page.goto('/');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await harness().expectNoSeriousA11yViolations(page, `sign-in (${scheme})`);
      await harness().screenshot(page, `sign-in-${scheme}`);

      // The error state is part of the view too.
      await page.getByLabel('Username').fill('nurse');
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await harness().expectNoSeriousA11yViolations(page, `sign-in error (${scheme})`);
      await harness().screenshot(page, `sign-in-error-${scheme}`);
    });

    for (const view of VIEWS) {
      it(`${view.name} (${scheme}) has no serious accessibility violations`, async () => {
        const page = await harness().newPage({ colorScheme: scheme, viewport });
        await harness().signIn(page, view.user, { path: view.path });
        await view.ready(page).waitFor();
        expect(new URL(page.url()).pathname).toBe(view.path);
        await harness().expectNoSeriousA11yViolations(page, `${view.name} (${scheme})`);
        await harness().screenshot(page, `${view.name}-${scheme}`);
      });
    }
  }

  it('users view with a reset-password form and a deactivation to confirm', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin', { path: '/admin/users' });
    await page.getByRole('button', { name: 'Reset password for Demo Nurse' }).click();
    await page.getByRole('button', { name: 'Deactivate Demo Coordinator' }).click();
    await page.getByRole('button', { name: 'Confirm deactivation' }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'users with open row actions');
    await harness().screenshot(page, 'users-row-actions');
  });

  it('keeps touch targets at least 44 px on the sign-in page and in the header', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin');
    // The users view loads after sign-in (its code on first use): measure it once it is there.
    await page.getByRole('rowheader', { name: 'Demo Admin' }).waitFor();
    const sizes = await page
      .locator('header a, header button, main button, main input, main select')
      .evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { what: el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName, h: r.height };
        }),
      );
    expect(sizes.length).toBeGreaterThan(5);
    expect(sizes.filter((s) => s.h < 44)).toEqual([]);
  });
});
