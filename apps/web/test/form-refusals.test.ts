import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, openMoreauFollowUp, recordWrites, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)("a form's own refusal, before anything is sent", () => {
  it('refuses an impossible number of IVIG doses with the reason beside the field, sending nothing', async () => {
    const page = await harness().newPage();
    await openMoreauFollowUp(harness(), page, 'coordinator');
    await page.getByRole('heading', { name: 'IVIG dose schedule' }).waitFor();
    const writes = recordWrites(page);
    await page.getByRole('button', { name: 'Plan IVIG doses' }).click();
    const count = page.getByLabel('Number of doses');
    // The contract (PlanIvigRequest) allows 1 to 26 doses.
    await count.fill('30');
    await page.getByRole('button', { name: 'Plan doses' }).click();
    await page.getByRole('alert').filter({ hasText: 'The request body is not valid.' }).waitFor();
    // The reason sits beside the input and is announced with it.
    await expect.poll(() => count.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await count.getAttribute('aria-describedby')) ?? '';
    expect(errorId).not.toBe('');
    const reason = page.locator(`[id="${errorId}"]`);
    expect(await reason.textContent()).toMatch(/26/);
    const field = page.locator('.field').filter({ has: count });
    expect(await field.locator('.field__error').textContent()).toBe(await reason.textContent());
    expect(writes).toEqual([]);
    await harness().screenshot(page, 'follow-up-plan-refused');
    // Corrected, it is sent and saved.
    await count.fill('2');
    await page.getByRole('button', { name: 'Plan doses' }).click();
    await page.getByRole('button', { name: 'Plan IVIG doses' }).waitFor();
    expect(writes.filter((w) => w.startsWith('POST') && w.endsWith('/ivig-doses'))).toHaveLength(1);
  });
});
