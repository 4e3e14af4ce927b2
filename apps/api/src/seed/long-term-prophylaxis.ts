import type { Role } from '@cellwatch/contracts';

const DAY = 86_400_000;

type Call = (role: Role, path: string, body: unknown) => Promise<Record<string, { id: number }>>;

/**
 * Day 400 (of her re-treatment) of the long-term demo patient whom long-term-retreatment.ts
 * enrols, for infection prophylaxis, revaccination and second-malignancy follow-up, charted
 * through the real API so every item of the long-term rules shows on one patient:
 * - the antiviral is due to stop next week with CD4 still 150/µL (stop rule not met: a
 *   coordinator alert);
 * - co-trimoxazole (PJP) was not restarted after the re-treatment: none charted where one is
 *   expected (a coordinator alert);
 * - HBV screening was negative;
 * - a 5-day prednisolone course for a flare (Day 380–384) made CMV PCR monitoring due; two PCR
 *   results since (not detected, then 450 IU/mL) show as charted results;
 * - the influenza vaccine was given, and IVIG a month ago blocks the other inactivated and the
 *   live vaccines (the live ones also by CD4, CD19 and the steroid course);
 * - a skin squamous cell carcinoma at Day 250, whose transgene-testing task was done at Day 262.
 */
export async function seedLongTermProphylaxis(call: Call, id: number, now: number): Promise<number> {
  const day0 = Math.floor((now - 400 * DAY) / 60_000) * 60_000;
  const at = (day: number) => new Date(day0 + day * DAY).toISOString();
  const chart = (path: string, body: unknown) => call('coordinator', `/api/patients/${id}${path}`, body);
  await chart('/hbv-screenings', { screenedAt: at(-20), coreAntibody: 'negative' });
  for (const [day, cd4, cd19] of [
    [180, 110, 0],
    [300, 140, 5],
    [395, 150, 12],
  ] as const) {
    await chart('/labs', {
      collectedAt: at(day),
      results: [
        { analyte: 'cd4_absolute', value: cd4 },
        { analyte: 'cd19_absolute', value: cd19 },
      ],
    });
  }
  // Charted after the counts: its alert names the CD4 count in force (a later count would bring the
  // open alert's message up to date, alerts/alert-refresh.ts).
  await chart('/prophylaxis-records', {
    kind: 'antiviral_hsv_vzv',
    drug: 'valacyclovir 500 mg twice daily',
    startedAt: at(-5),
    plannedStopAt: at(407),
  });
  const { doses } = (await chart('/ivig-doses', { firstDueAt: at(370), count: 1, doseG: 25 })) as unknown as {
    doses: { id: number }[];
  };
  const dose = doses[0];
  if (dose) await chart(`/ivig-doses/${dose.id}/given`, { givenAt: at(370), doseG: 25, lot: 'DEMO-IVIG-7' });
  await chart('/vaccine-doses', {
    group: 'influenza',
    vaccine: 'Influvac Tetra',
    givenAt: at(300),
    lot: 'DEMO-FLU-1',
  });
  for (const day of [380, 381, 382, 383, 384]) {
    await call('hematologist', `/api/patients/${id}/medications`, {
      drug: 'prednisolone',
      givenAt: at(day),
      dose: 40,
      route: 'po',
    });
  }
  for (const [day, load] of [
    [386, 0],
    [393, 450],
  ] as const) {
    await chart('/labs', { collectedAt: at(day), results: [{ analyte: 'cmv_dna', value: load }] });
  }
  const { malignancy } = await chart('/malignancies', {
    diagnosedOn: at(250).slice(0, 10),
    type: 'solid',
    site: 'skin, right temple (squamous cell carcinoma)',
    tumourSampleAvailable: true,
    notes: 'Excised at the dermatology follow-up; block kept in pathology.',
  });
  const task = (malignancy as unknown as { task: { id: number } } | undefined)?.task;
  if (task) {
    await chart(`/transgene-testing-tasks/${task.id}/done`, {
      doneOn: at(262).slice(0, 10),
      note: 'Manufacturer contacted; block sent for CAR transgene testing.',
    });
  }
  return 1;
}
