import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, DEMO_PASSWORD, setUpBrowserHarness } from './harness.ts';
import { ICE_ITEMS } from './ice-items.ts';

const harness = setUpBrowserHarness();
const H = 3_600_000;

/** The value a datetime-local field takes for `ms`, in the browser's zone. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface FhirBundle {
  entry: {
    resource: {
      resourceType: string;
      status?: string;
      code?: { text?: string; coding?: { code?: string; display?: string }[] };
      valueInteger?: number;
      performer?: { display?: string }[];
      extension?: { url: string; valueInteger?: number }[];
    };
  }[];
}

describe.runIf(browserTestsEnabled)('from admission to a signed override, in the dashboard only', () => {
  it('a nurse takes a patient to CRS 3 on norepinephrine and ICANS 2; the hematologist’s override shows on the ward, the report and the FHIR export', async () => {
    // --- The nurse: admission -------------------------------------------------------------
    const nurse = await harness().newPage({ viewport: { width: 1440, height: 900 } });
    await harness().signIn(nurse, 'nurse', { path: '/ward' });
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrol' }).click();
    await nurse.getByRole('heading', { name: 'Enrol a patient' }).waitFor();
    await nurse.getByRole('textbox', { name: 'MRN' }).fill('MRN-E2E-1');
    await nurse.getByRole('textbox', { name: 'Given name' }).fill('Ada');
    await nurse.getByRole('textbox', { name: 'Family name' }).fill('Endtoend');
    await nurse.getByLabel('Birth date').fill('1980-04-02');
    await nurse.getByLabel('Sex').selectOption('female');
    await nurse.getByRole('textbox', { name: 'Weight' }).fill('64');
    await nurse.getByLabel('Diagnosis').selectOption('sle');
    await nurse.getByLabel('Cell product').selectOption('cd19_car_t');
    await nurse.getByLabel('Infusion time (optional)').fill(localInput(Date.now() - 30 * H));
    await nurse.getByLabel('Status').selectOption('inpatient_monitoring');
    await nurse.getByRole('button', { name: 'Enrol patient' }).click();
    await nurse.getByRole('heading', { name: 'Endtoend, Ada' }).waitFor();
    const id = Number(new URL(nurse.url()).pathname.split('/')[2]);
    expect(id).toBeGreaterThan(0);

    // --- At the bedside: fever with hypotension, then norepinephrine -------------------------
    await nurse.getByRole('link', { name: 'Chart at the bedside' }).click();
    await nurse.getByRole('textbox', { name: 'Temperature' }).fill('38.9');
    await nurse.getByRole('textbox', { name: 'Heart rate' }).fill('124');
    await nurse.getByRole('textbox', { name: 'Systolic BP' }).fill('82');
    await nurse.getByRole('textbox', { name: 'Diastolic BP' }).fill('46');
    await nurse.getByRole('textbox', { name: 'Respiratory rate' }).fill('22');
    await nurse.getByRole('textbox', { name: 'SpO2' }).fill('95');
    await nurse.getByRole('button', { name: 'Save vital signs' }).click();
    await nurse.getByText(/Saved vital signs of/).waitFor();

    await nurse.getByRole('button', { name: 'Vasopressors' }).click();
    const crsNow = nurse.getByRole('region', { name: 'CRS grade now' });
    await crsNow.getByText('CRS 2').waitFor(); // fever and hypotension without a pressor (ASTCT 2019)
    await nurse.getByLabel('Vasopressor', { exact: true }).selectOption('norepinephrine');
    await nurse.getByRole('textbox', { name: 'Dose', exact: true }).fill('0.08');
    await nurse.getByLabel('Dose unit', { exact: true }).selectOption('µg/kg/min');
    await nurse.getByRole('button', { name: 'Start infusion' }).click();
    await crsNow.getByText('CRS 3').waitFor(); // one vasopressor
    expect(await crsNow.textContent()).toMatch(/norepinephrine/i);

    // --- ICE 5/10: ICANS grade 2 (ICE 3–6) -----------------------------------------------------
    await nurse.getByRole('button', { name: 'ICE / neuro' }).click();
    for (const [n, item] of ICE_ITEMS.entries()) {
      await nurse
        .getByRole('group', { name: item, exact: true })
        .getByRole('radio', { name: n < 5 ? 'Correct' : 'Incorrect', exact: true })
        .check();
    }
    expect(await nurse.locator('.bs-ice-score output').textContent()).toBe('5/10');
    await nurse.getByLabel('Level of consciousness').selectOption('normal');
    await nurse.getByRole('button', { name: 'Save assessment' }).click();
    await nurse.getByText(/ICE 5\/10/).waitFor();

    // The patient page shows both grades, computed and awaiting review.
    await nurse.goto(`/patients/${id}`);
    const header = nurse.locator('.patient-head');
    await header.getByText('CRS 3').waitFor();
    await header.getByText('ICANS 2').waitFor();
    expect(await header.textContent()).toContain('Unsigned, awaiting review');

    // --- The hematologist overrides CRS to 2 in the review queue --------------------------
    const hema = await harness().newPage({ viewport: { width: 1440, height: 900 } });
    await harness().signIn(hema, 'hematologist', { path: '/reviews' });
    await hema.getByRole('heading', { name: 'Review queue' }).waitFor();
    await hema.getByRole('button', { name: 'Override CRS grade for Endtoend, Ada' }).first().click();
    const dialog = hema.getByRole('dialog');
    await dialog.getByLabel('Signed CRS grade (0–5)').selectOption('2');
    await dialog
      .getByLabel('Reason for the override')
      .fill('Hypotension from the sedation bolus, not CRS; norepinephrine for that');
    await dialog.getByLabel('Your password (to sign)').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await hema.getByRole('status').filter({ hasText: 'CRS grade overridden' }).waitFor();

    // The ward (the nurse's screen, live): the signed grade, the signer, the computed one beside it.
    await nurse.goto('/ward');
    const row = nurse.getByRole('row').filter({ has: nurse.getByRole('link', { name: 'Endtoend, Ada' }) });
    const grades = row.locator('.ward-grades');
    await grades.getByText('CRS 2').waitFor();
    const wardText = (await grades.textContent()) ?? '';
    expect(wardText).toContain('Signed');
    expect(wardText).toContain('by Demo Hematologist');
    expect(wardText).toContain('computed CRS 3');
    expect(wardText).toContain('ICANS 2');
    await harness().screenshot(nurse, 'e2e-ward-after-override');

    // The trial report: the signed maximum, the computed one beside it.
    await hema.goto('/reports');
    const reportRow = hema
      .getByRole('table', { name: /Toxicity per infused patient/ })
      .getByRole('row', { name: /MRN-E2E-1/ });
    await reportRow.waitFor();
    const cells = await reportRow.getByRole('cell').allTextContents();
    expect(cells).toContain('Grade 2 (signed; computed Grade 3)');
    await harness().screenshot(hema, 'e2e-report-after-override');

    // The FHIR export: the CRS grade Observation is final, grade 2, signed by the hematologist,
    // with the computed grade 3 in its extension.
    const exported = await hema.request.get(`/api/patients/${id}/fhir`);
    expect(exported.status()).toBe(200);
    const bundle = (await exported.json()) as FhirBundle;
    const crsGrades = bundle.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'Observation' && /CRS/i.test(JSON.stringify(r.code ?? {})));
    const signed = crsGrades.find((r) => r.status === 'final');
    expect(signed?.valueInteger).toBe(2);
    expect(JSON.stringify(signed?.performer ?? [])).toContain('Demo Hematologist');
    expect(signed?.extension?.find((x) => x.url === 'urn:cellwatch:fhir:computed-grade')?.valueInteger).toBe(
      3,
    );
  }, 240_000); // many pages on a busy machine: a generous limit, not a speed target
});
