import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, enrol, setUpBrowserHarness } from './harness.ts';
import { ICE_ITEMS } from './ice-items.ts';

const harness = setUpBrowserHarness();

/** The datetime-local value of `ms` in the browser's zone. */
const localValue = (page: Page, ms: number) =>
  page.evaluate((t) => {
    const d = new Date(t);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, ms);
const parseLocal = (page: Page, value: string) => page.evaluate((v) => new Date(v).getTime(), value);

function countPosts(page: Page, path: RegExp): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && path.test(new URL(r.url()).pathname)) n++;
  });
  return () => n;
}

describe.runIf(browserTestsEnabled)('bedside safe defaults', () => {
  it('the ICE form starts unanswered and saves only when every item is answered or "not performed" has a reason', async () => {
    const page = await harness().newPage({ viewport: { width: 390, height: 844 } }); // a phone
    const posts = countPosts(page, /\/neuro-assessments$/);
    await harness().signIn(page, 'nurse', { path: '/patients/6/bedside' });
    await page.getByRole('button', { name: 'ICE / neuro' }).click();
    const score = page.locator('.bs-ice-score output');
    await score.waitFor();
    expect(await score.textContent()).toBe('not complete: 10 of 10 unanswered');
    for (const item of ICE_ITEMS) {
      const group = page.getByRole('group', { name: item, exact: true });
      expect(await group.getByRole('radio', { name: 'Correct', exact: true }).isChecked()).toBe(false);
      expect(await group.getByRole('radio', { name: 'Incorrect', exact: true }).isChecked()).toBe(false);
    }

    // An accidental save charts nothing and says what is unanswered.
    const save = page.getByRole('button', { name: 'Save assessment' });
    await save.click();
    const alert = page.getByRole('alert').filter({ hasText: 'answer every ICE item' });
    await alert.waitFor();
    expect(await alert.locator('li').allTextContents()).toEqual(ICE_ITEMS);
    await harness().expectNoSeriousA11yViolations(page, 'bedside ice unanswered');
    await harness().screenshot(page, 'bedside-ice-unanswered');

    // Nine answered, one left: still refused, naming the one.
    for (const item of ICE_ITEMS.slice(0, 9)) {
      await page
        .getByRole('group', { name: item, exact: true })
        .getByRole('radio', { name: 'Correct', exact: true })
        .check();
    }
    expect(await score.textContent()).toBe('not complete: 1 of 10 unanswered');
    await save.click();
    await page.getByRole('alert').filter({ hasText: 'Unanswered (1)' }).waitFor();
    expect(await alert.locator('li').allTextContents()).toEqual(['Counts backwards from 100 by 10']);

    // "Not performed" needs its reason too.
    await page.getByLabel('ICE could not be performed').check();
    await save.click();
    await page.getByRole('alert').filter({ hasText: 'say why the ICE could not be performed' }).waitFor();
    expect(posts()).toBe(0);

    await page.getByLabel('Why not').selectOption('global_aphasia');
    // Awake: global aphasia in an awake patient (the level starts unchosen, the nurse says it).
    await page.getByLabel('Level of consciousness').selectOption('normal');
    await save.click();
    await page.getByText(/ICE not performed\./).waitFor();
    expect(posts()).toBe(1);
    // Global aphasia in an awake patient is ICANS grade 3 (ASTCT 2019).
    const tox = await page.request.get('/api/patients/6/toxicity');
    const icans = (await tox.json()).current.icans;
    expect(icans.grade).toBe(3);
    expect(icans.reasons.join(' ')).toContain('global aphasia');
    // The form is blank again for the next assessment.
    expect(await score.textContent()).toBe('not complete: 10 of 10 unanswered');
    // The patient's record shows the reason in words.
    await page.goto('/patients/6');
    await page.locator('summary').filter({ hasText: 'Neurological assessments' }).click();
    await page.getByText('Not performed (global aphasia)').first().waitFor();
  });

  it('"taken at" follows the clock until the nurse edits it, in every bedside form', async () => {
    const page = await harness().newPage();
    const start = Date.now() - 60 * 60_000; // the browser's clock an hour behind the server's
    await page.clock.install({ time: start });
    await harness().signIn(page, 'nurse', { path: '/patients/1/bedside' });
    const takenAt = page.getByLabel('Taken at', { exact: true });
    await takenAt.waitFor();
    const opened = await takenAt.inputValue();
    expect(await parseLocal(page, opened)).toBeLessThanOrEqual(start + 60_000);

    // The form is left open for 30 minutes: the time moves on with the clock.
    await page.clock.fastForward('30:00');
    await expect
      .poll(async () => parseLocal(page, await takenAt.inputValue()))
      .toBeGreaterThanOrEqual(start + 29 * 60_000);

    // Edited: it stays as entered; "Now" makes it follow again.
    const lateEntry = await localValue(page, start - 45 * 60_000);
    await takenAt.fill(lateEntry);
    await page.clock.fastForward('10:00');
    expect(await takenAt.inputValue()).toBe(lateEntry);
    await harness().expectNoSeriousA11yViolations(page, 'bedside vitals edited time');
    await page.getByRole('button', { name: 'Set taken at to now' }).click();
    await expect
      .poll(async () => parseLocal(page, await takenAt.inputValue()))
      .toBeGreaterThanOrEqual(start + 39 * 60_000);

    // Saved while following the clock: the moment of saving is charted, not when the form opened.
    await page.getByRole('textbox', { name: 'Temperature' }).fill('36.8');
    const request = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/vitals'));
    await page.getByRole('button', { name: 'Save vital signs' }).click();
    const sent = JSON.parse((await request).postData() ?? '{}') as { takenAt: string };
    expect(Date.parse(sent.takenAt)).toBeGreaterThanOrEqual(start + 40 * 60_000);
    await page.getByText(/Saved vital signs of/).waitFor();

    for (const [tab, label] of [
      ['ICE / neuro', 'Assessed at'],
      ['Medication', 'Given at'],
    ] as const) {
      await page.getByRole('button', { name: tab }).click();
      const field = page.getByLabel(label, { exact: true });
      await field.waitFor();
      const before = await parseLocal(page, await field.inputValue());
      await page.clock.fastForward('20:00');
      await expect
        .poll(async () => parseLocal(page, await field.inputValue()))
        .toBeGreaterThanOrEqual(before + 19 * 60_000);
    }
  });

  it('lab "collected at" follows the clock until edited: opened and charted an hour later, the save time is sent', async () => {
    const page = await harness().newPage();
    const start = Date.now() - 90 * 60_000; // the browser's clock 90 minutes behind the server's
    await page.clock.install({ time: start });
    await harness().signIn(page, 'nurse', { path: '/ward' });
    const id = await enrol(page, { mrn: 'MRN-LAB-CLOCK', familyName: 'Clockwise' });
    await page.goto(`/patients/${id}/bedside`);
    await page.getByRole('button', { name: 'Labs' }).click();
    const collectedAt = page.getByLabel('Collected at', { exact: true });
    await collectedAt.waitFor();
    expect(await parseLocal(page, await collectedAt.inputValue())).toBeLessThanOrEqual(start + 60_000);
    const crp = page.getByRole('textbox', { name: 'C-reactive protein' });
    const chart = async (value: string) => {
      await crp.fill(value);
      await page.getByLabel('Unit of C-reactive protein').selectOption('mg/L');
      const request = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/labs'));
      await page.getByRole('button', { name: 'Save lab results' }).click();
      const sent = JSON.parse((await request).postData() ?? '{}') as { collectedAt: string };
      await page
        .getByRole('status')
        .filter({ hasText: `C-reactive protein ${value} mg/L` })
        .waitFor();
      return Date.parse(sent.collectedAt);
    };

    // Left open for an hour: the field moves on, and the moment of saving is charted.
    await page.clock.fastForward('01:00:00');
    await expect
      .poll(async () => parseLocal(page, await collectedAt.inputValue()))
      .toBeGreaterThanOrEqual(start + 59 * 60_000);
    expect(await page.getByRole('button', { name: 'Set collected at to now' }).count()).toBe(0);
    expect(await chart('12')).toBeGreaterThanOrEqual(start + 60 * 60_000);

    // Edited to the report's time: it stays as entered and is what is sent.
    const reportTime = await localValue(page, start + 20 * 60_000);
    await collectedAt.fill(reportTime);
    await page.clock.fastForward('10:00');
    expect(await collectedAt.inputValue()).toBe(reportTime);
    await page.getByText('As entered; "Now" follows the clock again').waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'bedside lab edited time');
    expect(await chart('14')).toBe(await parseLocal(page, reportTime));

    // After the save it follows the clock again; edited once more, "Now" makes it follow.
    await expect
      .poll(async () => parseLocal(page, await collectedAt.inputValue()))
      .toBeGreaterThanOrEqual(start + 69 * 60_000);
    await collectedAt.fill(reportTime);
    await page.getByRole('button', { name: 'Set collected at to now' }).click();
    await expect
      .poll(async () => parseLocal(page, await collectedAt.inputValue()))
      .toBeGreaterThanOrEqual(start + 69 * 60_000);
    const labs = await (await page.request.get(`/api/patients/${id}/labs`)).json();
    expect(labs.results.map((r: { value: number }) => r.value).sort()).toEqual([12, 14]);
  });

  it('a temperature taken alone keeps the previous hints and leaves the vitals-due clock as it was', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/4/bedside' });
    const temp = page.getByRole('textbox', { name: 'Temperature' });
    await temp.waitFor();
    const dueAt = async () => {
      const res = await page.request.get('/api/ward');
      const me = (await res.json()).patients.find((p: { id: number }) => p.id === 4);
      return me.nextDue.vitalsDueAt as string;
    };

    // A full vitals check, now (after every set of the demo course).
    await temp.fill('36.9');
    await page.getByRole('textbox', { name: 'Heart rate' }).fill('84');
    await page.getByRole('textbox', { name: 'Systolic BP' }).fill('118');
    await page.getByRole('textbox', { name: 'Diastolic BP' }).fill('74');
    await page.getByRole('textbox', { name: 'Respiratory rate' }).fill('17');
    await page.getByRole('textbox', { name: 'SpO2' }).fill('97');
    await page.getByRole('button', { name: 'Save vital signs' }).click();
    await page.getByText(/Saved vital signs of/).waitFor();
    const dueAfterFullCheck = await dueAt();
    expect(dueAfterFullCheck).not.toBeNull();

    // Then a temperature alone, a few minutes later (the API accepts up to 5 minutes ahead).
    await page.getByLabel('Taken at', { exact: true }).fill(await localValue(page, Date.now() + 3 * 60_000));
    await temp.fill('37.4');
    await page.getByRole('button', { name: 'Save vital signs' }).click();
    await page.locator('.bs-field__prev').filter({ hasText: '37.4 °C' }).waitFor();
    const hint = (label: string) =>
      page
        .locator('.bs-field')
        .filter({ has: page.getByRole('textbox', { name: label }) })
        .locator('.bs-field__prev');
    expect(await hint('Heart rate').textContent()).toMatch(/^Previous: 84 \/min \(/);
    expect(await hint('Systolic BP').textContent()).toMatch(/^Previous: 118 mmHg \(/);
    expect(await hint('Diastolic BP').textContent()).toMatch(/^Previous: 74 mmHg \(/);
    expect(await hint('Respiratory rate').textContent()).toMatch(/^Previous: 17 \/min \(/);
    expect(await hint('SpO2').textContent()).toMatch(/^Previous: 97 % \(/);
    expect(await hint('Temperature').textContent()).toBe('Previous: 37.4 °C');
    expect(await dueAt()).toBe(dueAfterFullCheck);
    await harness().screenshot(page, 'bedside-vitals-temperature-only');
  });

  it('oxygen "for comfort only" is off by default, shown only with oxygen, sent when ticked and off again after saving', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/patients/4/bedside' });
    const temp = page.getByRole('textbox', { name: 'Temperature' });
    await temp.waitFor();
    const comfort = page.getByRole('checkbox', { name: /For comfort only \(not for hypoxia\)/ });
    await page.getByLabel('Oxygen', { exact: true }).selectOption('room_air');
    expect(await comfort.count()).toBe(0);
    await page.getByLabel('Oxygen', { exact: true }).selectOption('nasal_cannula');
    await comfort.waitFor();
    expect(await comfort.isChecked()).toBe(false);

    const bodies: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/vitals$/.test(new URL(r.url()).pathname)) bodies.push(r.postDataJSON());
    });
    await temp.fill('37.1');
    await page.getByRole('textbox', { name: 'Oxygen flow' }).fill('2');
    await comfort.check();
    await harness().screenshot(page, 'bedside-vitals-oxygen-for-comfort');
    await page.getByRole('button', { name: 'Save vital signs' }).click();
    await page.getByText(/Saved vital signs of/).waitFor();
    expect(bodies.at(-1)).toMatchObject({
      oxygenDevice: 'nasal_cannula',
      oxygenFlowLpm: 2,
      oxygenForComfort: true,
    });
    // The device stays for the next set; the comfort mark does not.
    expect(await comfort.isChecked()).toBe(false);
    await temp.fill('37.0');
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/vitals$/.test(new URL(r.url()).pathname),
    );
    await page.getByRole('button', { name: 'Save vital signs' }).click();
    expect((await saved).status()).toBe(201);
    expect(bodies).toHaveLength(2);
    expect(bodies.at(-1)).not.toHaveProperty('oxygenForComfort');
  });

  it('a tocilizumab dose above the cap says "above the 800 mg cap", not "clinically impossible"', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'hematologist', { path: '/patients/2/bedside' });
    await page.getByRole('button', { name: 'Medication' }).click();
    await page.getByLabel('Drug', { exact: true }).selectOption('tocilizumab');
    await page.getByLabel('Route', { exact: true }).selectOption('iv');
    await page.getByText(/Recommended \d+ mg/).waitFor();
    await page.getByRole('textbox', { name: 'Dose' }).fill('900');
    await page.getByRole('button', { name: 'Save medication' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'above the dose cap' }).waitFor();
    const text = await alert.textContent();
    expect(text).toContain('900 mg of tocilizumab is above the 800 mg cap per dose.');
    expect(text).not.toMatch(/clinically possible|impossible/i);
  });
});
