/**
 * Disease autoantibody course and drug-free remission.
 *
 * Source: shared/clinical-reference.md, "Who is treated, with what" (the key autoantibody per
 * disease: anti-dsDNA, anti-Mi2/anti-Jo-1, anti-Scl-70, anti-MuSK, anti-Dsg3) and the issue's
 * follow-up of titres, seroconversion to negative, immunosuppressant stops and drug-free remission.
 * The autoimmune CAR-T series report seroconversion and drug-free remission this way (Mackensen A
 * et al., Nat Med 2022;28:2124–2132; Müller F et al., N Engl J Med 2024;390:687–700).
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Long-term follow-up"):
 * - Negative = value below the assay cut-off: the cut-off on the measurement, else the one given per
 *   antibody; without a cut-off, the measurement's `negative` flag (the lab's reading). A value
 *   exactly at the cut-off is positive (not below). A flag that disagrees with the cut-off is named.
 * - Seroconversion = the first negative result with no later positive, after at least one positive.
 *   All negative from the first result: 'negative_throughout' (no seroconversion to report).
 * - Drug-free remission: the latest remission assessment says remission and no immunosuppressant is
 *   active. Since = the later of the last immunosuppressant stop and the first assessment of the
 *   current unbroken run of remission assessments. Which drugs count as immunosuppressants
 *   (glucocorticoids included) is the caller's list.
 */
import { InvalidFindingsError } from './errors.ts';
import {
  checkArray,
  checkBoolean,
  checkImmunosuppressants,
  checkInstant,
  checkNumber,
  checkOptionalBoolean,
  checkOptionalNumber,
  checkText,
  utcDate,
} from './follow-up-input.ts';
import type { DayNumbering, Instant } from './time.ts';
import { dayNumberer, toEpochMs } from './time.ts';
import { roundTo } from './units.ts';

export const AUTOANTIBODY_SOURCE =
  'shared/clinical-reference.md (key autoantibody per disease); Mackensen 2022 Nat Med; Müller 2024 NEJM';

export interface AutoantibodyMeasurement {
  id?: string;
  at: Instant;
  /** e.g. 'anti-dsDNA'. */
  antibody: string;
  value?: number | null;
  unit?: string;
  /** Assay cut-off for this result: below it is negative. */
  cutoff?: number | null;
  /** The lab's reading, used when no cut-off is known. */
  negative?: boolean | null;
}

export interface AutoantibodyOptions {
  /** Cut-off per antibody name, used when a measurement has none (autoantibody-cutoffs.ts resolves one). */
  cutoffs?: Record<string, number>;
  /** Where each antibody's cut-off comes from (or why there is none), named in its reasons. */
  cutoffBasis?: Record<string, string>;
  infusionAt?: Instant;
  dayNumbering?: DayNumbering;
}

export type SerologyStatus = 'positive' | 'seroconverted' | 'negative_throughout' | 'no_data';

export interface AutoantibodyPoint {
  id: string | null;
  at: number;
  day: number | null;
  value: number | null;
  /** null: neither a cut-off nor a negative flag: not classified. */
  negative: boolean | null;
  classifiedBy: 'cutoff' | 'flag' | null;
}

export interface AutoantibodyCourse {
  antibody: string;
  status: SerologyStatus;
  seroconvertedAt: number | null;
  seroconvertedDay: number | null;
  points: AutoantibodyPoint[];
  /** First and latest value, when both have a value. */
  change: { from: number; to: number; percent: number } | null;
  reasons: string[];
  source: string;
}

/** The course of each autoantibody: titres over time and seroconversion to negative. */
export function autoantibodyCourse(
  measurements: readonly AutoantibodyMeasurement[],
  options: AutoantibodyOptions = {},
): AutoantibodyCourse[] {
  const infusionMs = options.infusionAt === undefined ? null : toEpochMs(options.infusionAt, 'infusionAt');
  const dayOf = infusionMs === null ? null : dayNumberer(infusionMs, options.dayNumbering);
  const cutoffs = options.cutoffs ?? {};
  for (const [name, c] of Object.entries(cutoffs)) checkNumber(c, `cutoffs.${name}`, { min: 0 });
  const byAntibody = new Map<string, (AutoantibodyPoint & { conflict: boolean })[]>();
  checkArray<AutoantibodyMeasurement>(measurements, 'measurements').forEach((m, i) => {
    const f = `measurements[${i}]`;
    const antibody = checkText(m.antibody, `${f}.antibody`);
    const at = toEpochMs(m.at, `${f}.at`);
    const value = checkOptionalNumber(m.value, `${f}.value`, { min: 0 });
    const ownCutoff = checkOptionalNumber(m.cutoff, `${f}.cutoff`, { min: 0 });
    const flag = checkOptionalBoolean(m.negative, `${f}.negative`);
    const cutoff = ownCutoff ?? (Object.hasOwn(cutoffs, antibody) ? (cutoffs[antibody] as number) : null);
    let negative: boolean | null = null;
    let classifiedBy: AutoantibodyPoint['classifiedBy'] = null;
    if (value !== null && cutoff !== null) {
      negative = value < cutoff;
      classifiedBy = 'cutoff';
    } else if (flag !== undefined) {
      negative = flag;
      classifiedBy = 'flag';
    }
    if (value === null && flag === undefined) {
      throw new InvalidFindingsError(f, 'needs a value or a negative flag');
    }
    const conflict = classifiedBy === 'cutoff' && flag !== undefined && flag !== negative;
    const list = byAntibody.get(antibody) ?? [];
    list.push({
      id: m.id ?? null,
      at,
      day: dayOf ? dayOf(at) : null,
      value,
      negative,
      classifiedBy,
      conflict,
    });
    byAntibody.set(antibody, list);
  });

  return [...byAntibody.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([antibody, list]) => {
      list.sort((a, b) => a.at - b.at || (a.id ?? '').localeCompare(b.id ?? ''));
      const reasons: string[] = [];
      const basis = Object.hasOwn(options.cutoffBasis ?? {}, antibody)
        ? options.cutoffBasis?.[antibody]
        : undefined;
      if (Object.hasOwn(cutoffs, antibody)) {
        reasons.push(
          `${antibody}: negative below ${cutoffs[antibody]} where a result has no cut-off of its own${basis ? ` (${basis})` : ''}`,
        );
      } else if (basis) {
        reasons.push(basis);
      }
      const when = (p: AutoantibodyPoint) =>
        p.day === null ? utcDate(p.at) : `Day ${p.day} (${utcDate(p.at)})`;
      for (const p of list) {
        if (p.negative === null)
          reasons.push(`${antibody} on ${when(p)}: no cut-off and no negative flag, not classified`);
        if (p.conflict) {
          reasons.push(
            `${antibody} on ${when(p)}: the lab flag disagrees with the cut-off; the cut-off is used (${p.negative ? 'negative' : 'positive'})`,
          );
        }
      }
      const classified = list.filter((p) => p.negative !== null);
      let status: SerologyStatus;
      let seroconverted: AutoantibodyPoint | null = null;
      const lastPositive = classified.findLastIndex((p) => p.negative === false);
      if (classified.length === 0) {
        status = 'no_data';
        reasons.push(`${antibody}: no classifiable result`);
      } else if (lastPositive === -1) {
        status = 'negative_throughout';
        reasons.push(
          `${antibody} negative on every result (${classified.length}): no seroconversion to report`,
        );
      } else if (lastPositive === classified.length - 1) {
        status = 'positive';
        reasons.push(
          `${antibody} positive on the latest result, ${when(classified[lastPositive] as AutoantibodyPoint)}`,
        );
      } else {
        status = 'seroconverted';
        seroconverted = classified[lastPositive + 1] as AutoantibodyPoint;
        reasons.push(
          `${antibody} negative since ${when(seroconverted)} with no later positive: seroconverted to negative`,
        );
      }
      const valued = list.filter((p) => p.value !== null);
      const first = valued[0];
      const last = valued.at(-1);
      const change =
        first && last && first !== last && first.value !== null && last.value !== null && first.value > 0
          ? {
              from: first.value,
              to: last.value,
              percent: roundTo(((last.value - first.value) / first.value) * 100, 1),
            }
          : null;
      return {
        antibody,
        status,
        seroconvertedAt: seroconverted?.at ?? null,
        seroconvertedDay: seroconverted?.day ?? null,
        points: list.map(({ conflict: _c, ...p }) => p),
        change,
        reasons,
        source: AUTOANTIBODY_SOURCE,
      };
    });
}

export interface DrugFreeRemissionInput {
  immunosuppressantStops: readonly { drug: string; stoppedAt: Instant }[];
  /** Immunosuppressants running now (glucocorticoids included), by name. */
  activeImmunosuppressants: readonly string[];
  remissionAssessments: readonly { at: Instant; inRemission: boolean }[];
  now?: Instant;
}

export type RemissionStatus =
  | 'drug_free_remission'
  | 'remission_on_immunosuppressants'
  | 'not_in_remission'
  | 'no_assessment';

export interface DrugFreeRemission {
  status: RemissionStatus;
  /** Drug-free remission: since when; remission on drugs: start of the remission run; else null. */
  since: number | null;
  reasons: string[];
}

/** Drug-free remission: remission on the latest assessment with no immunosuppressant running. */
export function drugFreeRemission(input: DrugFreeRemissionInput): DrugFreeRemission {
  const nowMs = input.now === undefined ? undefined : toEpochMs(input.now, 'now');
  const { active, lastStop } = checkImmunosuppressants(input, nowMs);
  const assessments = checkArray<{ at: Instant; inRemission: boolean }>(
    input.remissionAssessments,
    'remissionAssessments',
  )
    .map((a, i) => ({
      at: checkInstant(a.at, `remissionAssessments[${i}].at`, nowMs),
      inRemission: checkBoolean(a.inRemission, `remissionAssessments[${i}].inRemission`),
    }))
    .sort((a, b) => a.at - b.at);
  for (let i = 1; i < assessments.length; i++) {
    const a = assessments[i - 1];
    const b = assessments[i];
    if (a && b && a.at === b.at && a.inRemission !== b.inRemission) {
      throw new InvalidFindingsError(
        `remissionAssessments`,
        `two contradicting assessments at ${new Date(a.at).toISOString()}`,
      );
    }
  }
  const reasons: string[] = [];
  const latest = assessments.at(-1);
  if (!latest) return { status: 'no_assessment', since: null, reasons: ['no remission assessment recorded'] };
  if (!latest.inRemission) {
    return {
      status: 'not_in_remission',
      since: null,
      reasons: [`not in remission on ${utcDate(latest.at)}`],
    };
  }
  let runStart = assessments.length - 1;
  while (runStart > 0 && assessments[runStart - 1]?.inRemission) runStart--;
  const runFrom = (assessments[runStart] as { at: number }).at;
  reasons.push(`in remission on every assessment since ${utcDate(runFrom)} (latest ${utcDate(latest.at)})`);
  if (active.length > 0) {
    reasons.push(`still on ${active.join(', ')}: remission is not drug-free`);
    return { status: 'remission_on_immunosuppressants', since: runFrom, reasons };
  }
  const since = lastStop ? Math.max(lastStop.at, runFrom) : runFrom;
  if (lastStop) {
    reasons.push(`last immunosuppressant stopped: ${lastStop.drug} on ${utcDate(lastStop.at)}`);
    if (lastStop.at > latest.at)
      reasons.push('no remission assessment since the last stop: confirm at the next visit');
  } else {
    reasons.push('no immunosuppressant recorded');
  }
  reasons.push(`drug-free remission since ${utcDate(since)}`);
  return { status: 'drug_free_remission', since, reasons };
}
