import type { Role } from '@cellwatch/contracts';
import type { Random } from './random.ts';

const H = 3_600_000;
const DAY = 24 * H;

/** What happens to a synthetic patient after infusion. */
export type Scenario = 'quiet' | 'crs1' | 'crs3_pressor' | 'icans2' | 'neutropenia' | 'follow_up';

export interface SyntheticRequest {
  role: Role;
  method: 'POST';
  path: string;
  body: unknown;
  /** When it happens, so requests from several patients can be merged in time order. */
  at: number;
  /** Pressor starts return an id the later stop needs. */
  key?: string;
}

export interface CourseShape {
  infusionAt: number;
  until: number;
  scenario: Scenario;
  /** Vital sets every this many hours during monitoring (Day 0–14). */
  vitalsEveryHours: number;
  weightKg: number;
}

const iso = (t: number) => new Date(t).toISOString();

/** ICE items adding up to a score (orientation first, then naming, then the single items). */
/** Systolic pressure in a synthetic course: low while hypotensive, partly restored on a pressor. */
export function syntheticSystolic(rng: Random, hypotensive: boolean, onPressor: boolean): number {
  return Math.round(
    hypotensive && !onPressor ? 82 + rng.noise(6) : hypotensive ? 96 + rng.noise(8) : 122 + rng.noise(12),
  );
}

export function iceItemsFor(score: number) {
  let left = Math.max(0, Math.min(10, Math.round(score)));
  const take = (max: number) => {
    const n = Math.min(max, left);
    left -= n;
    return n;
  };
  const o = take(4);
  return {
    orientation: { year: o > 0, month: o > 1, city: o > 2, hospital: o > 3 },
    namedObjects: take(3) as 0 | 1 | 2 | 3,
    followsCommands: take(1) === 1,
    writesSentence: take(1) === 1,
    countsBackwardBy10: take(1) === 1,
  };
}

/**
 * The charting a real course produces, as API requests in time order: vitals, ICE, labs,
 * pressors and drugs, shaped by the scenario (CRS onset Day 1–3, most grade 1–2, some 3 with a
 * pressor and tocilizumab; ICANS in a few; ANC nadirs; CD19 aplasia and falling IgG later).
 * Used by the demo ward, the synthetic cohort command and the benchmarks.
 */
export function syntheticCourse(patientId: number, shape: CourseShape, rng: Random): SyntheticRequest[] {
  const out: SyntheticRequest[] = [];
  const base = `/api/patients/${patientId}`;
  const { infusionAt, until, scenario } = shape;
  const onset = infusionAt + (1 + rng.next() * 2) * DAY;
  const peak = onset + rng.between(6, 18) * H;
  const resolve = onset + rng.between(3, 5) * DAY;
  const crs = scenario === 'crs1' || scenario === 'crs3_pressor' || scenario === 'icans2';
  const inCrs = (t: number) => crs && t >= onset && t < resolve;
  const monitoringEnd = Math.min(until, infusionAt + 14 * DAY);
  // Ferritin peaks with CRS and eases before its grade first falls (the earliest fall is when the
  // pressor stops, ≥ 18 h after the peak): a demo CRS is not an IEC-HS (packages/clinical iec-hs.ts).
  const ferritinAt = (t: number) =>
    Math.round(
      inCrs(t) && t < peak + 18 * H
        ? 1500 + rng.next() * 2500
        : inCrs(t)
          ? 450 + rng.next() * 250
          : 300 + rng.next() * 200,
    );

  const pressorStart = peak;
  const pressorStop = peak + rng.between(18, 36) * H;
  const onPressor = (t: number) => scenario === 'crs3_pressor' && t >= pressorStart && t < pressorStop;
  if (scenario === 'crs3_pressor' && pressorStart < until) {
    out.push({
      role: 'nurse',
      method: 'POST',
      path: `${base}/vasopressors`,
      body: { drug: 'norepinephrine', startedAt: iso(pressorStart) },
      at: pressorStart,
      key: 'pressor',
    });
    const tociAt = pressorStart + 0.5 * H;
    if (tociAt < until) {
      const dose = Math.min(800, Math.round(shape.weightKg * 8));
      out.push({
        role: 'hematologist',
        method: 'POST',
        path: `${base}/medications`,
        body: { givenAt: iso(tociAt), drug: 'tocilizumab', dose, route: 'iv' },
        at: tociAt,
      });
    }
    if (pressorStop < until) {
      out.push({
        role: 'nurse',
        method: 'POST',
        path: `${base}/vasopressors/{pressor}/stop`,
        body: { stoppedAt: iso(pressorStop) },
        at: pressorStop,
      });
    }
  }
  if (crs && onset + 2 * H < until) {
    out.push({
      role: 'nurse',
      method: 'POST',
      path: `${base}/medications`,
      body: { givenAt: iso(onset + 2 * H), drug: 'paracetamol', dose: 1000, route: 'po' },
      at: onset + 2 * H,
    });
  }

  for (let t = infusionAt + rng.between(0.5, 2) * H; t < monitoringEnd; t += shape.vitalsEveryHours * H) {
    const fever = inCrs(t) && (t < peak + DAY || scenario !== 'crs1');
    const hypotensive = scenario === 'crs3_pressor' && t >= peak - 3 * H && t < pressorStop;
    const temperatureC = Math.round((fever ? 38.4 + rng.next() * 1.2 : 36.7 + rng.noise(0.5)) * 10) / 10;
    const systolic = syntheticSystolic(rng, hypotensive, onPressor(t));
    const needsOxygen = scenario === 'crs3_pressor' && t >= peak && t < pressorStop;
    out.push({
      role: 'nurse',
      method: 'POST',
      path: `${base}/vitals`,
      body: {
        takenAt: iso(t),
        temperatureC,
        heartRate: Math.round((fever ? 108 : 78) + rng.noise(10)),
        systolic,
        diastolic: Math.round(systolic * 0.62),
        respiratoryRate: Math.round(16 + rng.noise(3)),
        spo2: Math.round(needsOxygen ? 93 + rng.noise(2) : 97 + rng.noise(1.5)),
        oxygenDevice: needsOxygen ? 'nasal_cannula' : 'room_air',
        ...(needsOxygen && { oxygenFlowLpm: 3 }),
      },
      at: t,
    });
  }

  const icansStart = onset + DAY;
  for (let t = infusionAt + 3 * H; t < monitoringEnd; t += 8 * H) {
    const icans = scenario === 'icans2' && t >= icansStart && t < icansStart + 3 * DAY;
    const score = icans ? (t < icansStart + DAY ? 8 : 5) : 10;
    out.push({
      role: 'nurse',
      method: 'POST',
      path: `${base}/neuro-assessments`,
      body: {
        assessedAt: iso(t),
        ice: iceItemsFor(score),
        consciousness: icans && score < 6 ? 'awakens_to_voice' : 'normal',
      },
      at: t,
    });
  }

  // Labs: daily blood counts and inflammation markers for two weeks, then monthly follow-up.
  const nadirDepth = scenario === 'neutropenia' ? 80 : 600;
  for (let d = 0; infusionAt + d * DAY + 6 * H < until; d += d < 14 ? 1 : 30) {
    const t = infusionAt + d * DAY + 6 * H;
    const fromNadir = Math.abs(d - 7);
    const anc = Math.max(20, Math.round(nadirDepth + fromNadir * 260 + rng.noise(80)));
    const results: { analyte: string; value: number }[] = [
      { analyte: 'anc', value: anc },
      { analyte: 'platelets', value: Math.max(8, Math.round(90 + fromNadir * 15 + rng.noise(15))) },
      { analyte: 'hemoglobin', value: Math.round((10.5 + rng.noise(0.8)) * 10) / 10 },
      { analyte: 'crp', value: Math.round(inCrs(t) ? 80 + rng.next() * 120 : 4 + rng.next() * 6) },
      { analyte: 'ferritin', value: ferritinAt(t) },
    ];
    if (inCrs(t)) results.push({ analyte: 'il6', value: Math.round(60 + rng.next() * 400) });
    if (d === 0 || d >= 14) {
      // CD19 aplasia from the first week for ~3–4 months; IgG drifting down.
      const aplasia = d > 3 && d < 110;
      results.push({
        analyte: 'cd19_percent',
        value: aplasia ? 0.1 : Math.round((8 + rng.noise(2)) * 10) / 10,
      });
      results.push({ analyte: 'cd19_absolute', value: aplasia ? 0 : Math.round(120 + rng.noise(30)) });
      results.push({ analyte: 'igg', value: Math.round(900 - Math.min(d, 120) * 4 + rng.noise(30)) });
    }
    out.push({
      role: 'coordinator',
      method: 'POST',
      path: `${base}/labs`,
      body: { collectedAt: iso(t), results },
      at: t,
    });
  }

  return out.sort((a, b) => a.at - b.at);
}
