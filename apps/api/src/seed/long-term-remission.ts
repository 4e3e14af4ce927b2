import type { Role } from '@cellwatch/contracts';
import type { Db } from '../db/sqlite.ts';

const DAY = 86_400_000;

type Call = (role: Role, path: string, body: unknown) => Promise<unknown>;

/** Day, SLEDAI-2K (full, clinical), PGA, prednisolone mg/day, renal activity, antimalarial, MMF. */
const SLEDAI_COURSE = [
  [-10, 18, 14, 2.1, 20, true, true, true],
  [90, 8, 6, 1.2, 7.5, false, true, false],
  [180, 4, 2, 0.6, 2.5, false, true, false],
  [300, 2, 0, 0.3, 0, false, false, false],
  [395, 0, 0, 0.1, 0, false, false, false],
] as const;

/**
 * The long-term demo patient (Lou Demo-Lindqvist, DEMO-0100, Day 400) in DORIS 2021 remission,
 * drug-free: SLEDAI-2K falling from 18 with lupus nephritis before lymphodepletion to 0, each with
 * its DORIS components; mycophenolate stopped before lymphodepletion, prednisolone at Day 200 and
 * hydroxychloroquine at Day 280; anti-dsDNA falling; remission assessed at Day 300 and Day 395.
 * Charted through the real API after seedLongTermProphylaxis (no new alerts).
 */
export async function seedLongTermRemission(call: Call, db: Db, now: number): Promise<void> {
  const patient = await db
    .selectFrom('patients')
    .select(['id', 'infusion_at'])
    .where('mrn', '=', 'DEMO-0100')
    .executeTakeFirst();
  if (!patient?.infusion_at) return;
  const day0 = Date.parse(patient.infusion_at);
  const at = (day: number) => new Date(Math.min(day0 + day * DAY, now)).toISOString();
  const chart = (path: string, body: unknown) =>
    call('coordinator', `/api/patients/${patient.id}${path}`, body);
  for (const [day, sledai, clinicalSledai, pga, pred, renal, antimalarial, mmf] of SLEDAI_COURSE) {
    await chart('/disease-scores', {
      kind: 'sledai_2k',
      assessedAt: at(day),
      components: {
        clinicalSledai,
        sledai,
        pga,
        prednisoloneMgPerDay: pred,
        majorOrganActivity: renal,
        haemolyticOrGiActivity: false,
        newActivitySincePrevious: false,
        antimalarial,
        immunosuppressantOrBiologic: mmf,
      },
    });
  }
  for (const [drug, day] of [
    ['mycophenolate mofetil', -8],
    ['prednisolone', 200],
    ['hydroxychloroquine', 280],
  ] as const) {
    await chart('/immunosuppressant-stops', { drug, stoppedAt: at(day) });
  }
  for (const [day, value] of [
    [-10, 320],
    [90, 40],
    [180, 12],
    [395, 4],
  ] as const) {
    await chart('/labs', { collectedAt: at(day), results: [{ analyte: 'autoantibody', value }] });
  }
  for (const day of [300, 395]) {
    await chart('/remission-assessments', {
      assessedAt: at(day),
      inRemission: true,
      activeImmunosuppressants: [],
    });
  }
}
