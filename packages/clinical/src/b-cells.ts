/**
 * B-cell aplasia from a CD19 series, with product-aware expectations.
 *
 * Sources (shared/clinical-reference.md, "B-cell aplasia, hypogammaglobulinemia, IVIG" and "Who is
 * treated, with what"):
 * - B-cell aplasia: CD19+ < 1% of lymphocytes; an absolute threshold (e.g. < 20/µL) is a protocol
 *   choice. Reconstitution: back above threshold on two consecutive measurements. Configurable.
 * - CD19 CAR-T: deep B-cell aplasia for months; B cells back after a mean of ~110 days in the
 *   autoimmune series (Mackensen A et al., Nat Med 2022;28:2124–2132; Müller F et al., N Engl J Med
 *   2024;390:687–700). CD19-BCMA CAR-T: aplasia too, plus plasma cells.
 * - CAAR-T (Dsg3, MuSK) kills only B cells with that receptor and CAR-Treg suppresses without
 *   killing: global aplasia is NOT expected, and a fall of total CD19 is worth a flag.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Long-term follow-up"):
 * - A measurement is "below" when every configured criterion that was measured is below its
 *   threshold (percent always configured; absolute only when the protocol sets one). A value exactly
 *   at the threshold (1.0 %) is not below: it counts towards reconstitution.
 * - A measurement with none of the configured criteria (e.g. only an absolute count and no absolute
 *   threshold) cannot be classified: it is listed and skipped, and does not break a run of two.
 * - Baseline = the last measurement at or before the infusion instant; the series after it starts
 *   strictly after the infusion.
 * - Aplasia begins at the first value below threshold after infusion (one value). It ends on the
 *   first of two consecutive values not below threshold (the reconstitution date); a single value
 *   above threshold followed by one below does not end it. A fall below threshold after
 *   reconstitution starts a new aplasia episode by the same rule (listed in `episodes`).
 * - Days in aplasia = whole 24-h periods from onset to reconstitution (or to `now`).
 * - "Not reached by Day 28": no aplasia began on Day ≤ 28 and the current Day is > 28 (or aplasia
 *   began later than Day 28). "Early reconstitution": the reconstitution date is before Day 60.
 * - Unexpected fall (CAAR-T, CAR-Treg): any value in aplasia, or a value more than 50 % below the
 *   baseline in the same measure (percent vs percent, absolute vs absolute). Lymphodepletion also
 *   lowers counts: the flag asks for review, it is not a diagnosis.
 */
import { InvalidFindingsError } from './errors.ts';
import { checkArray, checkInstant, checkNumber, checkOptionalNumber } from './follow-up-input.ts';
import { ANALYTES } from './labs.ts';
import type { CellProduct } from './products.ts';
import { PRODUCTS } from './products.ts';
import type { DayNumbering, Instant } from './time.ts';
import { DAY_MS, dayNumberer, toEpochMs } from './time.ts';
import { roundTo } from './units.ts';

export interface Cd19Measurement {
  id?: string;
  at: Instant;
  /** CD19+ cells, % of lymphocytes (LOINC 8117-4). */
  percentOfLymphocytes?: number | null;
  /** CD19+ cells per µL (LOINC 8116-6). */
  absolutePerUl?: number | null;
}

export interface BCellThresholds {
  /** Aplasia when CD19 is below this % of lymphocytes (reference: 1). */
  percentBelow: number;
  /** Protocol choice (e.g. 20/µL); undefined = not used. */
  absoluteBelowPerUl?: number;
}

export interface BCellOptions {
  thresholds?: Partial<BCellThresholds>;
  /** Products expecting aplasia: flag when it has not begun by this Day (default 28). */
  aplasiaExpectedByDay?: number;
  /** Products expecting aplasia: flag a reconstitution before this Day (default 60). */
  earlyReconstitutionBeforeDay?: number;
  /** Products not expecting aplasia: flag a fall of more than this fraction from baseline (0.5). */
  unexpectedFallFraction?: number;
  dayNumbering?: DayNumbering;
}

export interface BCellInput {
  product: CellProduct;
  infusionAt: Instant;
  measurements: readonly Cd19Measurement[];
  now: Instant;
}

export type BCellStatus = 'not_yet_depleted' | 'aplasia' | 'reconstituted' | 'no_data';
export type BCellFlag = 'aplasia_not_reached' | 'early_reconstitution' | 'unexpected_b_cell_fall';

export interface Cd19Point {
  id: string | null;
  at: number;
  day: number;
  percentOfLymphocytes: number | null;
  absolutePerUl: number | null;
  /** true below threshold, false not below, null cannot be classified. */
  below: boolean | null;
}

export interface AplasiaEpisode {
  beganAt: number;
  beganDay: number;
  /** The first of the two consecutive values above threshold; null while ongoing. */
  reconstitutedAt: number | null;
  reconstitutedDay: number | null;
  days: number;
}

export interface BCellAssessment {
  status: BCellStatus;
  /** Onset of the current (latest) aplasia episode. */
  aplasiaBeganAt: number | null;
  aplasiaBeganDay: number | null;
  /** Days in the latest episode, to reconstitution or to now. */
  daysInAplasia: number | null;
  reconstitutedAt: number | null;
  reconstitutedDay: number | null;
  /** One value above threshold inside aplasia, awaiting a second: not yet reconstitution. */
  pendingReconstitution: { at: number; day: number } | null;
  episodes: AplasiaEpisode[];
  expectsBCellAplasia: boolean | null;
  flags: BCellFlag[];
  baseline: Cd19Point | null;
  points: Cd19Point[];
  thresholds: BCellThresholds;
  reasons: string[];
  sources: string[];
}

export const B_CELL_SOURCES = [
  'shared/clinical-reference.md: B-cell aplasia = CD19+ < 1% of lymphocytes; reconstitution = above threshold on two consecutive measurements',
  'Mackensen A et al., Nat Med 2022;28:2124–2132 (CD19 CAR-T in SLE: B cells back after a mean of ~110 days)',
  'Müller F et al., N Engl J Med 2024;390:687–700 (CD19 CAR-T in autoimmune disease, 15 patients)',
];

export const DEFAULT_B_CELL_THRESHOLDS: BCellThresholds = { percentBelow: 1 };
export const DEFAULT_APLASIA_EXPECTED_BY_DAY = 28;
export const DEFAULT_EARLY_RECONSTITUTION_BEFORE_DAY = 60;
export const DEFAULT_UNEXPECTED_FALL_FRACTION = 0.5;

const CD19_ABSOLUTE_MAX = ANALYTES.cd19_absolute.limits.max;

function describeValue(p: Cd19Point): string {
  const parts: string[] = [];
  if (p.percentOfLymphocytes !== null) parts.push(`${p.percentOfLymphocytes}% of lymphocytes`);
  if (p.absolutePerUl !== null) parts.push(`${p.absolutePerUl}/µL`);
  return `CD19 ${parts.join(', ')} on Day ${p.day}`;
}

function checkThresholds(t: Partial<BCellThresholds> | undefined): BCellThresholds {
  const percentBelow = checkNumber(
    t?.percentBelow ?? DEFAULT_B_CELL_THRESHOLDS.percentBelow,
    'thresholds.percentBelow',
    {
      min: 0,
      minExclusive: true,
      max: 100,
    },
  );
  const out: BCellThresholds = { percentBelow };
  if (t?.absoluteBelowPerUl !== undefined) {
    out.absoluteBelowPerUl = checkNumber(t.absoluteBelowPerUl, 'thresholds.absoluteBelowPerUl', {
      min: 0,
      minExclusive: true,
      max: CD19_ABSOLUTE_MAX,
    });
  }
  return out;
}

/** Whether one measurement is below the aplasia threshold (null: no configured criterion measured). */
export function cd19Below(
  m: { percentOfLymphocytes: number | null; absolutePerUl: number | null },
  thresholds: BCellThresholds,
): boolean | null {
  const verdicts: boolean[] = [];
  if (m.percentOfLymphocytes !== null) verdicts.push(m.percentOfLymphocytes < thresholds.percentBelow);
  if (thresholds.absoluteBelowPerUl !== undefined && m.absolutePerUl !== null) {
    verdicts.push(m.absolutePerUl < thresholds.absoluteBelowPerUl);
  }
  if (verdicts.length === 0) return null;
  return verdicts.every(Boolean);
}

/** B-cell aplasia status, episodes and product-aware flags from a CD19 series. */
export function assessBCellAplasia(input: BCellInput, options: BCellOptions = {}): BCellAssessment {
  const product = input.product;
  if (!Object.hasOwn(PRODUCTS, product)) {
    throw new InvalidFindingsError('product', `unknown cell product ${JSON.stringify(product)}`);
  }
  const infusionMs = toEpochMs(input.infusionAt, 'infusionAt');
  const nowMs = toEpochMs(input.now, 'now');
  const thresholds = checkThresholds(options.thresholds);
  const expectedByDay = checkNumber(
    options.aplasiaExpectedByDay ?? DEFAULT_APLASIA_EXPECTED_BY_DAY,
    'aplasiaExpectedByDay',
    { min: 0, integer: true },
  );
  const earlyBeforeDay = checkNumber(
    options.earlyReconstitutionBeforeDay ?? DEFAULT_EARLY_RECONSTITUTION_BEFORE_DAY,
    'earlyReconstitutionBeforeDay',
    { min: 0, integer: true },
  );
  const fallFraction = checkNumber(
    options.unexpectedFallFraction ?? DEFAULT_UNEXPECTED_FALL_FRACTION,
    'unexpectedFallFraction',
    { min: 0, minExclusive: true, max: 1 },
  );
  const dayOf = dayNumberer(infusionMs, options.dayNumbering);

  const all: Cd19Point[] = checkArray<Cd19Measurement>(input.measurements, 'measurements').map((m, i) => {
    const f = `measurements[${i}]`;
    const at = checkInstant(m.at, `${f}.at`, nowMs);
    const percent = checkOptionalNumber(m.percentOfLymphocytes, `${f}.percentOfLymphocytes`, {
      min: 0,
      max: 100,
    });
    const absolute = checkOptionalNumber(m.absolutePerUl, `${f}.absolutePerUl`, {
      min: 0,
      max: CD19_ABSOLUTE_MAX,
    });
    const values = { percentOfLymphocytes: percent, absolutePerUl: absolute };
    return { id: m.id ?? null, at, day: dayOf(at), ...values, below: cd19Below(values, thresholds) };
  });
  all.sort((a, b) => a.at - b.at || (a.id ?? '').localeCompare(b.id ?? ''));

  const pre = all.filter((p) => p.at <= infusionMs);
  const points = all.filter((p) => p.at > infusionMs);
  const baseline = pre.at(-1) ?? null;
  const expects = PRODUCTS[product].expectsBCellAplasia;
  const thresholdText =
    `< ${thresholds.percentBelow}% of lymphocytes` +
    (thresholds.absoluteBelowPerUl === undefined ? '' : ` and < ${thresholds.absoluteBelowPerUl}/µL`);
  const reasons: string[] = [`B-cell aplasia threshold: CD19 ${thresholdText} (reference; configurable)`];

  for (const p of points) {
    if (p.below === null) {
      reasons.push(
        `CD19 on Day ${p.day} has no value for the configured threshold (${thresholdText}): not classified`,
      );
    }
  }

  // Walk the classified values after infusion: aplasia starts on one value below, ends on the first
  // of two consecutive values not below.
  const episodes: AplasiaEpisode[] = [];
  let open: { beganAt: number; beganDay: number } | null = null;
  let candidate: Cd19Point | null = null;
  for (const p of points) {
    if (p.below === null) continue;
    if (open === null) {
      if (p.below) {
        open = { beganAt: p.at, beganDay: p.day };
        reasons.push(`${describeValue(p)} is below threshold: B-cell aplasia from Day ${p.day}`);
      }
      continue;
    }
    if (p.below) {
      if (candidate) {
        reasons.push(
          `${describeValue(candidate)} was above threshold, but ${describeValue(p)} is below again: a single value above threshold does not end aplasia`,
        );
        candidate = null;
      }
      continue;
    }
    if (candidate === null) {
      candidate = p;
      continue;
    }
    const days = Math.floor((candidate.at - open.beganAt) / DAY_MS);
    episodes.push({ ...open, reconstitutedAt: candidate.at, reconstitutedDay: candidate.day, days });
    reasons.push(
      `${describeValue(candidate)} and ${describeValue(p)}: above threshold on two consecutive measurements → B cells reconstituted on Day ${candidate.day} (${days} days in aplasia)`,
    );
    open = null;
    candidate = null;
  }
  let pendingReconstitution: { at: number; day: number } | null = null;
  if (open) {
    const days = Math.floor((nowMs - open.beganAt) / DAY_MS);
    episodes.push({ ...open, reconstitutedAt: null, reconstitutedDay: null, days });
    if (candidate) {
      pendingReconstitution = { at: candidate.at, day: candidate.day };
      reasons.push(
        `${describeValue(candidate)} is above threshold: one value only; a second consecutive value above threshold is needed to call reconstitution`,
      );
    }
  }

  const classified = points.filter((p) => p.below !== null);
  const latest = episodes.at(-1) ?? null;
  let status: BCellStatus;
  if (classified.length === 0) {
    status = 'no_data';
    reasons.push('no classifiable CD19 result after infusion');
  } else if (latest === null) {
    status = 'not_yet_depleted';
    reasons.push(`CD19 not below threshold on any of ${classified.length} result(s) after infusion`);
  } else if (latest.reconstitutedAt === null) {
    status = 'aplasia';
    reasons.push(`in B-cell aplasia since Day ${latest.beganDay}: ${latest.days} days so far`);
  } else {
    status = 'reconstituted';
  }

  const flags: BCellFlag[] = [];
  const nowDay = dayOf(nowMs);
  const first = episodes[0] ?? null;
  const productName = PRODUCTS[product].name;
  if (expects === true) {
    reasons.push(
      `${productName}: B-cell aplasia expected for months (mean ~110 days to B-cell return, Mackensen 2022; Müller 2024)`,
    );
    if (first && first.beganDay > expectedByDay) {
      flags.push('aplasia_not_reached');
      reasons.push(`aplasia reached only on Day ${first.beganDay}, expected by Day ${expectedByDay}`);
    } else if (!first && nowDay > expectedByDay) {
      flags.push('aplasia_not_reached');
      reasons.push(
        classified.length === 0
          ? `no CD19 result after infusion and Day ${expectedByDay} has passed: aplasia not confirmed`
          : `B-cell aplasia not reached by Day ${expectedByDay} (now Day ${nowDay})`,
      );
    }
    const early = episodes.find((e) => e.reconstitutedDay !== null && e.reconstitutedDay < earlyBeforeDay);
    if (early) {
      flags.push('early_reconstitution');
      reasons.push(
        `B cells reconstituted on Day ${early.reconstitutedDay}, before Day ${earlyBeforeDay}: earlier than expected`,
      );
    }
  } else if (expects === false) {
    reasons.push(`${productName}: global B-cell aplasia is not expected; a fall of total CD19 is flagged`);
    const fallReasons: string[] = [];
    const inAplasia = classified.find((p) => p.below === true);
    if (inAplasia) fallReasons.push(`${describeValue(inAplasia)} is below the aplasia threshold`);
    if (baseline) {
      const limit = 1 - fallFraction;
      const fallen = points.find(
        (p) =>
          (baseline.percentOfLymphocytes !== null &&
            p.percentOfLymphocytes !== null &&
            p.percentOfLymphocytes < baseline.percentOfLymphocytes * limit) ||
          (baseline.absolutePerUl !== null &&
            p.absolutePerUl !== null &&
            p.absolutePerUl < baseline.absolutePerUl * limit),
      );
      if (fallen) {
        fallReasons.push(
          `${describeValue(fallen)} is more than ${roundTo(fallFraction * 100, 1)}% below the baseline (${describeValue(baseline)})`,
        );
      }
    } else {
      reasons.push('no CD19 baseline before infusion: a fall from baseline cannot be assessed');
    }
    if (fallReasons.length > 0) {
      flags.push('unexpected_b_cell_fall');
      reasons.push(
        ...fallReasons.map(
          (r) => `unexpected B-cell fall: ${r} (review; lymphodepletion also lowers counts)`,
        ),
      );
    }
  } else {
    reasons.push(`${productName}: no B-cell expectation defined for this product; no expectation flags`);
  }

  return {
    status,
    aplasiaBeganAt: latest?.beganAt ?? null,
    aplasiaBeganDay: latest?.beganDay ?? null,
    daysInAplasia: latest?.days ?? null,
    reconstitutedAt: latest?.reconstitutedAt ?? null,
    reconstitutedDay: latest?.reconstitutedDay ?? null,
    pendingReconstitution,
    episodes,
    expectsBCellAplasia: expects,
    flags,
    baseline,
    points,
    thresholds,
    reasons,
    sources: [...B_CELL_SOURCES],
  };
}
