import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

async function openReport(page: Page) {
  await page.getByRole('heading', { level: 1, name: 'Toxicity report' }).waitFor();
  await page.getByRole('table', { name: /Patients by maximum CRS, ICANS and early ICAHT grade/ }).waitFor();
}

/** A4 landscape less the 12 mm margins of the print stylesheet, in CSS pixels (96 per inch). */
const A4_LANDSCAPE_PRINTABLE = { width: Math.floor(((297 - 24) / 25.4) * 96), height: 700 };

/**
 * Prints to the screen at the width of the paper: the shell, live bar and buttons gone, black
 * text on white, rows kept whole, and the patients table as wide as the page at most.
 */
async function expectPrintLayout(page: Page) {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize(A4_LANDSCAPE_PRINTABLE);
  expect(await page.locator('header.shell__header').isVisible()).toBe(false);
  expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
  expect(await page.locator('.live').isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
  expect(await page.getByRole('link', { name: 'Download CSV' }).isVisible()).toBe(false);
  expect(await page.locator('#main').getByText('CellWatch', { exact: true }).isVisible()).toBe(true);
  const colours = await page.evaluate(() => {
    const title = document.getElementById('report-title');
    return {
      background: getComputedStyle(document.body).backgroundColor,
      text: title ? getComputedStyle(title).color : null,
      cell: getComputedStyle(document.querySelector('.report-patients td') as Element).color,
      rowBreak: getComputedStyle(document.querySelector('.report-patients tbody tr') as Element).breakInside,
    };
  });
  const widths = await page.evaluate(() => ({
    table: document.querySelector('.report-patients')?.getBoundingClientRect().width ?? Number.NaN,
    page: document.documentElement.scrollWidth,
  }));
  expect(widths.table).toBeLessThanOrEqual(A4_LANDSCAPE_PRINTABLE.width);
  expect(widths.page).toBeLessThanOrEqual(A4_LANDSCAPE_PRINTABLE.width);
  expect(colours).toEqual({
    background: 'rgb(255, 255, 255)',
    text: 'rgb(0, 0, 0)',
    cell: 'rgb(0, 0, 0)',
    rowBreak: 'avoid',
  });
}

describe.runIf(browserTestsEnabled)('toxicity report', () => {
  it('shows the coordinator the cohort summary and every infused demo patient, ready to print', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'coordinator', { path: '/reports' });
    await openReport(page);
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Reports' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await page.getByText(/^Generated .+ · \d+ infused patients$/).waitFor();

    // The summary: CRS and ICANS rows, n (%) per grade.
    const summary = page.getByRole('table', { name: /Patients by maximum CRS, ICANS and early ICAHT grade/ });
    const headers = await summary.getByRole('columnheader').allTextContents();
    expect(headers).toEqual([
      expect.stringMatching(/^n = \d+$/),
      'None',
      'Grade 1',
      'Grade 2',
      'Grade 3',
      'Grade 4',
      'Grade 5',
      'Any grade',
      'Grade 3 or higher',
    ]);
    const crs = await summary.getByRole('row', { name: /^CRS/ }).getByRole('cell').allTextContents();
    expect(crs).toHaveLength(8);
    for (const cell of crs) expect(cell).toMatch(/^\d+ \(\d+\.\d%\)$/);
    await summary.getByRole('rowheader', { name: 'ICANS' }).waitFor();
    // ICAHT has no grade 5: that cell says so instead of a count.
    const icaht = await summary
      .getByRole('row', { name: /^Early ICAHT/ })
      .getByRole('cell')
      .allTextContents();
    expect(icaht[5]).toBe('—');
    await page.getByText(/Early ICAHT not assessed \(no ANC results\) in \d+ of \d+ patients/).waitFor();

    // The per-patient table: a demo patient with every column, numbers with units, grades in words.
    const patients = page.getByRole('table', { name: /Toxicity per infused patient/ });
    const first = patients.getByRole('row', { name: /DEMO-0001/ });
    const cells = await first.getByRole('cell').allTextContents();
    expect(cells).toHaveLength(17);
    expect(cells[0]).toBe('Systemic lupus erythematosus');
    expect(cells[2]).toBe('CABA-201');
    expect(cells[4]).toMatch(/^None$|^Grade \d$/); // CRS max grade
    expect(cells[10]).toMatch(/^\d+ doses?$/); // tocilizumab
    expect(cells[11]).toMatch(/^(Yes|No)$/); // steroids
    expect(cells[14]).toMatch(/^\d+ doses?$/); // IVIG
    expect(cells[15]).toMatch(/^\d+ infections?$/);
    await patients.getByRole('link', { name: 'DEMO-0001' }).waitFor();
    expect(await patients.getByRole('row').count()).toBeGreaterThan(3);
    await page
      .getByText(/^Grade [1-5]$/)
      .first()
      .waitFor();

    // CSV download: same origin, session cookie, sent as an attachment.
    const csv = page.getByRole('link', { name: 'Download CSV' });
    expect(await csv.getAttribute('href')).toBe('/api/reports/toxicity');
    const download = await page.request.get('/api/reports/toxicity');
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toMatch(/^text\/csv/);
    expect(download.headers()['content-disposition']).toBe('attachment; filename="cellwatch-toxicity.csv"');
    expect((await download.text()).split('\r\n')[0]).toMatch(/^patient_id,mrn,diagnosis,/);

    // Print calls the browser's print dialog (stubbed: a headless browser has none).
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.locator('body').getAttribute('data-printed')).toBe('yes');

    await harness().expectNoSeriousA11yViolations(page, 'toxicity report');
    await harness().screenshot(page, 'reports-light');

    await expectPrintLayout(page);
    await harness().screenshot(page, 'reports-print');
  });

  it('downloads the CIBMTR Form 4100 extract as CSV and JSON, one row per infusion episode', async () => {
    const page = await harness().newPage({ viewport: { width: 1440, height: 900 } });
    await harness().signIn(page, 'coordinator', { path: '/reports' });
    await openReport(page);
    const fromLink = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name }).click(),
      ]);
      const path = await download.path();
      return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const csv = await fromLink('CIBMTR Form 4100 extract (CSV)');
    expect(csv.name).toBe('cellwatch-cibmtr-4100.csv');
    const [header, ...lines] = csv.text.split('\r\n').filter((l) => l.length > 0);
    expect(header).toMatch(/^patient_id,mrn,trial_id,day0_date,crs,crs_basis,/);
    expect(header).toMatch(/,infusion_number,infusion_product,infusion_reason$/);
    // The demo re-treated patient has a line for each infusion.
    const lou = lines.filter((l) => l.includes(',DEMO-0100,'));
    expect(lou.map((l) => l.split(',').slice(-3).join(','))).toEqual([
      '1,cd19_car_t,first_infusion',
      '2,cd19_bcma_car_t,relapse',
    ]);

    const json = await fromLink('CIBMTR Form 4100 extract (JSON)');
    expect(json.name).toBe('cellwatch-cibmtr-4100.json');
    const extract = JSON.parse(json.text) as {
      source: string;
      rows: { mrn: string; infusion: { number: number }; fields: { crs: { value: string } } }[];
    };
    expect(extract.source).toContain('Form 4100');
    const louRows = extract.rows.filter((r) => r.mrn === 'DEMO-0100');
    expect(louRows.map((r) => [r.infusion.number, r.fields.crs.value])).toEqual([
      [1, 'yes'],
      [2, 'no'],
    ]);
    expect(extract.rows.length).toBe(lines.length);
  });

  it('renders for a hematologist in the dark scheme, and prints black on white', async () => {
    const page = await harness().newPage({ colorScheme: 'dark', viewport: { width: 768, height: 1024 } });
    await harness().signIn(page, 'hematologist', { path: '/ward' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await openReport(page);
    await page.getByRole('row', { name: /DEMO-0001/ }).waitFor();
    await harness().expectNoSeriousA11yViolations(page, 'toxicity report dark');
    await harness().screenshot(page, 'reports-dark');
    await expectPrintLayout(page);
    await harness().screenshot(page, 'reports-print-dark');
  });

  it('sends a nurse away from the reports', async () => {
    const page = await harness().newPage();
    await harness().signIn(page, 'nurse', { path: '/reports' });
    await page.getByRole('heading', { level: 1, name: 'Ward' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ward');
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count(),
    ).toBe(0);
    // The API refuses the data too, not only the view.
    expect((await page.request.get('/api/reports/toxicity?format=json')).status()).toBe(403);
  });
});
