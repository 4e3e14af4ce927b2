import type { Role } from '@cellwatch/contracts';

const DAY = 86_400_000;

type Call = (role: Role, path: string, body: unknown) => Promise<unknown>;

/**
 * The unit's standard infection prophylaxis for a demo patient, charted through the real API as a
 * coordinator would at enrolment (packages/clinical prophylaxis.ts; EBMT/EHA practice
 * recommendations): HBV core antibody negative before lymphodepletion, valacyclovir from
 * lymphodepletion for 12 months, levofloxacin and fluconazole through the first month's
 * neutropenia, and co-trimoxazole (PJP) from Day 21 once the patient has reached it. So the demo
 * ward shows prophylaxis alerts only where a scenario means them (the long-term patient).
 */
export async function chartUnitProphylaxis(call: Call, patientId: number, infusionAt: number, now: number) {
  const at = (day: number) => new Date(infusionAt + day * DAY).toISOString();
  const chart = (path: string, body: unknown) =>
    call('coordinator', `/api/patients/${patientId}${path}`, body);
  await chart('/hbv-screenings', { screenedAt: at(-20), coreAntibody: 'negative' });
  await chart('/prophylaxis-records', {
    kind: 'antiviral_hsv_vzv',
    drug: 'valacyclovir 500 mg twice daily',
    startedAt: at(-5),
    plannedStopAt: at(360),
  });
  for (const [kind, drug] of [
    ['antibacterial', 'levofloxacin 500 mg daily'],
    ['antifungal', 'fluconazole 200 mg daily'],
  ] as const) {
    await chart('/prophylaxis-records', { kind, drug, startedAt: at(0) });
  }
  if (now >= infusionAt + 21 * DAY) {
    await chart('/prophylaxis-records', {
      kind: 'pjp',
      drug: 'co-trimoxazole 480 mg daily',
      startedAt: at(21),
    });
  }
}
