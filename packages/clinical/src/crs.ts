/**
 * Cytokine release syndrome (CRS) grading.
 *
 * Source: ASTCT consensus grading, Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638
 * ("ASTCT 2019"), as transcribed in shared/clinical-reference.md. Every rule below cites it.
 * Interpretations the consensus leaves open are marked INTERPRETATION and listed in README.md.
 */
import { InvalidFindingsError } from './errors.ts';
import { formatNumber, formatTemperature, roundTo } from './units.ts';

export type OxygenDevice =
  | 'room_air'
  | 'nasal_cannula'
  | 'blow_by'
  | 'high_flow_nasal_cannula'
  | 'face_mask'
  | 'non_rebreather'
  | 'venturi_mask'
  | 'cpap'
  | 'bipap'
  | 'mechanical_ventilation';

export type Vasopressor = 'norepinephrine' | 'epinephrine' | 'phenylephrine' | 'dopamine' | 'vasopressin';

/**
 * The oxygen a patient receives. `forComfort`: given for comfort only, not for a low saturation:
 * it does not count as hypoxia (Lee et al., Biol Blood Marrow Transplant 2019;25:625, ASTCT CRS
 * grading: "low-flow nasal cannula … oxygen given for comfort is not counted").
 */
export interface OxygenSupport {
  device: OxygenDevice;
  flowLpm?: number;
  forComfort?: boolean;
}

export interface CrsFindings {
  /** Highest temperature in the window being graded, °C. */
  temperatureC: number | null;
  /** A clinician attributed the fever to another cause: it does not count. */
  feverOtherCause?: boolean;
  /** Antipyretic or anti-cytokine therapy given after CRS fever in this episode. */
  feverNoLongerRequired?: boolean;
  /** Clinically significant hypotension present. */
  hypotension: boolean;
  /** Vasopressors running now. */
  vasopressors: Vasopressor[];
  oxygen: OxygenSupport;
  crsDeath?: boolean;
}

export type Grade = 0 | 1 | 2 | 3 | 4 | 5;

export interface Grading {
  grade: Grade;
  reasons: string[];
}

/** Grade of one ASTCT domain (fever is a gate, not a graded domain). */
export type CrsDomainGrade = 0 | 2 | 3 | 4;

/** Full CRS assessment: the grade, the reasons, and each domain separately. */
export interface CrsAssessment extends Grading {
  /** A fever ≥ 38.0 °C that counts (not attributed to another cause). */
  feverCounts: boolean;
  /** Grade the hypotension domain alone would give. */
  hypotensionGrade: CrsDomainGrade;
  /** Grade the hypoxia (oxygen requirement) domain alone would give. */
  hypoxiaGrade: CrsDomainGrade;
}

export const OXYGEN_DEVICES: readonly OxygenDevice[] = [
  'room_air',
  'nasal_cannula',
  'blow_by',
  'high_flow_nasal_cannula',
  'face_mask',
  'non_rebreather',
  'venturi_mask',
  'cpap',
  'bipap',
  'mechanical_ventilation',
];

export const VASOPRESSORS: readonly Vasopressor[] = [
  'norepinephrine',
  'epinephrine',
  'phenylephrine',
  'dopamine',
  'vasopressin',
];

/** ASTCT 2019: fever is a temperature ≥ 38.0 °C. */
export const FEVER_THRESHOLD_C = 38.0;
/** ASTCT 2019: nasal cannula above 6 L/min is high flow (grade 3); up to 6 L/min is low flow (grade 2). */
export const LOW_FLOW_MAX_LPM = 6;
/** Plausibility limits: outside them a value is a charting error, never graded. */
export const TEMPERATURE_MIN_C = 25;
export const TEMPERATURE_MAX_C = 45;
export const OXYGEN_FLOW_MAX_LPM = 80;

export const ASTCT_2019 = 'ASTCT 2019 (Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638)';

const DEVICE_LABEL: Record<OxygenDevice, string> = {
  room_air: 'room air',
  nasal_cannula: 'nasal cannula',
  blow_by: 'blow-by oxygen',
  high_flow_nasal_cannula: 'high-flow nasal cannula',
  face_mask: 'face mask',
  non_rebreather: 'non-rebreather mask',
  venturi_mask: 'Venturi mask',
  cpap: 'CPAP',
  bipap: 'BiPAP',
  mechanical_ventilation: 'intubation and mechanical ventilation',
};

const DEVICE_SET: ReadonlySet<string> = new Set(OXYGEN_DEVICES);

export function isOxygenDevice(value: unknown): value is OxygenDevice {
  return typeof value === 'string' && DEVICE_SET.has(value);
}

export function isVasopressor(value: unknown): value is Vasopressor {
  return typeof value === 'string' && (VASOPRESSORS as readonly string[]).includes(value);
}

function optionalBoolean(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidFindingsError(field, 'must be true or false');
  return value;
}

/** Throws InvalidFindingsError unless `temperatureC` is null or a plausible body temperature. */
export function validateTemperature(value: unknown, field = 'temperatureC'): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidFindingsError(field, 'must be a number of degrees Celsius or null');
  }
  if (value < TEMPERATURE_MIN_C || value > TEMPERATURE_MAX_C) {
    throw new InvalidFindingsError(
      field,
      `${value} °C is outside ${TEMPERATURE_MIN_C}–${TEMPERATURE_MAX_C} °C: a charting error (°F entered as °C?)`,
    );
  }
  return value;
}

/** Throws InvalidFindingsError unless `oxygen` names a known device with a plausible flow. */
export function validateOxygen(value: unknown, field = 'oxygen'): OxygenSupport {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidFindingsError(field, 'must be an object { device, flowLpm? }');
  }
  const { device, flowLpm, forComfort } = value as {
    device?: unknown;
    flowLpm?: unknown;
    forComfort?: unknown;
  };
  if (!isOxygenDevice(device)) {
    throw new InvalidFindingsError(`${field}.device`, `unknown oxygen device ${JSON.stringify(device)}`);
  }
  if (forComfort !== undefined && typeof forComfort !== 'boolean') {
    throw new InvalidFindingsError(`${field}.forComfort`, 'must be true or false');
  }
  // The caller's object is returned as is (no copy): the course engine validates 500 000 of these.
  const valid = value as OxygenSupport;
  if (flowLpm === undefined) return valid;
  if (typeof flowLpm !== 'number' || !Number.isFinite(flowLpm) || flowLpm < 0) {
    throw new InvalidFindingsError(`${field}.flowLpm`, 'must be a number of litres per minute ≥ 0');
  }
  if (flowLpm > OXYGEN_FLOW_MAX_LPM) {
    throw new InvalidFindingsError(
      `${field}.flowLpm`,
      `${flowLpm} L/min is above ${OXYGEN_FLOW_MAX_LPM} L/min`,
    );
  }
  return valid;
}

/** Throws InvalidFindingsError unless every entry is a known vasopressor. */
export function validateVasopressors(value: unknown, field = 'vasopressors'): Vasopressor[] {
  if (!Array.isArray(value)) throw new InvalidFindingsError(field, 'must be a list of vasopressors');
  value.forEach((drug, index) => {
    if (!isVasopressor(drug)) {
      throw new InvalidFindingsError(`${field}[${index}]`, `unknown vasopressor ${JSON.stringify(drug)}`);
    }
  });
  return value as Vasopressor[];
}

/**
 * Hypotension domain (ASTCT 2019): hypotension not requiring vasopressors → 2; requiring one
 * vasopressor, with or without vasopressin → 3; requiring multiple vasopressors, excluding
 * vasopressin → 4.
 */
function gradeHypotension(
  hypotension: boolean,
  vasopressors: Vasopressor[],
): { grade: CrsDomainGrade; reason?: string } {
  // The same drug listed twice is one vasopressor.
  const distinct = [...new Set(vasopressors)];
  const withVasopressin = distinct.includes('vasopressin');
  const others = distinct.filter((drug) => drug !== 'vasopressin');
  // INTERPRETATION: listed vasopressors imply hypotension requiring vasopressors even when the
  // `hypotension` flag is false: pressors are not run for a normal blood pressure.
  const implied = hypotension ? '' : ' (vasopressors running: hypotension requiring vasopressors)';
  if (others.length >= 2) {
    // ASTCT 2019: "multiple vasopressors (excluding vasopressin)" → grade 4.
    const tail = withVasopressin ? ' with vasopressin (vasopressin does not count toward multiple)' : '';
    return { grade: 4, reason: `multiple vasopressors (${others.join(', ')})${tail} → grade 4${implied}` };
  }
  if (others.length === 1) {
    // ASTCT 2019: "one vasopressor with or without vasopressin" → grade 3.
    const tail = withVasopressin ? ' with vasopressin' : '';
    return { grade: 3, reason: `one vasopressor (${others[0]})${tail} → grade 3${implied}` };
  }
  if (withVasopressin) {
    // INTERPRETATION: vasopressin alone is a vasopressor requirement, so it counts as one vasopressor
    // (grade 3); it only never counts toward "multiple".
    return { grade: 3, reason: `vasopressin alone, counted as one vasopressor → grade 3${implied}` };
  }
  if (hypotension) return { grade: 2, reason: 'hypotension not requiring vasopressors → grade 2' };
  return { grade: 0 };
}

/**
 * Hypoxia domain (ASTCT 2019): graded by the oxygen the patient requires. Low-flow nasal cannula
 * (≤ 6 L/min) or blow-by → 2; high-flow nasal cannula (> 6 L/min), face mask, non-rebreather or
 * Venturi mask → 3; positive pressure (CPAP, BiPAP, intubation and mechanical ventilation) → 4.
 */
function gradeHypoxia(oxygen: OxygenSupport): {
  grade: CrsDomainGrade;
  reason?: string;
} {
  const { device, flowLpm } = oxygen;
  const label = DEVICE_LABEL[device];
  // ASTCT 2019 (Lee et al. 2019): oxygen given for comfort only is not an oxygen requirement.
  if (oxygen.forComfort === true && device !== 'room_air') {
    const flow = flowLpm === undefined ? '' : ` ${formatNumber(flowLpm)} L/min`;
    return {
      grade: 0,
      reason: `${label}${flow} given for comfort only: not counted as hypoxia (ASTCT 2019)`,
    };
  }
  switch (device) {
    case 'room_air':
      return { grade: 0 };
    case 'nasal_cannula':
      if (flowLpm === undefined) {
        // INTERPRETATION: a nasal cannula without a charted flow is graded as low flow (the least it can
        // be) and the reason asks for the flow: above 6 L/min it would be grade 3.
        return {
          grade: 2,
          reason:
            'nasal cannula, flow not recorded: graded as low flow → grade 2 (> 6 L/min would be grade 3)',
        };
      }
      if (flowLpm > LOW_FLOW_MAX_LPM) {
        return {
          grade: 3,
          reason: `nasal cannula ${formatNumber(flowLpm)} L/min (> 6 L/min is high flow) → grade 3`,
        };
      }
      return { grade: 2, reason: `low-flow nasal cannula ${formatNumber(flowLpm)} L/min → grade 2` };
    case 'blow_by':
      return { grade: 2, reason: 'blow-by oxygen → grade 2' };
    case 'high_flow_nasal_cannula':
    case 'face_mask':
    case 'non_rebreather':
    case 'venturi_mask': {
      const flow = flowLpm === undefined ? '' : ` ${formatNumber(flowLpm)} L/min`;
      return { grade: 3, reason: `${label}${flow} → grade 3` };
    }
    case 'cpap':
    case 'bipap':
    case 'mechanical_ventilation':
      return { grade: 4, reason: `positive pressure: ${label} → grade 4` };
  }
}

/**
 * Grade CRS from findings, with every domain separately. Throws InvalidFindingsError on any
 * impossible or unknown value.
 */
export function assessCrs(f: CrsFindings): CrsAssessment {
  if (typeof f !== 'object' || f === null) throw new InvalidFindingsError('findings', 'must be an object');
  const temperatureC = validateTemperature(f.temperatureC);
  const feverOtherCause = optionalBoolean(f.feverOtherCause, 'feverOtherCause');
  const feverNoLongerRequired = optionalBoolean(f.feverNoLongerRequired, 'feverNoLongerRequired');
  const crsDeath = optionalBoolean(f.crsDeath, 'crsDeath');
  if (typeof f.hypotension !== 'boolean')
    throw new InvalidFindingsError('hypotension', 'must be true or false');
  const vasopressors = validateVasopressors(f.vasopressors);
  const oxygen = validateOxygen(f.oxygen);

  const hypotension = gradeHypotension(f.hypotension, vasopressors);
  const hypoxia = gradeHypoxia(oxygen);
  const reasons: string[] = [];

  // ASTCT 2019: fever is ≥ 38.0 °C not attributable to any other cause. Compared at 0.01 °C so that
  // a converted 100.4 °F counts as 38.0 °C.
  const febrile = temperatureC !== null && roundTo(temperatureC, 2) >= FEVER_THRESHOLD_C;
  const feverCounts = febrile && !feverOtherCause;
  if (temperatureC === null) reasons.push('no temperature recorded');
  else if (!febrile) reasons.push(`no fever (highest ${formatTemperature(temperatureC)}, < 38.0 °C)`);
  else if (feverOtherCause) {
    reasons.push(`fever ${formatTemperature(temperatureC)} attributed to another cause: does not count`);
  } else reasons.push(`fever ${formatTemperature(temperatureC)}`);

  const result = (grade: Grading['grade']): CrsAssessment => {
    reasons.push(`CRS grade ${grade} — ${ASTCT_2019}`);
    return { grade, reasons, feverCounts, hypotensionGrade: hypotension.grade, hypoxiaGrade: hypoxia.grade };
  };

  // ASTCT 2019: grade 5 is death due to CRS with no other principal cause.
  if (crsDeath) {
    reasons.push('death due to CRS → grade 5');
    return result(5);
  }

  if (hypotension.reason) reasons.push(hypotension.reason);
  if (hypoxia.reason) reasons.push(hypoxia.reason);
  const domainGrade = Math.max(hypotension.grade, hypoxia.grade) as CrsDomainGrade;

  if (!feverCounts && !feverNoLongerRequired) {
    // ASTCT 2019: every grade requires fever. Hypotension or hypoxia without it is not CRS, but we
    // say so, so the care team sees what was not graded.
    if (hypotension.grade > 0 && hypoxia.grade > 0)
      reasons.push('hypotension and hypoxia without fever: not graded as CRS');
    else if (hypotension.grade > 0) reasons.push('hypotension without fever: not graded as CRS');
    else if (hypoxia.grade > 0) reasons.push('hypoxia without fever: not graded as CRS');
    return result(0);
  }

  if (!feverCounts) {
    // ASTCT 2019: after antipyretic or anti-cytokine therapy, fever is no longer required; the grade
    // is driven by hypotension and/or hypoxia.
    reasons.push('fever no longer required (antipyretic or anti-cytokine therapy given in this CRS episode)');
    if (domainGrade === 0) reasons.push('no fever, hypotension or oxygen requirement');
    return result(domainGrade);
  }

  if (domainGrade === 0) {
    reasons.push('fever without hypotension or hypoxia → grade 1');
    return result(1);
  }
  if (hypotension.grade > 0 && hypoxia.grade > 0 && hypotension.grade !== hypoxia.grade) {
    // ASTCT 2019: the grade is that of the more severe of hypotension and hypoxia.
    const worse = hypotension.grade > hypoxia.grade ? 'hypotension' : 'hypoxia';
    reasons.push(`the more severe domain (${worse}) sets the grade`);
  }
  return result(domainGrade);
}

/** ASTCT 2019 CRS grade with the reasons that set it. Throws InvalidFindingsError on invalid findings. */
export function gradeCrs(f: CrsFindings): Grading {
  const { grade, reasons } = assessCrs(f);
  return { grade, reasons };
}
