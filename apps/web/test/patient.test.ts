import { join } from 'node:path';
import { calendarDayNumbering, startOfCalendarDay } from '@cellwatch/clinical';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, recordWrites, SCREENSHOT_DIR, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)('patient page', () => {
  it('shows the demo patient header, grade reasons and the timeline', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/patients/2' });
    await page.getByRole('heading', { name: 'Demo-Okafor, Sam' }).waitFor();
    await page.getByRole('heading', { name: 'Current grades' }).waitFor();
    expect(await page.locator('.grade-card').first().textContent()).toContain('CRS 3');
    await page.getByText(/Rule version/).waitFor();
    await page
      .getByText(/norepinephrine/)
      .first()
      .waitFor();
    await page.locator('.recharts-line path').first().waitFor();
    await page.getByRole('heading', { name: /Vital signs \(\d+\)/ }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'patient');
    await harness().screenshot(page, 'patient');
    await page.locator('.charts').screenshot({ path: join(SCREENSHOT_DIR, 'patient-timeline.png') });
  });

  it('draws the charts from a long history of 2,000+ vital sets', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist');
    const start = Date.now() - 20 * 86_400_000;
    const id = await enrol(page, {
      mrn: 'LONG-0001',
      familyName: 'Longstay',
      infusionAt: new Date(start).toISOString(),
      status: 'inpatient_monitoring',
    });
    const N = 2100;
    const step = (19 * 86_400_000) / N;
    // A few requests in parallel at a time; a reset connection under load is retried.
    const post = async (i: number) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await page.request.post(`/api/patients/${id}/vitals`, {
            data: {
              takenAt: new Date(start + 3_600_000 + i * step).toISOString(),
              temperatureC: 36.5 + (i % 20) / 10,
              heartRate: 70 + (i % 30),
              systolic: 110 + (i % 15),
              diastolic: 70,
              respiratoryRate: 16,
              spo2: 96,
              oxygenDevice: 'room_air',
            },
          });
          expect(r.status()).toBe(201);
          return;
        } catch (err) {
          if (attempt >= 3 || !/ECONNRESET|socket hang up/.test(String(err))) throw err;
        }
      }
    };
    for (let batch = 0; batch < N; batch += 10) {
      await Promise.all(Array.from({ length: Math.min(10, N - batch) }, (_, j) => post(batch + j)));
    }
    await page.goto(`/patients/${id}`);
    await page.getByRole('heading', { name: 'Longstay, Test' }).waitFor();
    await page.getByRole('button', { name: 'All' }).click();
    await page.getByText(new RegExp(`${N} temperature readings`)).waitFor();
    await page.locator('.recharts-line path').first().waitFor();
    const lengths = await page
      .locator('.recharts-line path')
      .evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').length));
    expect(lengths.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...lengths)).toBeGreaterThan(1000);

    // Zoom to Day +2 … +3: the server thins that range alone, so the chart has every reading in it.
    // Days are the unit's calendar days: Day 0 begins at the unit's midnight before the infusion.
    const { unit } = (await (await page.request.get('/api/auth/me')).json()) as {
      unit: { timeZone: string };
    };
    const day0 = startOfCalendarDay(start, calendarDayNumbering(unit.timeZone));
    const inRange = Array.from({ length: N }, (_, i) => start + 3_600_000 + i * step).filter(
      (t) => t >= day0 + 2 * 86_400_000 && t <= day0 + 3 * 86_400_000,
    ).length;
    const zoomed = page.waitForRequest((r) => /\/timeline\?.*from=/.test(r.url()));
    await page.getByLabel('From Day').fill('2');
    await page.getByLabel('to Day').fill('3');
    await zoomed;
    await page.getByText(`${inRange} temperature readings in this range`).waitFor();
    await page.mouse.move(0, 0);
    await page.locator('.charts').screenshot({ path: join(SCREENSHOT_DIR, 'patient-long-history.png') });
  }, 300_000);

  it('shows a hostile name and free text as text, never as markup', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator');
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const id = await enrol(page, {
      mrn: 'XSS-0001',
      familyName: hostile,
      infusionAt: new Date(Date.now() - 86_400_000).toISOString(),
      status: 'inpatient_monitoring',
    });
    // Free text too: a lab result marked entered in error with a hostile reason.
    const panel = await page.request.post(`/api/patients/${id}/labs`, {
      data: {
        collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        results: [{ analyte: 'crp', value: 12 }],
      },
    });
    expect(panel.status(), await panel.text()).toBe(201);
    const labId = ((await panel.json()) as { results: { id: number }[] }).results[0]?.id;
    const marked = await page.request.post(`/api/patients/${id}/labs/${labId}/entered-in-error`, {
      data: { reason: `wrong tube ${hostile}` },
    });
    expect(marked.status(), await marked.text()).toBe(200);
    let dialog = false;
    page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    await page.goto(`/patients/${id}`);
    await page.getByRole('heading', { name: `${hostile}, Test` }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('main script, section script').count()).toBe(0);
    await page.locator('summary', { hasText: 'Lab results' }).click();
    await page.getByText(`Entered in error: “wrong tube ${hostile}”`).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.goto('/ward');
    await page.getByRole('link', { name: `${hostile}, Test` }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialog).toBe(false);
    await harness().screenshot(page, 'ward-hostile-name');
  });

  it('reports a neutropenia after Day 30 without giving it a late ICAHT grade', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator');
    const infusionAt = Date.now() - 45 * 86_400_000;
    const id = await enrol(page, {
      mrn: 'LATE-0001',
      familyName: 'Late',
      infusionAt: new Date(infusionAt).toISOString(),
      status: 'outpatient_follow_up',
    });
    const panel = await page.request.post(`/api/patients/${id}/labs`, {
      data: {
        // The same time of day as the infusion: Day +40 whatever the hour the test runs at (an
        // hour later would fall on Day +41 when the infusion was after 23:00 in the unit's zone).
        collectedAt: new Date(infusionAt + 40 * 86_400_000).toISOString(),
        results: [{ analyte: 'anc', value: 420 }],
      },
    });
    expect(panel.status(), await panel.text()).toBe(201);
    await page.goto(`/patients/${id}`);
    await page.getByText('ANC ≤ 500/µL after Day 30 on 1 day').waitFor();
    await page.getByText(/\(Day \+40; lowest 420\/µL\)\. Late ICAHT is not graded/).waitFor();
  });

  it('shows a suspected IEC-HS as a watch signal with its basis, never a grade', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist');
    const H = 3_600_000;
    const infusionAt = Date.now() - 10 * 24 * H;
    const id = await enrol(page, {
      mrn: 'IECHS-0001',
      familyName: 'Watch',
      infusionAt: new Date(infusionAt).toISOString(),
      status: 'inpatient_monitoring',
    });
    const post = async (path: string, data: unknown) => {
      const res = await page.request.post(`/api/patients/${id}${path}`, { data });
      expect(res.status(), await res.text()).toBe(201);
    };
    // CRS grade 1 on Day 1, sign-free from Day 2; then ferritin and fibrinogen on Day 8.
    for (const [hours, temperatureC] of [
      [26, 38.7],
      [40, 36.8],
      [80, 36.9],
    ] as const) {
      await post('/vitals', {
        takenAt: new Date(infusionAt + hours * H).toISOString(),
        temperatureC,
        heartRate: 88,
        systolic: 118,
        spo2: 97,
      });
    }
    await post('/labs', {
      collectedAt: new Date(infusionAt + 8 * 24 * H).toISOString(),
      results: [
        { analyte: 'ferritin', value: 6400 },
        { analyte: 'fibrinogen', value: 120 },
      ],
    });
    await page.goto(`/patients/${id}`);
    await page.getByText('IEC-HS suspected — watch signal', { exact: true }).waitFor();
    await page.getByText('✓ ferritin 6400 ng/mL > 2 × upper limit 400 ng/mL (800 ng/mL)').waitFor();
    await page.getByText('✓ fibrinogen 120 mg/dL < 150 mg/dL').waitFor();
    expect(await page.getByText(/IEC-HS grade/).count()).toBe(0);
  });

  it('marks a vital set entered in error with a reason and strikes it through', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/4' });
    await page.getByRole('heading', { name: /Vital signs \(\d+\)/ }).waitFor();
    await page
      .getByRole('button', { name: /Mark entered in error/ })
      .first()
      .click();
    await page.getByLabel(/Reason/).fill('wrong patient charted');
    await page.getByRole('button', { name: 'Confirm entered in error' }).click();
    await page.getByText(/Entered in error: “wrong patient charted”/).waitFor();
    expect(await page.locator('tr.struck').count()).toBeGreaterThan(0);
  });

  it('refuses an entered-in-error reason too short beside the field, sending nothing', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/4' });
    await page.getByRole('heading', { name: /Vital signs \(\d+\)/ }).waitFor();
    const writes = recordWrites(page);
    const struck = await page.locator('tr.struck').count();
    await page
      .getByRole('button', { name: /Mark entered in error/ })
      .first()
      .click();
    const reason = page.getByLabel(/Reason/);
    // Five characters with the spaces, but the contract counts the reason trimmed.
    await reason.fill(' oops ');
    await page.getByRole('button', { name: 'Confirm entered in error' }).click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await reason.getAttribute('aria-describedby')) ?? '';
    expect(errorId).not.toBe('');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe(
      'Give the reason in at least 5 characters.',
    );
    expect(writes).toEqual([]);
    expect(await page.locator('tr.struck').count()).toBe(struck);
    for (const width of [390, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('.eie-form').scrollIntoViewIfNeeded();
      await harness().screenshot(page, `patient-entered-in-error-refused-${width}`);
    }
  });
});
