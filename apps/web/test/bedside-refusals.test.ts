import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';
import { ICE_ITEMS } from './ice-items.ts';

const harness = setUpBrowserHarness();

/** The bodies POSTed to a patient's `path` (e.g. /vitals), in order. */
function postedBodies(page: Page, path: RegExp): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && path.test(new URL(r.url()).pathname)) bodies.push(r.postDataJSON());
  });
  return bodies;
}

/** The error line shown beside a labelled field of the bedside form. */
const besideField = (page: Page, label: string) =>
  page
    .locator('.bs-field')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.field__error');

const WIDTHS = [1440, 1024, 390] as const;

describe.runIf(browserTestsEnabled)(
  'bedside forms: refused before sending, cleared only after a save',
  () => {
    it('vitals: a refused field is said beside it and nothing is sent; the entry stays until a confirmed save', async () => {
      const page = await harness().newPage();
      const bodies = postedBodies(page, /\/patients\/5\/vitals$/);
      await harness().signIn(page, 'nurse', { path: '/patients/5/bedside' });
      const temp = page.getByRole('textbox', { name: 'Temperature' });
      await temp.waitFor();
      // Nothing clinical starts filled in.
      for (const label of [
        'Temperature',
        'Heart rate',
        'Systolic BP',
        'Diastolic BP',
        'Respiratory rate',
        'SpO2',
      ]) {
        expect(await page.getByRole('textbox', { name: label }).inputValue()).toBe('');
      }
      const save = page.getByRole('button', { name: 'Save vital signs' });

      // Nasal cannula without its flow, and a diastolic without its systolic: refused by the contract.
      await temp.fill('37.2');
      await page.getByRole('textbox', { name: 'Diastolic BP' }).fill('70');
      await page.getByLabel('Oxygen', { exact: true }).selectOption('nasal_cannula');
      await save.click();
      await besideField(page, 'Oxygen flow').filter({ hasText: 'nasal cannula needs its flow' }).waitFor();
      expect(await besideField(page, 'Systolic BP').textContent()).toContain(
        'a diastolic pressure needs its systolic',
      );
      expect(await page.getByRole('textbox', { name: 'Oxygen flow' }).getAttribute('aria-invalid')).toBe(
        'true',
      );
      expect(await page.getByRole('alert').textContent()).toContain('Not saved');
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await harness().screenshot(page, `bedside-vitals-refused-${width}`);
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await harness().expectNoSeriousA11yViolations(page, 'bedside vitals refused');
      expect(bodies).toHaveLength(0);
      // The entry stays as typed.
      expect(await temp.inputValue()).toBe('37.2');

      // An impossible temperature is refused by the API (422): still nothing charted, the entry stays.
      await page.getByRole('textbox', { name: 'Systolic BP' }).fill('120');
      await page.getByRole('textbox', { name: 'Oxygen flow' }).fill('2');
      await temp.fill('12');
      await save.click();
      await besideField(page, 'Temperature').waitFor();
      expect(bodies).toHaveLength(1);
      expect(await temp.inputValue()).toBe('12');
      expect(await page.getByRole('textbox', { name: 'Systolic BP' }).inputValue()).toBe('120');
      expect(await page.getByText(/Saved vital signs of/).count()).toBe(0);

      // Entered in °F: sent as °F for the API to convert; an unusual heart rate is saved and flagged.
      await page.getByRole('button', { name: 'Enter in °F' }).click();
      await temp.fill('100.4');
      await page.getByRole('textbox', { name: 'Heart rate' }).fill('210');
      await save.click();
      const notice = page.getByRole('status').filter({ hasText: 'Saved vital signs of' });
      await notice.waitFor();
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toMatchObject({
        temperatureF: 100.4,
        heartRate: 210,
        systolic: 120,
        diastolic: 70,
        oxygenDevice: 'nasal_cannula',
        oxygenFlowLpm: 2,
      });
      expect(bodies[1]).not.toHaveProperty('temperatureC');
      expect(await notice.textContent()).toContain('Check heartRate');
      // Cleared after the confirmed save (the device and its flow stay), focus back on the first field.
      await page.locator('.bs-field__prev').filter({ hasText: '38 °C' }).waitFor();
      for (const label of ['Temperature', 'Heart rate', 'Systolic BP', 'Diastolic BP']) {
        expect(await page.getByRole('textbox', { name: label }).inputValue()).toBe('');
      }
      expect(await page.getByLabel('Oxygen', { exact: true }).inputValue()).toBe('nasal_cannula');
      expect(await temp.evaluate((el) => el === document.activeElement)).toBe(true);
      // and stays wherever the nurse moves it next.
      const heartRate = page.getByRole('textbox', { name: 'Heart rate' });
      await heartRate.focus();
      await page.keyboard.type('88');
      expect(await heartRate.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await heartRate.inputValue()).toBe('88');
    });

    it('ICE: the level of consciousness starts unchosen; unchosen, it is asked beside its field and nothing is sent', async () => {
      const page = await harness().newPage();
      const bodies = postedBodies(page, /\/patients\/3\/neuro-assessments$/);
      await harness().signIn(page, 'nurse', { path: '/patients/3/bedside' });
      await page.getByRole('button', { name: 'ICE / neuro' }).click();
      const consciousness = page.getByLabel('Level of consciousness');
      await consciousness.waitFor();
      expect(await consciousness.inputValue()).toBe('');
      const save = page.getByRole('button', { name: 'Save assessment' });

      // Nothing answered: the ICE items are listed and the level is asked for beside its field.
      await save.click();
      await page.getByRole('alert').filter({ hasText: 'answer every ICE item' }).waitFor();
      expect(await besideField(page, 'Level of consciousness').textContent()).toBe(
        'Choose the level of consciousness.',
      );
      expect(bodies).toHaveLength(0);

      // Every item answered, the level still unchosen: refused beside it, the answers kept.
      for (const item of ICE_ITEMS) {
        await page
          .getByRole('group', { name: item, exact: true })
          .getByRole('radio', { name: 'Correct', exact: true })
          .check();
      }
      await save.click();
      await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
      expect(await besideField(page, 'Level of consciousness').textContent()).toBe(
        'Choose the level of consciousness.',
      );
      expect(await consciousness.getAttribute('aria-invalid')).toBe('true');
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await harness().screenshot(page, `bedside-ice-consciousness-unchosen-${width}`);
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await harness().expectNoSeriousA11yViolations(page, 'bedside ice consciousness unchosen');
      expect(bodies).toHaveLength(0);
      expect(await page.locator('.bs-ice-score output').textContent()).toBe('10/10');

      // Chosen: saved with it. The ICE answers and the level clear for the next assessment; the
      // other findings stay.
      await consciousness.selectOption('awakens_to_voice');
      expect(await besideField(page, 'Level of consciousness').count()).toBe(0);
      await save.click();
      await page.getByText(/ICE 10\/10/).waitFor();
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatchObject({ consciousness: 'awakens_to_voice', seizure: 'none' });
      expect(await page.locator('.bs-ice-score output').textContent()).toBe(
        'not complete: 10 of 10 unanswered',
      );
      expect(await consciousness.inputValue()).toBe('');
      expect(await page.getByLabel('Seizure').inputValue()).toBe('none');
      // Cleared by the save, not refused: nothing is said beside it until the next save.
      expect(await besideField(page, 'Level of consciousness').count()).toBe(0);
    });
  },
);
