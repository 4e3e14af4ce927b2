import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, DEMO_PASSWORD, enrol, SCREENSHOT_DIR, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

interface WardBody {
  patients: { id: number; name: string }[];
}
interface ToxicityBody {
  grades: { crs: { gradeChangeId: number | null; grade: number; status: string } };
}

describe.runIf(browserTestsEnabled)('what the hematologist signed is what everyone sees', () => {
  it('lists the facts used in words in the review queue: time, values, who charted them', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/reviews' });
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Demo-Okafor, Sam/ }) })
      .filter({ hasText: 'CRS grade 3' })
      .first();
    await card.waitFor();
    const facts = card.locator('.review-card__facts');
    const text = (await facts.textContent()) ?? '';
    expect(text).toMatch(/\d{2}:\d{2}/);
    expect(text).toMatch(/T \d+\.\d °C/);
    expect(text).toMatch(/BP \d+\/\d+ mmHg/);
    expect(text).toContain('charted by Demo Nurse');
    expect(text).not.toMatch(/vital_sets:\d+/);
    // The most urgent first: the first card is an unsigned grade 3 or more.
    const first =
      (await page.getByRole('list', { name: 'Grade changes' }).getByRole('listitem').first().textContent()) ??
      '';
    expect(first).toMatch(/(CRS|ICANS) grade [345]/);
    await harness().expectNoSeriousA11yViolations(page, 'reviews with facts in words');
  });

  it('shows the signed grade, marked signed with the signer, and the computed grade beside it, in the ward row, patient header and grade panel', async () => {
    const page = await harness().newPage({ viewport: { width: 1440, height: 900 } });
    await harness().signIn(page, 'hematologist', { path: '/ward' });
    const ward = (await (await page.request.get('/api/ward')).json()) as WardBody;
    const okafor = ward.patients.find((p) => p.name === 'Demo-Okafor, Sam');
    expect(okafor).toBeTruthy();
    const id = okafor?.id as number;
    const tox = (await (await page.request.get(`/api/patients/${id}/toxicity`)).json()) as ToxicityBody;
    expect(tox.grades.crs).toMatchObject({ grade: 3, status: 'awaiting_review' });

    // Before signing: the ward row says the grade is unsigned.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Demo-Okafor, Sam' }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Unsigned, awaiting review');

    const signed = await page.request.post(`/api/reviews/${tox.grades.crs.gradeChangeId}/override`, {
      data: { password: DEMO_PASSWORD, grade: 2, reason: 'Norepinephrine started for sedation, not CRS' },
    });
    expect(signed.status(), await signed.text()).toBe(200);

    await page.reload();
    await row.waitFor();
    const grades = row.locator('.ward-grades');
    await grades.getByText('CRS 2').waitFor();
    const rowText = (await grades.textContent()) ?? '';
    expect(rowText).toContain('Signed');
    expect(rowText).toContain('by Demo Hematologist');
    expect(rowText).toContain('computed CRS 3');
    await harness().expectNoSeriousA11yViolations(page, 'ward with a signed grade');
    await row.screenshot({ path: join(SCREENSHOT_DIR, 'ward-row-signed-grade.png') });
    await harness().screenshot(page, 'ward-signed-grade');

    await page.goto(`/patients/${id}`);
    const header = page.locator('.patient-head');
    await header.getByText('CRS 2').waitFor();
    const headerText = (await header.textContent()) ?? '';
    expect(headerText).toContain('Signed');
    expect(headerText).toContain('by Demo Hematologist');
    expect(headerText).toContain('computed CRS 3');

    const panel = page.locator('.grade-card').first();
    await panel.getByText('overrode computed CRS grade 3 with grade 2').waitFor();
    const panelText = (await panel.textContent()) ?? '';
    expect(panelText).toContain('CRS 2');
    expect(panelText).toContain('by Demo Hematologist');
    expect(panelText).toContain('computed CRS 3');
    expect(panelText).toContain('Norepinephrine started for sedation, not CRS');
    await harness().expectNoSeriousA11yViolations(page, 'patient with a signed grade');
    await harness().screenshot(page, 'patient-signed-grade');
    await header.screenshot({ path: join(SCREENSHOT_DIR, 'patient-header-signed-grade.png') });
    await panel.screenshot({ path: join(SCREENSHOT_DIR, 'grade-card-signed.png') });

    // The trial report counts the signed maximum, with the computed one beside it.
    await page.goto('/reports');
    const reportRow = page
      .getByRole('table', { name: /Toxicity per infused patient/ })
      .getByRole('row', { name: /DEMO-0002/ });
    await reportRow.waitFor();
    expect((await reportRow.getByRole('cell').allTextContents())[4]).toBe(
      'Grade 2 (signed; computed Grade 3)',
    );
    await page.getByText(/The computed maximum differs for 1 of \d+ patients \([\d.,]+%\) \(CRS\)/).waitFor();

    // On a phone the header still says it.
    await page.goto(`/patients/${id}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await header.getByText('computed CRS 3').waitFor();
    await harness().screenshot(page, 'patient-signed-grade-390');
  }, 180_000); // several pages on a busy machine: a generous limit, not a speed target

  it('shows a signed grade whose facts were corrected as returned to review, with the signature that no longer holds', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist');
    const start = Date.now() - 3 * 86_400_000;
    const t = (h: number) => new Date(start + h * 3_600_000).toISOString();
    const id = await enrol(page, {
      mrn: 'SIGN-0001',
      familyName: 'Returned',
      infusionAt: t(0),
      status: 'inpatient_monitoring',
    });
    const post = async (path: string, data: unknown, status = 201) => {
      const res = await page.request.post(path, { data });
      expect(res.status(), await res.text()).toBe(status);
      return res.json();
    };
    // Fever with hypotension twice, then norepinephrine: CRS 3 (ASTCT 2019, one vasopressor).
    await post(`/api/patients/${id}/vitals`, {
      takenAt: t(25),
      temperatureC: 39.1,
      systolic: 85,
      diastolic: 52,
    });
    const second = await post(`/api/patients/${id}/vitals`, {
      takenAt: t(26),
      temperatureC: 39.0,
      systolic: 84,
      diastolic: 50,
    });
    await post(`/api/patients/${id}/vasopressors`, { drug: 'norepinephrine', startedAt: t(27) });
    const tox = (await (await page.request.get(`/api/patients/${id}/toxicity`)).json()) as ToxicityBody;
    await post(
      `/api/reviews/${tox.grades.crs.gradeChangeId}/override`,
      { password: DEMO_PASSWORD, grade: 2, reason: 'Hypotension from sedation' },
      200,
    );
    // The vital set behind the signed grade was charted on the wrong patient.
    await post(
      `/api/patients/${id}/vitals/${second.vital.id}/entered-in-error`,
      { reason: 'charted on the wrong patient' },
      200,
    );

    await page.goto(`/patients/${id}`);
    const header = page.locator('.patient-head');
    await header.getByText('Returned to review').waitFor();
    expect(await header.textContent()).toContain('CRS 3');
    const panel = page.locator('.grade-card').first();
    await panel.getByText(/Returned to review/).waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Unsigned, awaiting review');
    expect(text).toContain('was signed CRS 2 by Demo Hematologist');
    expect(text).toMatch(/entered-in-error after this grade was signed/);
    await harness().expectNoSeriousA11yViolations(page, 'patient with a grade returned to review');
    await panel.screenshot({ path: join(SCREENSHOT_DIR, 'grade-card-returned.png') });
  }, 180_000);
});
