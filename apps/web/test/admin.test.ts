import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, reasonBeside, sentWrites, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

function userRow(page: Page, displayName: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: displayName }) });
}

/** Username, role and status, as the users table shows them in a row. */
async function accountCells(row: Locator) {
  const username = await row.locator('.cell-sub').textContent();
  return [username, ...(await row.locator('td').allTextContents()).slice(0, 2)];
}

async function createUser(
  page: Page,
  user: { username: string; displayName: string; role: string; password: string },
) {
  const form = page.getByRole('region', { name: 'Add a user' });
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Display name').fill(user.displayName);
  await form.getByLabel('Role').selectOption({ label: user.role });
  await form.getByLabel('Initial password').fill(user.password);
  await form.getByRole('button', { name: 'Create user' }).click();
}

describe.runIf(browserTestsEnabled)('user administration', () => {
  it('creates a user who can then sign in, with the role chosen', async () => {
    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin');
    await createUser(admin, {
      username: 'sokafor',
      displayName: 'Sam Okafor',
      role: 'Nurse',
      password: 'correct horse battery',
    });
    await admin.getByText('Created Sam Okafor (sokafor) as Nurse.').waitFor();
    const row = userRow(admin, 'Sam Okafor');
    await row.waitFor();
    expect(await accountCells(row)).toEqual(['sokafor', 'Nurse', '● Active']);
    // The form is ready for the next person.
    expect(await admin.getByLabel('Username').first().inputValue()).toBe('');

    const nurse = await harness().newPage();
    await harness().signIn(nurse, 'sokafor', { password: 'correct horse battery' });
    expect(await nurse.getByTestId('signed-in-user').textContent()).toContain('Sam Okafor');
    expect(await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(
      ['Ward', 'Alerts', 'Enrol'],
    );
  });

  it('explains what is wrong with a new user before sending it, and what the server refused', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin');
    await createUser(page, { username: 'x', displayName: 'X', role: 'Coordinator', password: 'short' });
    const form = page.getByRole('region', { name: 'Add a user' });
    await form.getByText(/^✕ at least 12 characters$/).waitFor();
    expect(await form.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');

    // A username that is taken is refused by the server (409) and the reason shown.
    await createUser(page, {
      username: 'nurse',
      displayName: 'Another Nurse',
      role: 'Nurse',
      password: 'long enough password',
    });
    await form.getByRole('alert').filter({ hasText: 'The username "nurse" is taken.' }).waitFor();
  });

  it('refuses a new user without a role and a short reset password beside their fields, sending nothing', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin');
    const writes = sentWrites(page);
    const form = page.getByRole('region', { name: 'Add a user' });
    await form.getByLabel('Username').fill('no.role');
    await form.getByLabel('Display name').fill('No Role');
    await form.getByLabel('Initial password').fill('long enough password');
    await form.getByRole('button', { name: 'Create user' }).click();
    const role = form.getByLabel('Role');
    await expect.poll(() => reasonBeside(role)).toBe('✕ Choose a role.');
    expect(await reasonBeside(form.getByLabel('Username'))).toBeNull();

    await userRow(page, 'Demo Nurse').getByRole('button', { name: 'Reset password for Demo Nurse' }).click();
    const field = page.getByLabel('New password for Demo Nurse');
    await field.fill('eleven char');
    await page.getByRole('button', { name: 'Set password', exact: true }).click();
    await expect.poll(() => reasonBeside(field)).toBe('✕ At least 12 characters.');
    expect(writes).toEqual([]);
    await harness().screenshot(page, 'admin-users-refused');
  });

  it('deactivates a user, which signs them out at once, and reactivates them', async () => {
    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin');
    const coordinator = await harness().newPage();
    await harness().signIn(coordinator, 'coordinator');

    const row = userRow(admin, 'Demo Coordinator');
    await row.getByRole('button', { name: 'Deactivate Demo Coordinator' }).click();
    await admin.getByRole('button', { name: 'Confirm deactivation' }).click();
    await admin.getByText('Demo Coordinator is deactivated and signed out.').waitFor();
    expect(await accountCells(row)).toEqual(['coordinator', 'Coordinator', '○ Deactivated']);

    // The coordinator's session ended with the deactivation: reopening the app asks to sign in.
    await coordinator.reload();
    await coordinator.getByRole('button', { name: 'Sign in' }).waitFor();

    await row.getByRole('button', { name: 'Reactivate Demo Coordinator' }).click();
    await admin.getByText('Demo Coordinator can sign in again.').waitFor();
    expect(await accountCells(row)).toEqual(['coordinator', 'Coordinator', '● Active']);
    await harness().signIn(coordinator, 'coordinator');

    // An admin cannot lock themselves out: their own row offers no Deactivate.
    expect(
      await userRow(admin, 'Demo Admin')
        .getByRole('button', { name: /^Deactivate/ })
        .count(),
    ).toBe(0);
  });

  it('resets a password: the old one stops working and the new one signs in', async () => {
    const admin = await harness().newPage();
    await harness().signIn(admin, 'admin');
    await userRow(admin, 'Demo Hematologist')
      .getByRole('button', { name: 'Reset password for Demo Hematologist' })
      .click();
    const field = admin.getByLabel('New password for Demo Hematologist');
    await field.fill('too short');
    await admin.getByRole('button', { name: 'Set password', exact: true }).click();
    await admin.getByText(/^✕ At least 12 characters\.$/).waitFor();
    await field.fill('a brand new passphrase');
    await admin.getByRole('button', { name: 'Set password', exact: true }).click();
    await admin.getByText('New password set for Demo Hematologist; their sessions were ended.').waitFor();

    const hematologist = await harness().newPage();
    await hematologist.goto('/');
    await hematologist.getByLabel('Username').fill('hematologist');
    await hematologist.getByLabel('Password').fill('demo-password-for-browser-tests');
    await hematologist.getByRole('button', { name: 'Sign in' }).click();
    await hematologist.getByText('Username or password is not correct.').waitFor();
    await harness().signIn(hematologist, 'hematologist', { password: 'a brand new passphrase' });
  });
});

describe.runIf(browserTestsEnabled)('audit trail', () => {
  it('lists what happened, newest first, filters it, and verifies the chain', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin', { path: '/admin/audit' });
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const rows = page.getByRole('region', { name: 'Audit entries', exact: true }).locator('tbody tr');
    await rows.first().waitFor();
    // The admin's own sign-in is the newest entry.
    expect((await rows.first().locator('td').allTextContents()).slice(2, 5)).toEqual([
      'admin',
      'sign in',
      'session',
    ]);
    const seqs = (await rows.locator('td:first-child').allTextContents()).map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // The demo ward charts hundreds of facts on first start: more than one page of 50.
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load older entries' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(50);
    const allSeqs = (await rows.locator('td:first-child').allTextContents()).map(Number);
    expect(new Set(allSeqs).size).toBe(allSeqs.length);
    expect(allSeqs).toEqual([...allSeqs].sort((a, b) => b - a));

    await page.getByLabel('Record type').fill('user');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?entity=user');
    await expect
      .poll(async () => {
        const records = await rows.locator('td:nth-child(5)').allTextContents();
        return records.length > 0 && records.every((t) => t.startsWith('user'));
      })
      .toBe(true);
    expect(await rows.filter({ hasText: 'sign in' }).count()).toBe(0);
    // First-run accounts were created with no one signed in.
    expect(await rows.filter({ hasText: 'nobody signed in' }).count()).toBeGreaterThanOrEqual(4);

    // Nurses cannot administer users, so no user entry was made by one.
    await page.getByLabel('Done by').selectOption({ label: 'Demo Nurse (nurse)' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No audit entries match these filters').waitFor();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await rows.filter({ hasText: 'sign in' }).first().waitFor();

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Chain intact: all \d+ entries verified at/);
    await harness().screenshot(page, 'audit-trail-verified');
  });

  it('refuses a patient ID that is not a whole number beside the field, and shows the filters in force', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'admin', { path: '/admin/audit' });
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const patient = page.getByLabel('Patient ID');
    for (const typed of ['abc', '1.5', '0']) {
      await patient.fill(typed);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(() => patient.getAttribute('aria-invalid')).toBe('true');
      await page.getByText('A patient ID is a whole number, e.g. 12.').waitFor();
      expect(new URL(page.url()).search).toBe('');
    }
    for (const width of [390, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await harness().screenshot(page, `audit-trail-filter-refused-${width}`);
    }
    await patient.fill(' 4 ');
    await page.getByLabel('Done by').selectOption({ label: 'Demo Nurse (nurse)' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('patientId')).toBe('4');
    const userId = new URL(page.url()).searchParams.get('userId');
    expect(userId).toMatch(/^\d+$/);
    expect(await patient.getAttribute('aria-invalid')).toBeNull();

    // Opened from the address (a bookmark, a reload): the fields show the filters in force.
    await page.goto(`/admin/audit?userId=${userId}&patientId=4`);
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await expect.poll(() => page.getByLabel('Done by').inputValue()).toBe(userId);
    expect(await page.getByLabel('Patient ID').inputValue()).toBe('4');
  });
});
