import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

const TABS = ['Vital signs', 'ICE / neuro', 'Medication', 'Vasopressors', 'Labs'] as const;

/** Inputs, selects and buttons of the open form that lie past the window's sides. */
const outsideTheWindow = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('main form input, main form select, main form button')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
        const name = el.getAttribute('aria-label') ?? el.id ?? el.textContent ?? el.tagName;
        out.push(`${el.tagName.toLowerCase()} ${name}: ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
    return out;
  });

describe.runIf(browserTestsEnabled)('the bedside forms on a phone (390 px)', () => {
  it('every bedside form fits the window: no sideways scrolling, every input reachable', async () => {
    const page = await harness().newPage({ viewport: { width: 390, height: 844 } });
    await harness().signIn(page, 'nurse', { path: '/patients/5/bedside' });
    await page.getByRole('textbox', { name: 'Temperature' }).waitFor();
    const problems: string[] = [];
    for (const tab of TABS) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      await page.locator('main form').first().waitFor();
      const excess = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (excess > 0) problems.push(`${tab}: the page is ${excess} px wider than the window`);
      for (const p of await outsideTheWindow(page)) problems.push(`${tab}: ${p}`);
      await harness().screenshot(page, `bedside-390-${tab.replace(/\W+/g, '-').toLowerCase()}`);
    }
    expect(problems).toEqual([]);
  });
});
