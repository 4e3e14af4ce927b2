/**
 * IgG and IVIG replacement: the recommendation and the dose.
 *
 * Source: shared/clinical-reference.md, "B-cell aplasia, hypogammaglobulinemia, IVIG": replace with
 * IVIG when IgG < 400 mg/dL, especially with serious or recurrent bacterial infections; 400–600 mg/dL
 * with serious recurrent infections is a clinician's call; usual replacement 0.4–0.5 g/kg every 3–4
 * weeks (configurable), trough IgG before each dose. Infection severity is the CTCAE grade.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Long-term follow-up"):
 * - Boundaries: 400 is not < 400, so 400 falls in the 400–600 band; 600 is inside the band (inclusive
 *   upper bound); 601 is above it.
 * - 400–600: clinician decision with a serious OR recurrent infection (the wording; the
 *   reference's "serious recurrent" can be read as both: `clinicianDecisionNeeds:
 *   'serious_and_recurrent'` selects that reading).
 * - Serious = CTCAE grade ≥ 3, or hospitalised / marked serious. Recurrent = ≥ 2 infections in the
 *   last 6 months (183 days). Only infections in that window count, serious ones too. Bacterial
 *   infections are named in the reasons but do not change the status.
 * - An IgG older than 35 days (the 4-week interval plus a week) is not recent: no recommendation.
 * - Dose = weight × g/kg, rounded to the nearest total the stocked vials can make (ties: the higher
 *   total), never less than the smallest vial; vials = fewest vials making that total. A rounded dose
 *   more than 10 % away from the calculated dose is called out in the reasons.
 */
import { InvalidFindingsError } from './errors.ts';
import { checkArray, checkInstant, checkNumber, checkOptionalBoolean } from './follow-up-input.ts';
import { ANALYTES } from './labs.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs } from './time.ts';
import { roundTo } from './units.ts';

export interface IvigProtocol {
  /** IgG below this → IVIG indicated (reference: 400 mg/dL). */
  igGIndicatedBelowMgDl: number;
  /** Up to and including this, with serious or recurrent infections → clinician decision (600). */
  clinicianDecisionUpToMgDl: number;
  /** Reference: usual replacement 0.4–0.5 g/kg. */
  doseGPerKg: number;
  /** Reference: every 3–4 weeks. */
  intervalWeeks: number;
  /** Vial sizes the site stocks, grams. */
  vialSizesG: readonly number[];
  /** An IgG older than this is not used for a recommendation. */
  iggStaleAfterDays: number;
  /** Recurrent = at least this many infections in the window (2). */
  recurrentInfectionCount: number;
  /** Window for recurrent and serious infections, days (183 ≈ 6 months). */
  infectionWindowDays: number;
  /** Serious = CTCAE grade ≥ this (3), or hospitalised. */
  seriousFromCtcaeGrade: number;
  /** Which infections put 400–600 mg/dL in the clinician's hands. */
  clinicianDecisionNeeds: 'serious_or_recurrent' | 'serious_and_recurrent';
}

export const DEFAULT_IVIG_PROTOCOL: IvigProtocol = {
  igGIndicatedBelowMgDl: 400,
  clinicianDecisionUpToMgDl: 600,
  doseGPerKg: 0.4,
  intervalWeeks: 4,
  vialSizesG: [5, 10, 20],
  iggStaleAfterDays: 35,
  recurrentInfectionCount: 2,
  infectionWindowDays: 183,
  seriousFromCtcaeGrade: 3,
  clinicianDecisionNeeds: 'serious_or_recurrent',
};

export const IVIG_SOURCE =
  'shared/clinical-reference.md: IVIG when IgG < 400 mg/dL; 400–600 mg/dL with serious/recurrent infections is a clinician’s call; 0.4–0.5 g/kg every 3–4 weeks';

export interface IgGResult {
  at: Instant;
  mgPerDl: number;
  id?: string;
}

export interface InfectionEvent {
  at: Instant;
  /** CTCAE grade 1–5. */
  severity: number;
  /** Marked serious by the clinician (e.g. hospitalised). */
  serious?: boolean;
  hospitalised?: boolean;
  bacterial?: boolean;
  site?: string;
  organism?: string;
  id?: string;
}

export interface IvigInput {
  latestIgG: IgGResult | null;
  infections: readonly InfectionEvent[];
  weightKg: number;
  now: Instant;
  protocol?: Partial<IvigProtocol>;
}

export type IvigStatus = 'indicated' | 'clinician_decision' | 'not_indicated' | 'no_recent_igg';

export interface IvigDose {
  /** weight × g/kg before rounding. */
  calculatedG: number;
  doseG: number;
  vials: { sizeG: number; count: number }[];
  /** (dose − calculated) / calculated × 100, one decimal. */
  deviationPercent: number;
  reason: string;
}

export interface IvigRecommendation {
  status: IvigStatus;
  /** Rounded dose when indicated or for the clinician to decide; null otherwise. */
  doseG: number | null;
  dose: IvigDose | null;
  intervalWeeks: number;
  seriousInfections: number;
  infectionsInWindow: number;
  recurrent: boolean;
  reasons: string[];
  source: string;
}

/** Strength of a recommendation: indicated > clinician decision > not indicated. */
export const IVIG_STATUS_RANK: Record<IvigStatus, number> = {
  no_recent_igg: -1,
  not_indicated: 0,
  clinician_decision: 1,
  indicated: 2,
};

const IGG_MAX = ANALYTES.igg.limits.max;

export function resolveIvigProtocol(protocol: Partial<IvigProtocol> = {}): IvigProtocol {
  const p = { ...DEFAULT_IVIG_PROTOCOL, ...protocol };
  const positive = { min: 0, minExclusive: true };
  checkNumber(p.igGIndicatedBelowMgDl, 'protocol.igGIndicatedBelowMgDl', { ...positive, max: IGG_MAX });
  checkNumber(p.clinicianDecisionUpToMgDl, 'protocol.clinicianDecisionUpToMgDl', {
    ...positive,
    max: IGG_MAX,
  });
  if (p.clinicianDecisionUpToMgDl < p.igGIndicatedBelowMgDl) {
    throw new InvalidFindingsError(
      'protocol.clinicianDecisionUpToMgDl',
      'must not be below igGIndicatedBelowMgDl',
    );
  }
  checkNumber(p.doseGPerKg, 'protocol.doseGPerKg', { ...positive, max: 3 });
  checkNumber(p.intervalWeeks, 'protocol.intervalWeeks', { ...positive, max: 52 });
  checkNumber(p.iggStaleAfterDays, 'protocol.iggStaleAfterDays', { ...positive, max: 3650 });
  checkNumber(p.recurrentInfectionCount, 'protocol.recurrentInfectionCount', { min: 1, integer: true });
  checkNumber(p.infectionWindowDays, 'protocol.infectionWindowDays', { ...positive, max: 3650 });
  checkNumber(p.seriousFromCtcaeGrade, 'protocol.seriousFromCtcaeGrade', { min: 1, max: 5, integer: true });
  if (
    p.clinicianDecisionNeeds !== 'serious_or_recurrent' &&
    p.clinicianDecisionNeeds !== 'serious_and_recurrent'
  ) {
    throw new InvalidFindingsError(
      'protocol.clinicianDecisionNeeds',
      'must be serious_or_recurrent or serious_and_recurrent',
    );
  }
  checkVials(p.vialSizesG);
  return { ...p, vialSizesG: [...p.vialSizesG] };
}

function checkVials(vials: unknown): number[] {
  const list = checkArray<number>(vials, 'protocol.vialSizesG');
  if (list.length === 0)
    throw new InvalidFindingsError('protocol.vialSizesG', 'must list at least one vial size');
  return list.map((v, i) => {
    const size = checkNumber(v, `protocol.vialSizesG[${i}]`, { min: 0, minExclusive: true, max: 200 });
    if (Math.abs(size * 100 - Math.round(size * 100)) > 1e-6) {
      throw new InvalidFindingsError(`protocol.vialSizesG[${i}]`, 'must be a multiple of 0.01 g');
    }
    return size;
  });
}

/**
 * Fewest vials summing exactly to each total up to `maxUnits` (in 0.01-g units): a small
 * coin-change table. counts[t] = -1 when t cannot be made.
 */
function vialTable(units: number[], maxUnits: number): { counts: Int32Array; last: Int32Array } {
  const counts = new Int32Array(maxUnits + 1).fill(-1);
  const last = new Int32Array(maxUnits + 1).fill(-1);
  counts[0] = 0;
  for (let t = 1; t <= maxUnits; t++) {
    for (const u of units) {
      if (u > t) continue;
      const prev = counts[t - u] as number;
      if (prev < 0) continue;
      const cur = counts[t] as number;
      if (cur < 0 || prev + 1 < cur) {
        counts[t] = prev + 1;
        last[t] = u;
      }
    }
  }
  return { counts, last };
}

/**
 * The IVIG dose for a weight: weight × g/kg rounded to the nearest total the stocked vials can make
 * (ties go to the higher total), at least one smallest vial; made of the fewest vials.
 */
export function ivigDose(weightKg: number, protocol: Partial<IvigProtocol> = {}): IvigDose {
  const p = resolveIvigProtocol(protocol);
  const weight = checkNumber(weightKg, 'weightKg', { min: 0.5, max: 350 });
  const calculatedG = weight * p.doseGPerKg;
  const units = [...new Set(p.vialSizesG.map((v) => Math.round(v * 100)))].sort((a, b) => a - b);
  const smallest = units[0] as number;
  // Rounded to 1e-6 of a 0.01-g unit so that binary noise (0.4 × 68.75) cannot break a tie.
  const target = Math.round(calculatedG * 1e8) / 1e6;
  // Any multiple of the smallest vial can be made, so the nearest total is within one smallest vial.
  const maxUnits = Math.max(smallest, Math.ceil(target / smallest) * smallest);
  const { counts, last } = vialTable(units, maxUnits);
  let best = -1;
  for (let t = smallest; t <= maxUnits; t++) {
    if ((counts[t] as number) < 0) continue;
    // Ties go up: a later t at the same distance replaces the earlier one.
    if (best < 0 || Math.abs(t - target) <= Math.abs(best - target) + 1e-9) best = t;
  }
  const byVial = new Map<number, number>();
  for (let t = best; t > 0; t -= last[t] as number) {
    const u = last[t] as number;
    byVial.set(u, (byVial.get(u) ?? 0) + 1);
  }
  const vials = [...byVial.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([u, count]) => ({ sizeG: u / 100, count }));
  const doseG = best / 100;
  const deviationPercent = roundTo(((doseG - calculatedG) / calculatedG) * 100, 1);
  const vialText = vials.map((v) => `${v.count} × ${v.sizeG} g`).join(' + ');
  let reason = `${p.doseGPerKg} g/kg × ${weight} kg = ${roundTo(calculatedG, 2)} g → ${doseG} g (${vialText}; nearest total the stocked vials ${p.vialSizesG.join('/')} g can make)`;
  if (Math.abs(deviationPercent) > 10) {
    reason += `: ${deviationPercent > 0 ? '+' : ''}${deviationPercent}% from the calculated dose, check with pharmacy`;
  }
  return { calculatedG: roundTo(calculatedG, 4), doseG, vials, deviationPercent, reason };
}

function checkInfection(e: InfectionEvent, i: number, nowMs: number) {
  const f = `infections[${i}]`;
  const at = checkInstant(e.at, `${f}.at`, nowMs);
  const severity = checkNumber(e.severity, `${f}.severity`, { min: 1, max: 5, integer: true });
  const serious = checkOptionalBoolean(e.serious, `${f}.serious`);
  const hospitalised = checkOptionalBoolean(e.hospitalised, `${f}.hospitalised`);
  const bacterial = checkOptionalBoolean(e.bacterial, `${f}.bacterial`);
  return { at, severity, serious, hospitalised, bacterial };
}

/** IVIG recommendation from the latest IgG and the infection log, with the reasons. */
export function ivigRecommendation(input: IvigInput): IvigRecommendation {
  const p = resolveIvigProtocol(input.protocol);
  const nowMs = toEpochMs(input.now, 'now');
  const weightKg = checkNumber(input.weightKg, 'weightKg', { min: 0.5, max: 350 });
  const infections = checkArray<InfectionEvent>(input.infections, 'infections').map((e, i) =>
    checkInfection(e, i, nowMs),
  );
  const windowStart = nowMs - p.infectionWindowDays * DAY_MS;
  const recent = infections.filter((e) => e.at >= windowStart);
  const serious = recent.filter(
    (e) => e.severity >= p.seriousFromCtcaeGrade || e.serious === true || e.hospitalised === true,
  );
  const bacterial = recent.filter((e) => e.bacterial === true);
  const recurrent = recent.length >= p.recurrentInfectionCount;
  const reasons: string[] = [];
  const base = {
    intervalWeeks: p.intervalWeeks,
    seriousInfections: serious.length,
    infectionsInWindow: recent.length,
    recurrent,
    source: IVIG_SOURCE,
  };

  let igg: { at: number; mgPerDl: number } | null = null;
  if (input.latestIgG !== null && input.latestIgG !== undefined) {
    igg = {
      at: checkInstant(input.latestIgG.at, 'latestIgG.at', nowMs),
      mgPerDl: checkNumber(input.latestIgG.mgPerDl, 'latestIgG.mgPerDl', { min: 0, max: IGG_MAX }),
    };
  }
  if (igg === null) {
    reasons.push('no IgG result: measure IgG before deciding on IVIG');
    return { status: 'no_recent_igg', doseG: null, dose: null, ...base, reasons };
  }
  const ageDays = (nowMs - igg.at) / DAY_MS;
  if (ageDays > p.iggStaleAfterDays) {
    reasons.push(
      `last IgG ${igg.mgPerDl} mg/dL is ${Math.floor(ageDays)} days old (older than ${p.iggStaleAfterDays} days): measure IgG before deciding on IVIG`,
    );
    return { status: 'no_recent_igg', doseG: null, dose: null, ...base, reasons };
  }

  const windowText = `in the last ${p.infectionWindowDays} days`;
  const infectionText = [
    `${recent.length} infection(s) ${windowText}`,
    `${serious.length} serious (CTCAE ≥ ${p.seriousFromCtcaeGrade} or hospitalised)`,
    ...(bacterial.length > 0 ? [`${bacterial.length} bacterial`] : []),
  ].join(', ');

  if (igg.mgPerDl < p.igGIndicatedBelowMgDl) {
    const dose = ivigDose(weightKg, p);
    reasons.push(`IgG ${igg.mgPerDl} mg/dL < ${p.igGIndicatedBelowMgDl} mg/dL → IVIG indicated`);
    if (recent.length > 0) reasons.push(`${infectionText}: supports replacement`);
    reasons.push(`dose ${dose.reason}, every ${p.intervalWeeks} weeks, trough IgG before each dose`);
    return { status: 'indicated', doseG: dose.doseG, dose, ...base, reasons };
  }
  if (igg.mgPerDl <= p.clinicianDecisionUpToMgDl) {
    const band = `IgG ${igg.mgPerDl} mg/dL is in ${p.igGIndicatedBelowMgDl}–${p.clinicianDecisionUpToMgDl} mg/dL`;
    const qualifies =
      p.clinicianDecisionNeeds === 'serious_or_recurrent'
        ? serious.length > 0 || recurrent
        : serious.length > 0 && recurrent;
    const needText =
      p.clinicianDecisionNeeds === 'serious_or_recurrent' ? 'serious or recurrent' : 'serious recurrent';
    if (qualifies) {
      const dose = ivigDose(weightKg, p);
      const why = [
        ...(serious.length > 0 ? ['serious'] : []),
        ...(recurrent ? [`recurrent (≥ ${p.recurrentInfectionCount} ${windowText})`] : []),
      ].join(' and ');
      reasons.push(`${band} with ${why} infections → clinician decision on IVIG`);
      reasons.push(infectionText);
      reasons.push(`if given: dose ${dose.reason}`);
      return { status: 'clinician_decision', doseG: dose.doseG, dose, ...base, reasons };
    }
    reasons.push(`${band} without ${needText} infections (${infectionText}) → IVIG not indicated`);
    return { status: 'not_indicated', doseG: null, dose: null, ...base, reasons };
  }
  reasons.push(`IgG ${igg.mgPerDl} mg/dL > ${p.clinicianDecisionUpToMgDl} mg/dL → IVIG not indicated`);
  return { status: 'not_indicated', doseG: null, dose: null, ...base, reasons };
}

export interface IvigPlanWarning {
  code: 'igg_does_not_indicate_ivig' | 'no_recent_igg';
  message: string;
}

/**
 * A warning when IVIG is planned although the rule does not indicate it. Planning is the
 * clinician's decision and is never refused: the warning is shown and recorded with the plan.
 * Source: shared/clinical-reference.md (IVIG when IgG < 400 mg/dL; 400–600 mg/dL with serious or
 * recurrent infections is a clinician's call): an IgG ≥ 400 mg/dL without serious or recurrent
 * infections does not indicate IVIG (status `not_indicated`); without a recent IgG the rule cannot
 * say (status `no_recent_igg`, CellWatch: the reference asks for a trough IgG before each dose).
 * `indicated` and `clinician_decision` plan without a warning.
 */
export function ivigPlanWarning(recommendation: IvigRecommendation): IvigPlanWarning | null {
  const why = recommendation.reasons[0] ?? '';
  if (recommendation.status === 'not_indicated') {
    return { code: 'igg_does_not_indicate_ivig', message: `IVIG planned although not indicated: ${why}` };
  }
  if (recommendation.status === 'no_recent_igg') {
    return { code: 'no_recent_igg', message: `IVIG planned without a recent IgG: ${why}` };
  }
  return null;
}
