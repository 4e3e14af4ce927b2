/**
 * IEC-HS, immune effector cell-associated HLH-like syndrome: a WATCH SIGNAL, never a grade.
 *
 * Source: Hines MR et al., Transplant Cell Ther 2023, as transcribed in shared/clinical-reference.md
 * ("Related syndromes"): HLH-like, ferritin rising steeply (> 2× upper limit or baseline) as CRS
 * resolves or after initial improvement, with cytopenias, transaminases > 5× ULN, fibrinogen
 * < 150 mg/dL or high LDH. The exact grading is UNCONFIRMED, so CellWatch only says "suspected".
 *
 * CELLWATCH INTERPRETATIONS (README.md, "IEC-HS watch signal"; confirm against the paper):
 * - Suspected = the ferritin criterion AND the timing criterion AND at least one associated
 *   finding (cytopenia, transaminases, fibrinogen, LDH).
 * - Timing: from the first moment a CRS episode improved (its grade fell below the episode's
 *   maximum, or it became sign-free). Only labs collected from then on count, each analyte by its
 *   latest valid value, so a later better value clears the criterion and a worse one never does.
 * - Ferritin: the latest ferritin above 2 × the higher of the upper limit and the baseline (the
 *   last ferritin at or before the infusion), so a patient already inflamed at infusion needs a
 *   rise from their own level.
 * - Cytopenia: CTCAE v5 grade ≥ 3 of one line, ANC < 1,000/µL, platelets < 50 × 10³/µL or
 *   hemoglobin < 8.0 g/dL. "High LDH" = above its upper limit.
 * - Upper limits are the laboratory's: the defaults below (ferritin 400 ng/mL, ALT and AST 40 U/L,
 *   LDH 250 U/L) are common adult limits and a centre sets its own.
 */
import type { AlertCandidate } from './alerts.ts';
import type { CoursePoint, Episode } from './course/types.ts';
import { InvalidFindingsError } from './errors.ts';
import { RULE_VERSION } from './version.ts';

export const IEC_HS_SOURCE =
  'Hines MR et al., IEC-HS, Transplant Cell Ther 2023 (as in shared/clinical-reference.md)';
export const IEC_HS_LABEL = 'watch signal, grading unconfirmed' as const;

export type IecHsAnalyte =
  | 'ferritin'
  | 'fibrinogen'
  | 'ldh'
  | 'alt'
  | 'ast'
  | 'anc'
  | 'platelets'
  | 'hemoglobin';
export const IEC_HS_ANALYTES: readonly IecHsAnalyte[] = [
  'ferritin',
  'fibrinogen',
  'ldh',
  'alt',
  'ast',
  'anc',
  'platelets',
  'hemoglobin',
];

/** One valid charted result in the unit labs.ts stores it in. */
export interface IecHsLab {
  id: string;
  at: number;
  analyte: IecHsAnalyte;
  value: number;
}

/** When a CRS episode first improved. */
export interface CrsImprovement {
  episode: number;
  at: number;
  /** 'grade fell': below the episode's maximum; 'sign-free': resolving or resolved. */
  how: 'grade fell' | 'sign-free';
}

export interface IecHsOptions {
  ferritinUpperLimitNgPerMl?: number;
  altUpperLimitUPerL?: number;
  astUpperLimitUPerL?: number;
  ldhUpperLimitUPerL?: number;
}

export const IEC_HS_DEFAULTS: Required<IecHsOptions> = {
  ferritinUpperLimitNgPerMl: 400,
  altUpperLimitUPerL: 40,
  astUpperLimitUPerL: 40,
  ldhUpperLimitUPerL: 250,
};

/** Grade-3 cytopenia thresholds (CTCAE v5), in labs.ts units. */
export const IEC_HS_CYTOPENIA = { ancPerUl: 1000, plateletsThousands: 50, hemoglobinGPerDl: 8 } as const;
export const IEC_HS_FIBRINOGEN_BELOW_MG_PER_DL = 150;
export const IEC_HS_TRANSAMINASE_TIMES_ULN = 5;
export const IEC_HS_FERRITIN_TIMES_REFERENCE = 2;

export type IecHsCriterion = 'ferritin' | 'timing' | 'cytopenia' | 'transaminases' | 'fibrinogen' | 'ldh';

export interface IecHsCriterionResult {
  criterion: IecHsCriterion;
  met: boolean;
  basis: string;
  factIds: string[];
}

export interface IecHsSignal {
  suspected: boolean;
  label: typeof IEC_HS_LABEL;
  /** The moment CRS first improved (labs from then on count), or null. */
  since: number | null;
  criteria: IecHsCriterionResult[];
  /** One line per criterion, then the source. */
  basis: string[];
  /** The facts behind the met criteria. */
  factIds: string[];
  /** When suspected: collection time of the latest fact behind it (all criteria held from then). */
  metAt: number | null;
  source: string;
  ruleVersion: string;
}

export interface IecHsInput {
  infusionAt: number;
  labs: readonly IecHsLab[];
  crsImprovements: readonly CrsImprovement[];
  options?: IecHsOptions;
}

/** When each CRS episode first improved, from the course's points and episodes. */
export function crsImprovements(
  points: readonly { at: number; crs: Pick<CoursePoint['crs'], 'grade' | 'episode'> }[],
  episodes: readonly Episode[],
): CrsImprovement[] {
  return episodes.flatMap((e): CrsImprovement[] => {
    const fell = points.find(
      (p) => p.at > e.maxGradeAt && p.crs.episode === e.index && p.crs.grade < e.maxGrade,
    );
    const signFree = e.resolvedAt;
    if (fell && (signFree === null || fell.at <= signFree))
      return [{ episode: e.index, at: fell.at, how: 'grade fell' }];
    return signFree === null ? [] : [{ episode: e.index, at: signFree, how: 'sign-free' }];
  });
}

const positive = (value: number | undefined, fallback: number, field: string): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new InvalidFindingsError(`options.${field}`, 'must be a positive number');
  return value;
};

function checkLabs(labs: readonly IecHsLab[]): IecHsLab[] {
  if (!Array.isArray(labs)) throw new InvalidFindingsError('labs', 'must be an array');
  return labs.map((l, i) => {
    if (!IEC_HS_ANALYTES.includes(l.analyte))
      throw new InvalidFindingsError(`labs[${i}].analyte`, `must be one of ${IEC_HS_ANALYTES.join(', ')}`);
    if (!Number.isFinite(l.at)) throw new InvalidFindingsError(`labs[${i}].at`, 'must be an instant (ms)');
    if (!Number.isFinite(l.value) || l.value < 0)
      throw new InvalidFindingsError(`labs[${i}].value`, 'must be a number ≥ 0');
    return l;
  });
}

/** The latest result of an analyte within [from, ∞), ties to the later charted. */
function latest(labs: readonly IecHsLab[], analyte: IecHsAnalyte, from: number): IecHsLab | null {
  let found: IecHsLab | null = null;
  for (const l of labs) if (l.analyte === analyte && l.at >= from && (!found || l.at >= found.at)) found = l;
  return found;
}

const criterion = (c: IecHsCriterion, met: boolean, basis: string, labs: (IecHsLab | null)[]) => ({
  criterion: c,
  met,
  basis,
  factIds: met ? labs.flatMap((l) => (l ? [l.id] : [])) : [],
});

/** The IEC-HS watch signal now, over the charted labs and the CRS course (Hines 2023). */
export function iecHsSignal(input: IecHsInput): IecHsSignal {
  const o = input.options ?? {};
  const uln = {
    ferritin: positive(
      o.ferritinUpperLimitNgPerMl,
      IEC_HS_DEFAULTS.ferritinUpperLimitNgPerMl,
      'ferritinUpperLimitNgPerMl',
    ),
    alt: positive(o.altUpperLimitUPerL, IEC_HS_DEFAULTS.altUpperLimitUPerL, 'altUpperLimitUPerL'),
    ast: positive(o.astUpperLimitUPerL, IEC_HS_DEFAULTS.astUpperLimitUPerL, 'astUpperLimitUPerL'),
    ldh: positive(o.ldhUpperLimitUPerL, IEC_HS_DEFAULTS.ldhUpperLimitUPerL, 'ldhUpperLimitUPerL'),
  };
  const labs = checkLabs(input.labs);
  const first = [...input.crsImprovements].sort((a, b) => a.at - b.at)[0];
  const since = first?.at ?? null;
  const criteria: IecHsCriterionResult[] = [];

  criteria.push(
    criterion(
      'timing',
      first !== undefined,
      first
        ? `CRS episode ${first.episode} improved (${first.how}): labs from then on count`
        : 'no CRS episode has improved yet (IEC-HS follows resolving CRS or initial improvement)',
      [],
    ),
  );
  const from = since ?? Number.POSITIVE_INFINITY;

  const ferritin = latest(labs, 'ferritin', from);
  const baseline = labs
    .filter((l) => l.analyte === 'ferritin' && l.at <= input.infusionAt)
    .reduce<IecHsLab | null>((b, l) => (!b || l.at >= b.at ? l : b), null);
  const reference = Math.max(uln.ferritin, baseline?.value ?? 0);
  const referenceText =
    baseline && baseline.value > uln.ferritin
      ? `baseline ${baseline.value} ng/mL`
      : `upper limit ${uln.ferritin} ng/mL`;
  const ferritinLimit = IEC_HS_FERRITIN_TIMES_REFERENCE * reference;
  criteria.push(
    criterion(
      'ferritin',
      ferritin !== null && ferritin.value > ferritinLimit,
      ferritin
        ? `ferritin ${ferritin.value} ng/mL ${ferritin.value > ferritinLimit ? '>' : '≤'} 2 × ${referenceText} (${ferritinLimit} ng/mL)`
        : 'no ferritin since CRS improved',
      [ferritin, baseline && baseline.value > uln.ferritin ? baseline : null],
    ),
  );

  const anc = latest(labs, 'anc', from);
  const platelets = latest(labs, 'platelets', from);
  const hb = latest(labs, 'hemoglobin', from);
  const low = [
    anc && anc.value < IEC_HS_CYTOPENIA.ancPerUl ? `ANC ${anc.value}/µL < 1,000/µL` : null,
    platelets && platelets.value < IEC_HS_CYTOPENIA.plateletsThousands
      ? `platelets ${platelets.value} × 10³/µL < 50 × 10³/µL`
      : null,
    hb && hb.value < IEC_HS_CYTOPENIA.hemoglobinGPerDl ? `hemoglobin ${hb.value} g/dL < 8.0 g/dL` : null,
  ].filter((t): t is string => t !== null);
  criteria.push(
    criterion(
      'cytopenia',
      low.length > 0,
      low.length
        ? `cytopenia (CTCAE grade ≥ 3): ${low.join(', ')}`
        : anc || platelets || hb
          ? 'no grade ≥ 3 cytopenia (ANC ≥ 1,000/µL, platelets ≥ 50 × 10³/µL, hemoglobin ≥ 8.0 g/dL)'
          : 'no blood counts since CRS improved',
      [
        anc && anc.value < IEC_HS_CYTOPENIA.ancPerUl ? anc : null,
        platelets && platelets.value < IEC_HS_CYTOPENIA.plateletsThousands ? platelets : null,
        hb && hb.value < IEC_HS_CYTOPENIA.hemoglobinGPerDl ? hb : null,
      ],
    ),
  );

  const alt = latest(labs, 'alt', from);
  const ast = latest(labs, 'ast', from);
  const altHigh = alt !== null && alt.value > IEC_HS_TRANSAMINASE_TIMES_ULN * uln.alt;
  const astHigh = ast !== null && ast.value > IEC_HS_TRANSAMINASE_TIMES_ULN * uln.ast;
  const transaminaseText = [
    alt ? `ALT ${alt.value} U/L ${altHigh ? '>' : '≤'} 5 × ${uln.alt} U/L` : null,
    ast ? `AST ${ast.value} U/L ${astHigh ? '>' : '≤'} 5 × ${uln.ast} U/L` : null,
  ].filter((t): t is string => t !== null);
  criteria.push(
    criterion(
      'transaminases',
      altHigh || astHigh,
      transaminaseText.length ? transaminaseText.join(', ') : 'no ALT or AST since CRS improved',
      [altHigh ? alt : null, astHigh ? ast : null],
    ),
  );

  const fibrinogen = latest(labs, 'fibrinogen', from);
  const fibrinogenLow = fibrinogen !== null && fibrinogen.value < IEC_HS_FIBRINOGEN_BELOW_MG_PER_DL;
  criteria.push(
    criterion(
      'fibrinogen',
      fibrinogenLow,
      fibrinogen
        ? `fibrinogen ${fibrinogen.value} mg/dL ${fibrinogenLow ? '<' : '≥'} 150 mg/dL`
        : 'no fibrinogen since CRS improved',
      [fibrinogen],
    ),
  );

  const ldh = latest(labs, 'ldh', from);
  const ldhHigh = ldh !== null && ldh.value > uln.ldh;
  criteria.push(
    criterion(
      'ldh',
      ldhHigh,
      ldh
        ? `LDH ${ldh.value} U/L ${ldhHigh ? '>' : '≤'} upper limit ${uln.ldh} U/L`
        : 'no LDH since CRS improved',
      [ldh],
    ),
  );

  const met = (c: IecHsCriterion) => criteria.some((r) => r.criterion === c && r.met);
  const associated = met('cytopenia') || met('transaminases') || met('fibrinogen') || met('ldh');
  const suspected = met('timing') && met('ferritin') && associated;
  const verdict = suspected
    ? 'IEC-HS suspected (watch signal, grading unconfirmed): ferritin rising after CRS improved, with an associated finding'
    : 'IEC-HS not suspected: needs ferritin > 2 × reference after CRS improved and one associated finding';
  const factIds = suspected ? [...new Set(criteria.flatMap((c) => c.factIds))] : [];
  const behind = labs.filter((l) => factIds.includes(l.id) && l.at >= from);
  return {
    suspected,
    label: IEC_HS_LABEL,
    since,
    criteria,
    basis: [verdict, ...criteria.map((c) => `${c.met ? '✓' : '–'} ${c.basis}`), IEC_HS_SOURCE],
    factIds,
    metAt: behind.length ? Math.max(...behind.map((l) => l.at)) : null,
    source: IEC_HS_SOURCE,
    ruleVersion: RULE_VERSION,
  };
}

/**
 * The hematologist's alert for a suspected IEC-HS, or null: "IEC-HS suspected — watch signal"
 * with the criteria met, never a grade.
 */
export function iecHsAlert(signal: IecHsSignal): AlertCandidate | null {
  if (!signal.suspected) return null;
  const met = signal.criteria.filter((c) => c.met && c.criterion !== 'timing').map((c) => c.basis);
  return {
    rule: 'iec_hs_suspected',
    severity: 'high',
    message: `IEC-HS suspected — watch signal (grading unconfirmed): ${met.join('; ')}`,
    factIds: signal.factIds,
  };
}
