import type { Role } from '@cellwatch/contracts';
import type { Hono } from 'hono';
import { SESSION_COOKIE } from '../auth/cookie.ts';
import { endSession, hashToken, startSession } from '../auth/sessions.ts';
import type { Db } from '../db/sqlite.ts';
import type { AppEnv } from '../http/env.ts';
import { chartLongTermMalignancy } from './long-term-malignancy.ts';
import { seedLongTermProphylaxis } from './long-term-prophylaxis.ts';
import { seedLongTermRemission } from './long-term-remission.ts';
import { seedLongTermRetreatment } from './long-term-retreatment.ts';
import { seededRandom } from './random.ts';
import { type Scenario, syntheticCourse } from './synthetic-course.ts';
import { chartUnitProphylaxis } from './unit-prophylaxis.ts';

const H = 3_600_000;
const DAY = 24 * H;

interface DemoPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  weightKg: number;
  diagnosis: string;
  autoantibody: string;
  product: string;
  trialId?: string;
  /** Days since infusion (negative: planned). */
  day: number;
  scenario: Scenario;
}

/** Synthetic patients, obviously not real people: names say "Demo". */
const DEMO_WARD: DemoPatient[] = [
  {
    givenName: 'Alex',
    familyName: 'Demo-Rivera',
    birthDate: '1991-05-14',
    sex: 'female',
    weightKg: 61,
    diagnosis: 'sle',
    autoantibody: 'anti-dsDNA',
    product: 'cd19_car_t',
    trialId: 'CABA-201',
    day: 2,
    scenario: 'crs1',
  },
  {
    givenName: 'Sam',
    familyName: 'Demo-Okafor',
    birthDate: '1979-11-02',
    sex: 'male',
    weightKg: 84,
    diagnosis: 'myositis',
    autoantibody: 'anti-Jo-1',
    product: 'cd19_car_t',
    day: 3,
    scenario: 'crs3_pressor',
  },
  {
    givenName: 'Noor',
    familyName: 'Demo-Haddad',
    birthDate: '1985-02-27',
    sex: 'female',
    weightKg: 58,
    diagnosis: 'systemic_sclerosis',
    autoantibody: 'anti-Scl-70',
    product: 'cd19_car_t',
    day: 6,
    scenario: 'icans2',
  },
  {
    givenName: 'Jon',
    familyName: 'Demo-Lindqvist',
    birthDate: '1968-07-19',
    sex: 'male',
    weightKg: 77,
    diagnosis: 'musk_myasthenia_gravis',
    autoantibody: 'anti-MuSK',
    product: 'musk_caar_t',
    trialId: 'NCT05451212',
    day: 1,
    scenario: 'quiet',
  },
  {
    givenName: 'Mei',
    familyName: 'Demo-Chen',
    birthDate: '1973-03-08',
    sex: 'female',
    weightKg: 55,
    diagnosis: 'pemphigus_vulgaris',
    autoantibody: 'anti-Dsg3',
    product: 'dsg3_caar_t',
    trialId: 'NCT04422912',
    day: 9,
    scenario: 'crs1',
  },
  {
    givenName: 'Ravi',
    familyName: 'Demo-Patel',
    birthDate: '1994-09-30',
    sex: 'male',
    weightKg: 72,
    diagnosis: 'sle',
    autoantibody: 'anti-dsDNA',
    product: 'cd19_bcma_car_t',
    trialId: 'NCT06279923',
    day: 8,
    scenario: 'neutropenia',
  },
  {
    givenName: 'Ines',
    familyName: 'Demo-Moreau',
    birthDate: '1988-12-11',
    sex: 'female',
    weightKg: 66,
    diagnosis: 'sle',
    autoantibody: 'anti-dsDNA',
    product: 'cd19_car_t',
    day: 45,
    scenario: 'follow_up',
  },
];

function asCookie(token: string) {
  return `${SESSION_COOKIE}=${token}`;
}

/**
 * On a first start in demo mode: a small ward of synthetic patients, charted through the real
 * API as the demo nurse, hematologist and coordinator, so grades, alerts and the review queue
 * look as they would in use. Every demo patient is flagged `is_demo` and named "Demo-…".
 */
export async function seedDemoWard(app: Hono<AppEnv>, db: Db, now: number, seed = 2026): Promise<number> {
  const users = await db.selectFrom('users').select(['id', 'role']).where('active', '=', 1).execute();
  const cookies = new Map<Role, { cookie: string; hash: string }>();
  for (const role of ['nurse', 'hematologist', 'coordinator'] as const) {
    const user = users.find((u) => u.role === role);
    if (!user) return 0;
    const { token } = await startSession(db, user.id, null, now, { idleMs: DAY, absoluteMs: DAY });
    cookies.set(role, { cookie: asCookie(token), hash: hashToken(token) });
  }
  const call = async (role: Role, path: string, body: unknown, method = 'POST') => {
    const res = await app.request(`http://localhost${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie: cookies.get(role)?.cookie ?? '' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300)
      throw new Error(`demo ward: ${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, { id: number }>>;
  };

  const rng = seededRandom(seed);
  let n = 0;
  for (const p of DEMO_WARD) {
    n++;
    const infusionAt = Math.floor((now - p.day * DAY - rng.between(2, 8) * H) / 60_000) * 60_000;
    const { patient } = await call('coordinator', '/api/patients', {
      mrn: `DEMO-${String(n).padStart(4, '0')}`,
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      sex: p.sex,
      weightKg: p.weightKg,
      diagnosis: p.diagnosis,
      autoantibody: p.autoantibody,
      product: p.product,
      ...(p.trialId && { trialId: p.trialId }),
      lymphodepletionStart: new Date(infusionAt - 5 * DAY).toISOString().slice(0, 10),
      infusionAt: new Date(infusionAt).toISOString(),
      status: p.day > 14 ? 'outpatient_follow_up' : 'inpatient_monitoring',
    });
    const id = (patient as { id: number }).id;
    await db.updateTable('patients').set({ is_demo: 1 }).where('id', '=', id).execute();
    await chartUnitProphylaxis(call, id, infusionAt, now);
    const keys = new Map<string, number>();
    const requests = syntheticCourse(
      id,
      { infusionAt, until: now, scenario: p.scenario, vitalsEveryHours: 4, weightKg: p.weightKg },
      rng,
    );
    for (const r of requests) {
      const path = r.path.replace('{pressor}', String(keys.get('pressor')));
      const body = await call(r.role, path, r.body);
      if (r.key) keys.set(r.key, (body.infusion as { id: number }).id);
    }
    if (p.scenario === 'follow_up') await chartLongTermMalignancy(call, id, now);
  }
  // One planned patient, infusion tomorrow.
  const { patient } = await call('coordinator', '/api/patients', {
    mrn: 'DEMO-0099',
    givenName: 'Kim',
    familyName: 'Demo-Novak',
    birthDate: '1982-06-21',
    sex: 'female',
    weightKg: 69,
    diagnosis: 'sle',
    autoantibody: 'anti-dsDNA',
    product: 'cd19_car_t',
    lymphodepletionStart: new Date(now - 4 * DAY).toISOString().slice(0, 10),
    status: 'planned',
  });
  await db
    .updateTable('patients')
    .set({ is_demo: 1 })
    .where('id', '=', (patient as { id: number }).id)
    .execute();
  const lou = await seedLongTermRetreatment(call, db, now);
  const longTerm = await seedLongTermProphylaxis(call, lou, now);
  await seedLongTermRemission(call, db, now);
  for (const { hash } of cookies.values()) await endSession(db, hash);
  return DEMO_WARD.length + 1 + longTerm;
}
