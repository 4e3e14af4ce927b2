import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserTestsEnabled,
  DEMO_PASSWORD,
  recordWrites,
  SCREENSHOT_DIR,
  setUpBrowserHarness,
} from './harness.ts';

const harness = setUpBrowserHarness();

/** Demo-Lindqvist, Jon: Day +1, CRS 0, no open alerts in the demo ward. */
const FEVER_PATIENT = 'Demo-Lindqvist, Jon';
/** Demo-Lindqvist, Lou (DEMO-0100): long-term follow-up, antiviral due to stop with CD4 150/µL. */
const LONG_TERM_PATIENT = 'Demo-Lindqvist, Lou';

describe.runIf(browserTestsEnabled)('alerts', () => {
  it('brings a nurse-charted fever to a hematologist live, who then signs the CRS grade', async () => {
    const hematologist = await harness().newPage();
    await harness().signIn(hematologist, 'hematologist', { path: '/alerts' });
    await hematologist.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await hematologist.getByText('Live updates on').waitFor();
    const list = hematologist.getByRole('list', { name: 'Alerts' });
    await list.waitFor();
    expect(await list.getByRole('link', { name: FEVER_PATIENT }).count()).toBe(0);

    const nurse = await harness().newPage();
    await harness().signIn(nurse, 'nurse');
    const ward = await nurse.request.get('/api/ward');
    const { patients } = (await ward.json()) as { patients: { id: number; name: string }[] };
    const patient = patients.find((p) => p.name === FEVER_PATIENT);
    expect(patient).toBeDefined();
    const res = await nurse.request.post(`/api/patients/${patient?.id}/vitals`, {
      data: { takenAt: new Date().toISOString(), temperatureC: 39.2 },
    });
    expect(res.status(), await res.text()).toBe(201);

    // No reload: the banner and the list update from the live event stream.
    const banner = hematologist.getByRole('alert').filter({ hasText: FEVER_PATIENT });
    await banner.waitFor({ timeout: 10_000 });
    await expect.poll(() => banner.textContent()).toContain('possible CRS onset');
    expect(await banner.getByRole('link', { name: 'Open patient' }).getAttribute('href')).toBe(
      `/patients/${patient?.id}`,
    );
    await list.getByRole('link', { name: FEVER_PATIENT }).first().waitFor({ timeout: 10_000 });
    // The nurse's open screen hears it too.
    await nurse.getByRole('alert').filter({ hasText: FEVER_PATIENT }).waitFor({ timeout: 10_000 });
    await harness().screenshot(hematologist, 'alerts-live-banner');

    // Mute persists across reloads.
    await hematologist.getByRole('button', { name: 'Alert sound on' }).click();
    await hematologist.getByRole('button', { name: 'Alert sound off' }).waitFor();
    expect(await hematologist.evaluate(() => localStorage.getItem('cellwatch.alertSound.muted'))).toBe(
      'true',
    );

    // Hiding the banner is not acknowledging: it says so, and the alert stays open.
    expect(await banner.textContent()).toContain('the alert stays open');
    const acknowledgeLink = banner.getByRole('link', { name: /^Acknowledge with note…/ });
    expect(await acknowledgeLink.getAttribute('href')).toMatch(/^\/alerts#alert-\d+$/);
    await banner
      .getByRole('button', { name: /^Hide banner .*dismisses this notice on this screen only/ })
      .click();
    await banner.waitFor({ state: 'detached' });
    const afterHide = await hematologist.request.get(`/api/alerts?patientId=${patient?.id}`);
    const stillOpen = ((await afterHide.json()) as { alerts: { status: string; rule: string }[] }).alerts;
    expect(stillOpen.find((a) => a.rule === 'possible_crs_onset')?.status).toBe('open');

    // Through the header, without reloading: the review queue has the new CRS grade 1.
    await hematologist
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reviews' })
      .click();
    await hematologist.getByRole('heading', { name: 'Review queue' }).waitFor();
    const confirm = hematologist.getByRole('button', { name: `Confirm CRS grade 1 for ${FEVER_PATIENT}` });
    await confirm.click();
    const dialog = hematologist.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('confirmed CRS grade 1');
    await dialog.getByLabel('Your password (to sign)').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await dialog.waitFor({ state: 'detached' });
    await hematologist
      .getByRole('status')
      .filter({ hasText: `Signed: ${FEVER_PATIENT}, confirmed CRS grade 1` })
      .waitFor();
    await confirm.waitFor({ state: 'detached' });
    const pending = await hematologist.request.get(`/api/reviews?status=pending&patientId=${patient?.id}`);
    expect(((await pending.json()) as { reviews: unknown[] }).reviews).toEqual([]);
  });

  it('acknowledges an alert with a note, and shows when and what', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/alerts' });
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'Demo-Patel, Ravi' }) });
    await card.first().waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'alerts');
    await harness().screenshot(page, 'alerts');

    await page.getByRole('button', { name: 'Acknowledge alert for Demo-Patel, Ravi' }).click();
    await page.getByLabel('Acknowledgement note (optional)').fill('Neutropenic precautions in place');
    await page.getByRole('button', { name: 'Save acknowledgement for Demo-Patel, Ravi' }).click();
    await card.first().getByText('“Neutropenic precautions in place”', { exact: false }).waitFor();
    await card.first().getByText('Acknowledged', { exact: true }).first().waitFor();

    // Resolve needs a note; then it leaves the unresolved list and shows under Resolved.
    await page.getByRole('button', { name: 'Resolve alert for Demo-Patel, Ravi' }).click();
    await page.getByRole('button', { name: 'Save resolution for Demo-Patel, Ravi' }).click();
    await page.getByText('Say how it was resolved').waitFor();
    await page.getByLabel('Resolution note (required)').fill('ANC recovered to 1200/µL');
    await page.getByRole('button', { name: 'Save resolution for Demo-Patel, Ravi' }).click();
    await card.first().waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('resolved');
    await card.first().getByText('“ANC recovered to 1200/µL”', { exact: false }).waitFor();
    await page.getByLabel('Severity').selectOption('critical');
    await card.first().waitFor({ state: 'detached' });
  });

  it('refuses a resolution note too short beside the field, sending nothing, until it is corrected', async () => {
    const page = await harness().newPage({ viewport: { width: 390, height: 844 } });
    await harness().signIn(page, 'nurse', { path: '/alerts' });
    await page.getByRole('list', { name: 'Alerts' }).waitFor();
    const writes = recordWrites(page);
    await page
      .getByRole('button', { name: /^Resolve alert for / })
      .first()
      .click();
    const note = page.getByLabel('Resolution note (required)');
    // Three characters with the spaces; the contract counts the note trimmed.
    await note.fill(' ok ');
    await page.getByRole('button', { name: /^Save resolution for / }).click();
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await note.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain(
      'Say how it was resolved (at least 3 characters).',
    );
    // Only the field says it: no second message in an alert.
    expect(await page.locator('.alert-card__form [role="alert"]').count()).toBe(0);
    expect(writes).toEqual([]);
    for (const width of [390, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await harness().screenshot(page, `alerts-resolution-refused-${width}`);
    }
    // Typing again takes the refusal away until the next save.
    await note.pressSequentially('a');
    await expect.poll(() => note.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByText('Say how it was resolved').count()).toBe(0);
    expect(writes).toEqual([]);
  });

  it('groups the alerts by patient and says "raised again" only for an alert that re-fired', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/alerts' });
    const list = page.getByRole('list', { name: 'Alerts' });
    await list.waitFor();
    const res = await page.request.get('/api/alerts?status=unresolved');
    const alerts = (
      (await res.json()) as {
        alerts: { id: number; patient: { name: string }; fireCount: number; updateCount: number }[];
      }
    ).alerts;
    const patients = [...new Set(alerts.map((a) => a.patient.name))];
    expect(patients.length).toBeGreaterThan(1);
    // One group (a heading and a list) per patient, each holding all of that patient's alerts.
    const groups = list.locator(':scope > li');
    await expect.poll(() => groups.count()).toBe(patients.length);
    for (const name of patients) {
      expect(await list.getByRole('heading', { level: 2, name, exact: true }).count()).toBe(1);
      const ofPatient = alerts.filter((a) => a.patient.name === name).length;
      const group = list.getByRole('list', { name, exact: true });
      expect(await group.getByRole('listitem').count()).toBe(ofPatient);
    }
    // The sickest patient (the most severe alert) comes first.
    expect(await groups.first().getAttribute('data-alert-patient')).toBe(alerts[0]?.patient.name);
    // Nobody reads "fired again"; "raised again" only where the rule really fired more than once.
    expect(await page.getByText(/fired again/i).count()).toBe(0);
    for (const alert of alerts) {
      const card = page.locator(`[data-alert-id="${alert.id}"]`);
      if (alert.fireCount > 1)
        expect(await card.textContent()).toContain(`Raised again${alert.fireCount - 1}×`);
      else expect(await card.textContent()).not.toMatch(/again/i);
      // "Updated" only where the message was brought up to date, never for a re-evaluation alone.
      const updated = card.locator('dt', { hasText: 'Updated' });
      if (alert.updateCount > 0) {
        expect(await updated.count()).toBe(1);
        expect(await card.textContent()).toContain(`Updated${alert.updateCount}×`);
      } else expect(await updated.count()).toBe(0);
    }
    await harness().expectNoSeriousA11yViolations(page, 'alerts grouped by patient');
  });

  it('opens the acknowledgement note of the alert the banner linked to', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse');
    const res = await page.request.get('/api/alerts?status=open');
    const alert = ((await res.json()) as { alerts: { id: number; patient: { name: string } }[] }).alerts[0];
    expect(alert).toBeDefined();
    await page.goto(`/alerts#alert-${alert?.id}`);
    const card = page.locator(`[data-alert-id="${alert?.id}"]`);
    await card.getByLabel('Acknowledgement note (optional)').waitFor();
    await card.getByRole('button', { name: `Save acknowledgement for ${alert?.patient.name}` }).waitFor();
  });

  it('shows the alerts in dark mode on a portrait tablet', async () => {
    const page = await harness().newPage({ colorScheme: 'dark', viewport: { width: 768, height: 1024 } });
    await harness().signIn(page, 'coordinator', { path: '/alerts' });
    await page.getByRole('list', { name: 'Alerts' }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'alerts dark');
    await harness().screenshot(page, 'alerts-dark');
  });

  it('a newer CD4 count brings the open prophylaxis alert up to date: "Updated", not "raised again"', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/alerts' });
    const res = await page.request.get('/api/alerts?status=unresolved');
    const alerts = (
      (await res.json()) as {
        alerts: {
          id: number;
          patientId: number;
          rule: string;
          patient: { name: string };
          fireCount: number;
        }[];
      }
    ).alerts;
    const antiviral = alerts.find(
      (a) =>
        a.patient.name === LONG_TERM_PATIENT && a.rule === 'prophylaxis_stop_rule_not_met_antiviral_hsv_vzv',
    );
    expect(antiviral).toBeDefined();
    const lab = await page.request.post(`/api/patients/${antiviral?.patientId}/labs`, {
      data: {
        collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        results: [{ analyte: 'cd4_absolute', value: 170 }],
      },
    });
    expect(lab.status(), await lab.text()).toBe(201);
    await page.reload();
    const card = page.locator(`[data-alert-id="${antiviral?.id}"]`);
    await expect.poll(() => card.locator('.alert-card__message').textContent()).toContain('CD4 170/µL');
    expect(await card.textContent()).toContain('Updated1×');
    expect(await card.textContent()).not.toContain('CD4 150/µL');
    if (antiviral?.fireCount === 1) expect(await card.textContent()).not.toMatch(/again/i);
    for (const width of [390, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      // The card alone: the demo ward's whole alert list is several screens tall.
      await card.screenshot({ path: join(SCREENSHOT_DIR, `alerts-updated-${width}.png`) });
    }
  });
});
