import type { Role } from '@cellwatch/contracts';

const DAY = 86_400_000;

type Call = (role: Role, path: string, body: unknown) => Promise<Record<string, { id: number }>>;

/**
 * Day 400 (of her re-treatment) of the long-term demo patient whom long-term-retreatment.ts
 * enrols, for infection prophylaxis and revaccination, charted through the real API: the antiviral is due to stop next week with CD4 still 150/µL (the stop
 * rule is not met: a coordinator alert), PJP runs, HBV screening was negative, the influenza
 * vaccine was given, and IVIG a month ago blocks the other inactivated and the live vaccines.
 */
export async function seedLongTermProphylaxis(call: Call, id: number, now: number): Promise<number> {
  const day0 = Math.floor((now - 400 * DAY) / 60_000) * 60_000;
  const at = (day: number) => new Date(day0 + day * DAY).toISOString();
  const chart = (path: string, body: unknown) => call('coordinator', `/api/patients/${id}${path}`, body);
  await chart('/hbv-screenings', { screenedAt: at(-20), coreAntibody: 'negative' });
  await chart('/prophylaxis-records', {
    kind: 'antiviral_hsv_vzv',
    drug: 'valacyclovir 500 mg twice daily',
    startedAt: at(-5),
    plannedStopAt: at(407),
  });
  await chart('/prophylaxis-records', {
    kind: 'pjp',
    drug: 'co-trimoxazole 480 mg daily',
    startedAt: at(21),
  });
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
  return 1;
}
