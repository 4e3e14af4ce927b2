import type { Role } from '@cellwatch/contracts';
import type { Db } from '../db/sqlite.ts';

const H = 3_600_000;
const DAY = 24 * H;

type Call = (role: Role, path: string, body: unknown) => Promise<Record<string, { id: number }>>;

/**
 * The demo ward's long-term patient, Lou Demo-Lindqvist, with a re-treatment, charted through
 * the real API: a first CD19 CAR-T about 520 days ago with a mild CRS (grade 1: fever on Day 1,
 * settled by Day 3; the nasal cannula she had on Day 1 was for comfort only, so it is not graded
 * as hypoxia), relapse, and re-treatment with a CD19-BCMA product 400 days ago, which is her
 * current Day 0 (long-term-prophylaxis.ts charts her Day 400 follow-up). Returns her id.
 */
export async function seedLongTermRetreatment(call: Call, db: Db, now: number): Promise<number> {
  const day0 = Math.floor((now - 400 * DAY) / 60_000) * 60_000;
  const first = day0 - 120 * DAY;
  const at = (ms: number) => new Date(ms).toISOString();
  const { patient } = await call('coordinator', '/api/patients', {
    mrn: 'DEMO-0100',
    givenName: 'Lou',
    familyName: 'Demo-Lindqvist',
    birthDate: '1977-09-30',
    sex: 'female',
    weightKg: 64,
    diagnosis: 'sle',
    autoantibody: 'anti-dsDNA',
    product: 'cd19_car_t',
    lymphodepletionStart: at(first - 5 * DAY).slice(0, 10),
    infusionAt: at(first),
    status: 'long_term_follow_up',
  });
  const id = (patient as { id: number }).id;
  await db.updateTable('patients').set({ is_demo: 1 }).where('id', '=', id).execute();
  const chart = (role: Role, path: string, body: unknown) => call(role, `/api/patients/${id}${path}`, body);
  // The first course: fever 38.4 °C on Day 1 without hypotension (CRS grade 1), then afebrile. At
  // 38.1 °C she asked for oxygen: 2 L/min by nasal cannula for comfort, at 98 % (ASTCT 2019: not
  // an oxygen requirement, so still grade 1, with the reason line).
  for (const [hours, temperatureC, heartRate] of [
    [8, 37.1, 82],
    [26, 38.4, 102],
    [34, 38.1, 98],
    [50, 37.2, 84],
    [74, 36.9, 78],
    [110, 36.8, 76],
  ] as const) {
    await chart('nurse', '/vitals', {
      takenAt: at(first + hours * H),
      temperatureC,
      heartRate,
      systolic: 124,
      spo2: 98,
      ...(hours === 34 && { oxygenDevice: 'nasal_cannula', oxygenFlowLpm: 2, oxygenForComfort: true }),
    });
  }
  // Relapse (rising anti-dsDNA, returning B cells) and re-treatment with a CD19-BCMA product.
  await chart('hematologist', '/infusions', {
    product: 'cd19_bcma_car_t',
    infusedAt: at(day0),
    reason: 'relapse',
    lymphodepletionStart: at(day0 - 5 * DAY).slice(0, 10),
    note: 'SLE relapse four months after the first infusion',
  });
  return id;
}
