import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

describe.runIf(browserTestsEnabled)('new malignancies in follow-up', () => {
  it('shows the demo patient’s malignancy with its open transgene-testing task; charts one and marks its task done', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/follow-up' });
    await page
      .getByRole('link', { name: /Demo-Moreau, Ines/ })
      .first()
      .click();
    const section = page.getByRole('region', { name: 'New malignancies' });
    await section.getByText('basal cell carcinoma', { exact: false }).waitFor();
    await section
      .getByText('Contact the manufacturer to arrange CAR transgene testing of the tumour sample', {
        exact: false,
      })
      .first()
      .waitFor();
    expect(await section.locator('.fu-status--open').count()).toBe(1);

    // Bad input is refused before sending, with the field's reason.
    await section.getByRole('button', { name: 'Chart malignancy' }).click();
    await section.getByRole('alert').first().waitFor();

    await section.getByLabel('Diagnosed on').fill(new Date().toISOString().slice(0, 10));
    await section.getByLabel('Type').selectOption('t_cell_lymphoma');
    await section.getByLabel('Location (organ or node)').fill('axillary lymph node');
    await section.getByLabel('Tumour sample available').check();
    await section.getByRole('button', { name: 'Chart malignancy' }).click();
    await section.getByText('axillary lymph node', { exact: false }).waitFor();
    await expect.poll(() => section.locator('.fu-status--open').count()).toBe(2);

    await section
      .getByRole('form', { name: /axillary lymph node/ })
      .getByRole('button', { name: 'Mark transgene testing done' })
      .click();
    await expect.poll(() => section.locator('.fu-status--done').count()).toBe(1);
    expect(await section.locator('.fu-status--open').count()).toBe(1);
    await harness().expectNoSeriousA11yViolations(page, 'follow-up malignancies');
  });
});
