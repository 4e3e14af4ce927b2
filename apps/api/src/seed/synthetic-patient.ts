import {
  ANALYTES,
  type Analyte,
  checkValue,
  checkVitalSigns,
  DRUGS,
  iceScore,
  meanArterialPressure,
  type PlausibilityResult,
} from '@cellwatch/clinical';
import type { PatientStatus } from '@cellwatch/contracts';
import type { statements, Users } from './cohort-charting.ts';
import { type Random, seededRandom } from './random.ts';
import { iceItemsFor, syntheticSystolic } from './synthetic-course.ts';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

/**
 * What happens to a synthetic patient: the scenarios of `synthetic-course.ts`, plus CRS grade 2
 * (fever with low-flow oxygen, sometimes tocilizumab), in a mix close to the published CAR-T
 * series in autoimmune disease: most CRS grade 0–2, a few grade 3 with a pressor, ICANS rare.
 */
export type CohortScenario = 'quiet' | 'crs1' | 'crs2' | 'crs3_pressor' | 'icans2' | 'neutropenia';

const SCENARIO_MIX: readonly [CohortScenario, number][] = [
  ['quiet', 0.3],
  ['crs1', 0.3],
  ['crs2', 0.15],
  ['crs3_pressor', 0.08],
  ['icans2', 0.07],
  ['neutropenia', 0.1],
];

/** What a synthetic patient is generated from; the same spec and index give the same rows. */
export interface SyntheticPatientSpec {
  days: number;
  vitalsIntervalMin: number;
  seed: number;
  mrnPrefix: string;
  now: number;
  status?: PatientStatus;
  scenario?: CohortScenario;
}

const GIVEN = ['Alex', 'Sam', 'Noor', 'Jon', 'Mei', 'Ravi', 'Ines', 'Kim', 'Lea', 'Omar', 'Ana', 'Tom'];
const DIAGNOSES = [
  ['sle', 'anti-dsDNA'],
  ['sle', 'anti-dsDNA'],
  ['myositis', 'anti-Jo-1'],
  ['systemic_sclerosis', 'anti-Scl-70'],
  ['musk_myasthenia_gravis', 'anti-MuSK'],
  ['pemphigus_vulgaris', 'anti-Dsg3'],
] as const;
const PRODUCT_OF: Record<string, string> = {
  musk_myasthenia_gravis: 'musk_caar_t',
  pemphigus_vulgaris: 'dsg3_caar_t',
};

const iso = (t: number) => new Date(t).toISOString();
const atMinute = (t: number) => Math.round(t / MIN) * MIN;
const round1 = (x: number) => Math.round(x * 10) / 10;

function pickScenario(rng: Random): CohortScenario {
  let x = rng.next();
  for (const [scenario, weight] of SCENARIO_MIX) {
    x -= weight;
    if (x < 0) return scenario;
  }
  return 'quiet';
}

/**
 * Writes one patient's charted facts, generated directly with the distributions of
 * `syntheticCourse` (CRS onset Day 1–3, fever, hypotension on a pressor, oxygen, ICE falls, ANC
 * nadir around Day 7, CD19 aplasia to ~Day 110, IgG drifting down with IVIG below 400 mg/dL),
 * but with vitals for the whole period at any interval. Returns the rows written per table.
 */
export function writePatient(
  st: ReturnType<typeof statements>,
  users: Users,
  index: number,
  opts: SyntheticPatientSpec,
  rows: Record<string, number>,
): number {
  // One stream per patient: a patient's course does not depend on how many came before it.
  const rng = seededRandom((opts.seed * 1_000_003 + index * 7919) >>> 0);
  const until = opts.now;
  const infusionAt = Math.floor((until - opts.days * DAY - rng.between(1, 12) * H) / MIN) * MIN;
  const scenario = opts.scenario ?? pickScenario(rng);
  const [diagnosis, autoantibody] = rng.pick(DIAGNOSES);
  const weightKg = Math.round(rng.between(50, 95));
  const birthYear = 1960 + Math.floor(rng.next() * 40);
  const status: PatientStatus =
    opts.status ??
    (opts.days <= 14
      ? 'inpatient_monitoring'
      : opts.days <= 120
        ? 'outpatient_follow_up'
        : 'long_term_follow_up');
  const createdAt = iso(infusionAt - 6 * DAY);
  const patientId = Number(
    st.patient.run(
      `${opts.mrnPrefix}-${String(index + 1).padStart(6, '0')}`,
      rng.pick(GIVEN),
      `Synth-${index + 1}`,
      `${birthYear}-${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}-15`,
      rng.next() < 0.6 ? 'female' : 'male',
      weightKg,
      diagnosis,
      autoantibody,
      PRODUCT_OF[diagnosis] ?? 'cd19_car_t',
      iso(infusionAt - 5 * DAY).slice(0, 10),
      iso(infusionAt),
      status,
      createdAt,
      createdAt,
    ).lastInsertRowid,
  );
  rows.patients = (rows.patients ?? 0) + 1;
  const count = (table: string, n = 1) => {
    rows[table] = (rows[table] ?? 0) + n;
  };
  // Charted a few minutes after the fact, never after `until`.
  const recordedAt = (t: number) => iso(Math.min(until, t + 2 * MIN));

  // Whole minutes, as charted times are (epoch milliseconds are integers in both stores).
  const onset = atMinute(infusionAt + (1 + rng.next() * 2) * DAY);
  const peak = atMinute(onset + rng.between(6, 18) * H);
  const resolve = atMinute(onset + rng.between(3, 5) * DAY);
  const crs =
    scenario === 'crs1' || scenario === 'crs2' || scenario === 'crs3_pressor' || scenario === 'icans2';
  const inCrs = (t: number) => crs && t >= onset && t < resolve;
  const monitoringEnd = Math.min(until, infusionAt + 14 * DAY);
  const pressorStart = peak;
  const pressorStop = atMinute(peak + rng.between(18, 36) * H);
  const onPressor = (t: number) => scenario === 'crs3_pressor' && t >= pressorStart && t < pressorStop;
  const oxygenUntil = scenario === 'crs3_pressor' ? pressorStop : atMinute(peak + rng.between(24, 48) * H);
  const needsOxygen = (t: number) =>
    (scenario === 'crs3_pressor' || scenario === 'crs2') && t >= peak && t < oxygenUntil;

  const medication = (t: number, drug: keyof typeof DRUGS, dose: number, route: string, by: number) => {
    if (t >= until) return;
    const def = DRUGS[drug];
    st.medication.run(patientId, iso(t), t, drug, def.category, dose, def.doseUnit, route, by, recordedAt(t));
    count('medication_administrations');
  };

  if (scenario === 'crs3_pressor' && pressorStart < until) {
    const infusionId = Number(
      st.pressor.run(patientId, iso(pressorStart), pressorStart, users.nurse, recordedAt(pressorStart))
        .lastInsertRowid,
    );
    count('vasopressor_infusions');
    if (pressorStop < until) {
      st.pressorStop.run(
        infusionId,
        patientId,
        iso(pressorStop),
        pressorStop,
        users.nurse,
        recordedAt(pressorStop),
      );
      count('vasopressor_stops');
    }
  }
  const tociDose = Math.min(800, Math.round(weightKg * 8));
  if (scenario === 'crs3_pressor' || (scenario === 'crs2' && rng.next() < 0.5)) {
    medication(peak + 0.5 * H, 'tocilizumab', tociDose, 'iv', users.hematologist);
  }
  if (crs) medication(onset + 2 * H, 'paracetamol', 1000, 'po', users.nurse);

  // Vital sets, every interval for the whole period.
  const step = opts.vitalsIntervalMin * MIN;
  let vitals = 0;
  for (let t = Math.floor(infusionAt + rng.between(0.5, 2) * H); t < until; t += step) {
    const fever = inCrs(t) && (t < peak + DAY || scenario !== 'crs1');
    const hypotensive = scenario === 'crs3_pressor' && t >= peak - 3 * H && t < pressorStop;
    const temperatureC = round1(fever ? 38.4 + rng.next() * 1.2 : 36.7 + rng.noise(0.5));
    const systolic = syntheticSystolic(rng, hypotensive, onPressor(t));
    const diastolic = Math.round(systolic * 0.62);
    const heartRate = Math.round((fever ? 108 : 78) + rng.noise(10));
    const respiratoryRate = Math.round(16 + rng.noise(3));
    const oxygen = needsOxygen(t);
    const spo2 = Math.round(oxygen ? 93 + rng.noise(2) : 97 + rng.noise(1.5));
    const flowLpm = oxygen ? (scenario === 'crs2' ? 2 : 3) : null;
    const check = checkVitalSigns({ temperatureC, heartRate, systolic, diastolic, respiratoryRate, spo2 });
    const flags = check.unusual.map((f) => ({ field: f.field, message: f.message }));
    st.vitals.run(
      patientId,
      iso(t),
      t,
      temperatureC,
      heartRate,
      systolic,
      diastolic,
      meanArterialPressure(systolic, diastolic),
      respiratoryRate,
      spo2,
      oxygen ? 'nasal_cannula' : 'room_air',
      flowLpm,
      flags.length ? JSON.stringify(flags) : null,
      users.nurse,
      recordedAt(t),
    );
    vitals++;
  }
  count('vital_sets', vitals);

  // ICE every 8 h while monitored (Day 0–14).
  const icansStart = onset + DAY;
  for (let t = infusionAt + 3 * H; t < monitoringEnd; t += 8 * H) {
    const icans = scenario === 'icans2' && t >= icansStart && t < icansStart + 3 * DAY;
    const score = icans ? (t < icansStart + DAY ? 8 : 5) : 10;
    const items = iceItemsFor(score);
    st.neuro.run(
      patientId,
      iso(t),
      t,
      JSON.stringify(items),
      iceScore(items),
      icans && score < 6 ? 'awakens_to_voice' : 'normal',
      users.nurse,
      recordedAt(t),
    );
    count('neuro_assessments');
  }

  // Labs: daily to Day 30, then monthly; B cells and IgG weekly from Day 14.
  const nadirDepth = scenario === 'neutropenia' ? 80 : 600;
  const iggBase = rng.between(750, 1100);
  const aplasiaEnds = rng.between(90, 125);
  for (let d = 0; infusionAt + d * DAY + 6 * H < until; d += d < 30 ? 1 : 30) {
    const t = infusionAt + d * DAY + 6 * H;
    const fromNadir = Math.abs(d - 7);
    const results: [Analyte, number][] = [
      ['anc', Math.max(20, Math.round(nadirDepth + Math.min(fromNadir, 10) * 260 + rng.noise(80)))],
      ['platelets', Math.max(8, Math.round(90 + Math.min(fromNadir, 10) * 15 + rng.noise(15)))],
      ['hemoglobin', round1(10.5 + rng.noise(0.8))],
      ['crp', Math.round(inCrs(t) ? 80 + rng.next() * 120 : 4 + rng.next() * 6)],
      ['ferritin', Math.round(inCrs(t) ? 1500 + rng.next() * 2500 : 300 + rng.next() * 200)],
    ];
    if (inCrs(t)) results.push(['il6', Math.round(60 + rng.next() * 400)]);
    let igg: number | null = null;
    if (d === 0 || (d >= 14 && d % 7 === 0) || d > 30) {
      const aplasia = d > 3 && d < aplasiaEnds;
      igg = Math.round(iggBase - Math.min(d, 120) * 4 + rng.noise(30));
      results.push(['cd19_percent', aplasia ? 0.1 : round1(8 + rng.noise(2))]);
      results.push(['cd19_absolute', aplasia ? 0 : Math.round(120 + rng.noise(30))]);
      results.push(['igg', igg]);
    }
    const panelId = `synthetic-${opts.seed}-${patientId}-${d}`;
    for (const [analyte, value] of results) {
      const def = ANALYTES[analyte];
      const check: PlausibilityResult = { impossible: [], unusual: [] };
      checkValue('value', value, { ...def.limits, unit: def.unit }, check);
      const flags = check.unusual.map((f) => ({ field: 'value', message: `${def.name}: ${f.message}` }));
      st.lab.run(
        patientId,
        iso(t),
        t,
        analyte,
        def.loinc,
        value,
        def.unit,
        flags.length ? JSON.stringify(flags) : null,
        panelId,
        users.coordinator,
        recordedAt(t + 2 * H),
      );
    }
    count('lab_results', results.length);
    // IVIG replacement (0.4 g/kg) when IgG falls below 400 mg/dL.
    if (igg !== null && igg < 400)
      medication(t + 4 * H, 'ivig', Math.round(weightKg * 0.4), 'iv', users.coordinator);
  }
  return patientId;
}
