const DAY = 86_400_000;

type DemoCall = (role: 'coordinator', path: string, body: unknown) => Promise<unknown>;

/**
 * The long-term demo patient's new malignancy (a basal cell carcinoma found at a skin check a
 * week ago, sample kept), charted through the API so its transgene-testing task is open and the
 * coordinators see its alert, as a unit would after the FDA's January 2024 class labelling.
 */
export async function chartLongTermMalignancy(call: DemoCall, patientId: number, now: number): Promise<void> {
  await call('coordinator', `/api/patients/${patientId}/malignancies`, {
    diagnosedOn: new Date(now - 7 * DAY).toISOString().slice(0, 10),
    type: 'solid',
    site: 'skin, left forearm (basal cell carcinoma)',
    tumourSampleAvailable: true,
    notes: 'Excision biopsy at the dermatology follow-up; block kept in pathology.',
  });
}
