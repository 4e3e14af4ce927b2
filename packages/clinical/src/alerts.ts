/**
 * Alert rules: what should reach the care team at once. Pure: the API feeds in what a write
 * changed and stores what comes out (one open alert per rule and patient).
 *
 * Sources: CRS/ICANS grades per ASTCT 2019 (Lee 2019); hypotension default systolic < 90 mmHg
 * and the ICE/monitoring rhythm from shared/clinical-reference.md; SpO2 < 92 % and the
 * cytopenia thresholds (ANC < 500/µL, platelets < 20 × 10³/µL) are the alert rules, in
 * line with severe neutropenia (ICAHT, Rejeski 2023) and the usual platelet transfusion trigger.
 */

export type AlertSeverity = 'info' | 'warning' | 'high' | 'critical';

export type AlertRule =
  | 'possible_crs_onset'
  | 'crs_grade_up'
  | 'crs_grade_2_or_more'
  | 'icans_grade_up'
  | 'icans_grade_2_or_more'
  | 'ice_fall'
  | 'hypotension'
  | 'new_oxygen_need'
  | 'low_spo2'
  | 'vitals_overdue'
  | 'ice_overdue'
  | 'tocilizumab_limit'
  | 'anc_below_500'
  | 'platelets_below_20k'
  /** iec-hs.ts iecHsAlert: a watch signal for the hematologist, never a grade. */
  | 'iec_hs_suspected';

export interface AlertCandidate {
  rule: AlertRule;
  severity: AlertSeverity;
  message: string;
  factIds: string[];
}

export interface GradeStep {
  syndrome: 'crs' | 'icans';
  at: number;
  fromGrade: number;
  toGrade: number;
  factIds: readonly string[];
}

export interface VitalsObservation {
  id: string;
  temperatureC: number | null;
  systolic: number | null;
  /** The clinician's recorded judgement, when given. */
  hypotension: boolean | null;
  spo2: number | null;
  oxygenDevice: string;
  /** The device of the previous valid vital set (null: none before). */
  previousOxygenDevice: string | null;
}

export interface NeuroObservation {
  id: string;
  iceScore: number | null;
  /** The previous valid assessment with an ICE score, to detect a fall. */
  previous: { id: string; iceScore: number } | null;
}

export interface LabObservation {
  id: string;
  analyte: string;
  /** In the stored unit: ANC /uL, platelets 10*3/uL. */
  value: number;
}

export interface TocilizumabObservation {
  id: string;
  dosesIn24h: number;
  totalDoses: number;
}

export interface AlertInput {
  gradeSteps: readonly GradeStep[];
  /** CRS episodes whose onset this change revealed: fact ids of the onset. */
  crsOnsets: readonly { episode: number; factIds: readonly string[]; temperatureC: number | null }[];
  vitals: readonly VitalsObservation[];
  neuro: readonly NeuroObservation[];
  labs: readonly LabObservation[];
  tocilizumab: readonly TocilizumabObservation[];
  hypotensionSystolicBelowMmHg: number;
}

const gradeSeverity = (grade: number): AlertSeverity =>
  grade >= 3 ? 'critical' : grade >= 2 ? 'high' : 'warning';
const NAMES = { crs: 'CRS', icans: 'ICANS' } as const;

export const LOW_SPO2_BELOW_PCT = 92;
export const ANC_ALERT_BELOW_PER_UL = 500;
export const PLATELETS_ALERT_BELOW_THOUSANDS = 20;
export const ICE_FALL_POINTS = 2;

/** Every alert the new facts and grade steps call for, most severe first. */
export function evaluateAlerts(input: AlertInput): AlertCandidate[] {
  const out: AlertCandidate[] = [];

  for (const onset of input.crsOnsets) {
    const temp = onset.temperatureC === null ? '' : ` (${onset.temperatureC.toFixed(1)} °C)`;
    out.push({
      rule: 'possible_crs_onset',
      severity: 'high',
      message: `Fever after infusion${temp}: possible CRS onset (episode ${onset.episode})`,
      factIds: [...onset.factIds],
    });
  }

  for (const step of input.gradeSteps) {
    if (step.toGrade <= step.fromGrade) continue;
    const name = NAMES[step.syndrome];
    const message = `${name} grade ${step.fromGrade} → ${step.toGrade}`;
    out.push({
      rule:
        step.toGrade >= 2
          ? (`${step.syndrome}_grade_2_or_more` as AlertRule)
          : (`${step.syndrome}_grade_up` as AlertRule),
      severity: gradeSeverity(step.toGrade),
      message,
      factIds: [...step.factIds],
    });
  }

  for (const v of input.vitals) {
    const low = v.systolic !== null && v.systolic < input.hypotensionSystolicBelowMmHg;
    if (v.hypotension === true || (v.hypotension === null && low)) {
      out.push({
        rule: 'hypotension',
        severity: 'high',
        message:
          v.hypotension === true
            ? 'Hypotension recorded by the clinician'
            : `Systolic ${v.systolic} mmHg, below ${input.hypotensionSystolicBelowMmHg} mmHg`,
        factIds: [v.id],
      });
    }
    if (
      v.oxygenDevice !== 'room_air' &&
      (v.previousOxygenDevice === null || v.previousOxygenDevice === 'room_air')
    ) {
      out.push({
        rule: 'new_oxygen_need',
        severity: 'high',
        message: `New oxygen need: ${v.oxygenDevice.replaceAll('_', ' ')}`,
        factIds: [v.id],
      });
    }
    if (v.spo2 !== null && v.spo2 < LOW_SPO2_BELOW_PCT) {
      out.push({
        rule: 'low_spo2',
        severity: 'high',
        message: `SpO2 ${v.spo2} %, below ${LOW_SPO2_BELOW_PCT} %`,
        factIds: [v.id],
      });
    }
  }

  for (const n of input.neuro) {
    if (n.iceScore === null || !n.previous) continue;
    const fall = n.previous.iceScore - n.iceScore;
    if (fall >= ICE_FALL_POINTS) {
      out.push({
        rule: 'ice_fall',
        severity: n.iceScore <= 6 ? 'critical' : 'high',
        message: `ICE fell ${fall} points: ${n.previous.iceScore} → ${n.iceScore}/10`,
        factIds: [n.previous.id, n.id],
      });
    }
  }

  for (const lab of input.labs) {
    if (lab.analyte === 'anc' && lab.value < ANC_ALERT_BELOW_PER_UL) {
      out.push({
        rule: 'anc_below_500',
        severity: 'high',
        message: `ANC ${lab.value}/µL, below 500/µL`,
        factIds: [lab.id],
      });
    }
    if (lab.analyte === 'platelets' && lab.value < PLATELETS_ALERT_BELOW_THOUSANDS) {
      out.push({
        rule: 'platelets_below_20k',
        severity: 'high',
        message: `Platelets ${lab.value} × 10³/µL, below 20 × 10³/µL`,
        factIds: [lab.id],
      });
    }
  }

  for (const t of input.tocilizumab) {
    // Clinical reference: at most 3 doses in 24 h and 4 in total.
    if (t.dosesIn24h >= 3 || t.totalDoses >= 4) {
      out.push({
        rule: 'tocilizumab_limit',
        severity: 'high',
        message: `Tocilizumab limit reached: ${t.dosesIn24h} in 24 h, ${t.totalDoses} in total (limits 3 and 4)`,
        factIds: [t.id],
      });
    }
  }

  const rank: Record<AlertSeverity, number> = { critical: 0, high: 1, warning: 2, info: 3 };
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
