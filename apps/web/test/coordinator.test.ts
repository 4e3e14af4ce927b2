import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();
const DAY = 86_400_000;

/** Day labels of a follow-up chart's x axis ("Day 0", "Day +7", "Day −1") as numbers. */
async function xTickDays(chart: import('playwright-core').Locator): Promise<number[]> {
  const texts = await chart
    .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
    .allTextContents();
  return texts.map((t) => (t === 'Day 0' ? 0 : Number(t.replace('Day ', '').replace('\u2212', '-'))));
}

describe.runIf(browserTestsEnabled)('coordinator follow-up', () => {
  it('creates, rotates and revokes a calendar feed that works without a session', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/follow-up' });
    const panel = page.getByRole('region', { name: 'Calendar feed' });
    await panel.getByText('You have no calendar feed.').waitFor();
    await panel.getByRole('button', { name: 'Create my calendar feed URL' }).click();
    const urlField = panel.getByLabel(/Your calendar feed URL/);
    await urlField.waitFor();
    const first = await urlField.inputValue();
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar-feeds\/cwf_[\w-]{43}\/worklist\.ics$/);
    await panel.getByText(/Active/).waitFor();

    // A calendar app has no cookie: plain fetch from outside the browser.
    const feed = await fetch(first);
    expect(feed.status).toBe(200);
    const text = await feed.text();
    const worklist = (await (await page.request.get('/api/worklist')).json()) as {
      items: { label: string }[];
    };
    expect(text.match(/BEGIN:VEVENT/g)?.length ?? 0).toBe(worklist.items.length);
    for (const { label } of worklist.items) expect(text).not.toContain(label.split(',')[0] as string);
    expect(text).not.toContain('DEMO-');

    await panel.getByRole('button', { name: /Make a new URL/ }).click();
    await expect.poll(async () => urlField.inputValue()).not.toBe(first);
    const second = await urlField.inputValue();
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);

    await harness().expectNoSeriousA11yViolations(page, 'worklist calendar feed');
    await panel.getByRole('button', { name: 'Revoke calendar feed' }).click();
    await panel.getByText('You have no calendar feed.').waitFor();
    expect(await urlField.count()).toBe(0);
    expect((await fetch(second)).status).toBe(404);
  });

  it('marks visits done and undoes them; charted data completes a visit; IVIG starts from the planned dose', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/follow-up' });
    const infusion = Date.now() - 30 * DAY;
    const id = await enrol(page, {
      mrn: 'FU-BROWSER-1',
      familyName: 'Followup',
      weightKg: 62,
      infusionAt: new Date(infusion).toISOString(),
      status: 'long_term_follow_up',
    });
    const labs = async (day: number, results: { analyte: string; value: number }[]) => {
      const res = await page.request.post(`/api/patients/${id}/labs`, {
        data: { collectedAt: new Date(infusion + day * DAY).toISOString(), results },
      });
      expect(res.status(), await res.text()).toBe(201);
    };
    await labs(-5, [
      { analyte: 'igg', value: 900 },
      { analyte: 'cd19_percent', value: 9 },
    ]);
    await labs(14, [
      { analyte: 'igg', value: 600 },
      { analyte: 'cd19_percent', value: 0.2 },
    ]);
    await labs(28, [
      { analyte: 'igg', value: 480 },
      { analyte: 'cd19_percent', value: 0.1 },
    ]);
    await page.goto(`/follow-up/${id}`);
    await page.getByRole('heading', { name: 'Follow-up: Followup, Test' }).waitFor();

    // Milestones: the Day 14 CD19 completes the Day 14 visit; Day 7 is overdue until marked done.
    const milestones = page.getByRole('table').filter({ hasText: 'Day 100' });
    const row = (label: string) =>
      milestones.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    await row('Day 14').getByText('data charted').waitFor();
    expect(await row('Day 14').textContent()).toMatch(/completed/);
    expect(await row('Day 7').textContent()).toMatch(/overdue/);
    await row('Day 7').getByRole('button', { name: 'Mark done (Day 7 visit)' }).click();
    const date = new Date(infusion + 8 * DAY);
    const pad = (n: number) => String(n).padStart(2, '0');
    await page
      .getByLabel('Date of the Day 7 visit')
      .fill(`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`);
    await page.getByRole('button', { name: 'Save Day 7 visit as done' }).click();
    await row('Day 7')
      .getByText(/^done /)
      .waitFor();
    expect(await row('Day 7').textContent()).toMatch(/completed/);
    await row('Day 7').getByRole('button', { name: /Undo/ }).click();
    await page.getByLabel('Why was the Day 7 visit marked done in error?').fill('another patient');
    await page.getByRole('button', { name: 'Mark entered in error' }).click();
    await expect.poll(async () => row('Day 7').textContent()).toMatch(/overdue/);

    // IgG chart: the rule's threshold, straight segments with points, even ticks from Day 0.
    const api = (await (await page.request.get(`/api/patients/${id}/follow-up`)).json()) as {
      ivigProtocol: { igGIndicatedBelowMgDl: number };
      igg: unknown[];
      bCells: { points: unknown[] };
    };
    const igg = page.locator('.fu-chart').filter({ has: page.getByRole('img', { name: /IgG chart/ }) });
    await igg.locator('.recharts-line-curve').waitFor();
    expect(await igg.getByTestId('igg-threshold').textContent()).toBe(
      String(api.ivigProtocol.igGIndicatedBelowMgDl),
    );
    await igg.getByText(`${api.ivigProtocol.igGIndicatedBelowMgDl} mg/dL`, { exact: true }).waitFor();
    expect(api.igg).toHaveLength(3);
    for (const [name, values] of [
      [/IgG chart/, api.igg.length],
      [/CD19 chart/, api.bCells.points.length],
    ] as const) {
      const chart = page.locator('.fu-chart').filter({ has: page.getByRole('img', { name }) });
      const d = (await chart.locator('.recharts-line-curve').getAttribute('d')) ?? '';
      expect(d).toMatch(/^M[\d.,\s-]+(L[\d.,\s-]+)+$/); // straight segments only, no curve (C) commands
      expect(values).toBeGreaterThanOrEqual(2);
      expect(await chart.locator('.recharts-line-dots circle').count()).toBe(values); // a point per value
      const days = await xTickDays(chart);
      expect(days).toContain(0);
      const steps = new Set(days.slice(1).map((d2, i) => d2 - (days[i] as number)));
      expect(steps.size).toBe(1);
      expect([1, 2, 7, 14, 30]).toContain([...steps][0]);
      expect(Math.min(...days)).toBeGreaterThanOrEqual(-5); // the range fits the data
      expect(Math.max(...days)).toBeLessThanOrEqual(28);
    }

    // IVIG: IgG 480 mg/dL does not indicate it; planning warns but is accepted.
    await page.getByRole('button', { name: 'Plan IVIG doses' }).click();
    await page.getByText(/The IgG does not indicate IVIG/).waitFor();
    await page.getByText(/Each dose: 25 g \(0\.4 g\/kg × 62 kg = 24\.8 g → 25 g/).waitFor();
    await page.getByLabel('Number of doses').fill('1');
    await page.getByRole('button', { name: 'Plan doses' }).click();
    await page.getByText(/Planned with a warning: IVIG planned although not indicated/).waitFor();
    await page
      .getByRole('button', { name: /^Given/ })
      .first()
      .click();
    // 0.4 g/kg × 62 kg = 24.8 g → 25 g from the stocked vials.
    expect(await page.getByLabel('Dose (g)').inputValue()).toBe('25');
    await harness().expectNoSeriousA11yViolations(page, 'follow-up milestones and IVIG');
    await harness().screenshot(page, 'follow-up-coordinator');
  });

  it('the timeline starts fitted to the data: Day −1 to the latest fact, at least 7 days, whole-day ticks', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/' });
    const infusion = Date.now() - 3 * DAY;
    const id = await enrol(page, {
      mrn: 'TL-FIT-1',
      familyName: 'Fitted',
      infusionAt: new Date(infusion).toISOString(),
      status: 'inpatient_monitoring',
    });
    for (const day of [0.2, 1.5, 2.5]) {
      const res = await page.request.post(`/api/patients/${id}/labs`, {
        data: {
          collectedAt: new Date(infusion + day * DAY).toISOString(),
          results: [{ analyte: 'crp', value: 10 + day * 20 }],
        },
      });
      expect(res.status(), await res.text()).toBe(201);
    }
    await page.goto(`/patients/${id}`);
    await page.getByRole('heading', { name: 'Fitted, Test' }).waitFor();
    expect(await page.getByRole('button', { name: 'Fit to data' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('From Day').inputValue()).toBe('-1');
    expect(await page.getByLabel('to Day').inputValue()).toBe('6');
    const chart = page.locator('.chart').filter({ hasText: 'Inflammation markers' });
    await chart.locator('.recharts-line-curve').first().waitFor();
    expect(await chart.locator('.recharts-line-dots circle').count()).toBe(3);
    const ticks = await chart
      .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
      .allTextContents();
    expect(ticks).toEqual(['D\u22121', 'D0', 'D+1', 'D+2', 'D+3', 'D+4', 'D+5', 'D+6']);
  });
});
