/**
 * The CAR-T toxicity fields of the CIBMTR Cellular Therapy Essential Data Follow-Up Form (Form
 * 4100), built from the charted course so a data manager copies them instead of re-reading the
 * chart: CRS (yes/no, onset date, maximum ASTCT grade, tocilizumab, corticosteroids), ICANS
 * likewise, whether an ICE or CARTOX-10 assessment was done, neutrophil recovery, infections and
 * a new malignancy. Every field carries its basis in words.
 *
 * Sources: CIBMTR Form 4100 (Cellular Therapy Essential Data Follow-Up) and its manual, which
 * grade CRS and ICANS by ASTCT consensus (Lee et al., Biol Blood Marrow Transplant
 * 2019;25:625–638) and take neutrophil recovery as the first of three consecutive measurements
 * (on different days) with ANC ≥ 500/µL after the nadir; ICE per Lee et al. 2019; CARTOX-10 per
 * Neelapu et al., Nat Rev Clin Oncol 2018;15:47–62.
 *
 * CELLWATCH INTERPRETATIONS (confirm with the centre's data manager):
 * - A tocilizumab or corticosteroid dose counts for CRS (or ICANS) when given from the first
 *   episode's onset to the last episode's resolution (or now, if one is still open); a dose inside
 *   both counts for both, as the form asks per syndrome.
 * - CellWatch charts ICE, not CARTOX-10: "assessment done" is yes when any ICE was scored.
 * - The maximum grade is the grade of record (signed where signed), the computed one beside it.
 */
import {
  type InfusionEpisodeInput,
  type InfusionWindow,
  infusionWindows,
  inInfusionWindow,
} from './infusion-episodes.ts';

export interface Form4100Input {
  /** Epoch ms of the infusion (Day 0), or null when not infused. */
  infusionAt: number | null;
  crsEpisodes: readonly { onsetAt: number; resolvedAt: number | null }[];
  icansEpisodes: readonly { onsetAt: number; resolvedAt: number | null }[];
  /** Grade of record and computed maximum per syndrome (grade-of-record). */
  maxGrade: { crs: { ofRecord: number; computed: number }; icans: { ofRecord: number; computed: number } };
  medications: readonly { at: number; drug: string; category: string }[];
  /** Neuro assessments charted, with their ICE score (null: not performed). */
  neuroAssessments: readonly { at: number; iceScore: number | null }[];
  anc: readonly { at: number; ancPerUl: number }[];
  infections: readonly { onsetAt: number; site: string; organism: string | null; ctcaeGrade: number }[];
  malignancies: readonly { diagnosedOn: string; type: string; site: string }[];
  now: number;
}

export interface Form4100Field<T> {
  value: T;
  basis: string;
}

export interface Form4100Fields {
  crs: Form4100Field<'yes' | 'no'>;
  crsOnsetDate: Form4100Field<string | null>;
  crsMaxGrade: Form4100Field<number | null>;
  crsTocilizumab: Form4100Field<'yes' | 'no' | null>;
  crsCorticosteroids: Form4100Field<'yes' | 'no' | null>;
  icans: Form4100Field<'yes' | 'no'>;
  icansOnsetDate: Form4100Field<string | null>;
  icansMaxGrade: Form4100Field<number | null>;
  icansTocilizumab: Form4100Field<'yes' | 'no' | null>;
  icansCorticosteroids: Form4100Field<'yes' | 'no' | null>;
  iceOrCartox10Done: Form4100Field<'yes' | 'no'>;
  neutrophilRecoveryDate: Form4100Field<string | null>;
  infections: Form4100Field<number>;
  newMalignancy: Form4100Field<'yes' | 'no'>;
}

export const FORM_4100_SOURCE =
  'CIBMTR Form 4100 (Cellular Therapy Essential Data Follow-Up); ASTCT 2019 grading';
const RECOVERY_THRESHOLD = 500;
const RECOVERY_RUN = 3;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function syndromeFields(
  name: 'CRS' | 'ICANS',
  episodes: Form4100Input['crsEpisodes'],
  grade: { ofRecord: number; computed: number },
  medications: Form4100Input['medications'],
  now: number,
) {
  const first = episodes[0];
  if (!first) {
    const none = `no ${name} episode charted`;
    return {
      present: { value: 'no' as const, basis: none },
      onset: { value: null, basis: none },
      max: { value: null, basis: none },
      tocilizumab: { value: null, basis: none },
      steroids: { value: null, basis: none },
    };
  }
  const open = episodes.some((e) => e.resolvedAt === null);
  const until = open ? now : Math.max(...episodes.map((e) => e.resolvedAt ?? now));
  const window = `${date(first.onsetAt)} to ${open ? 'now (an episode is ongoing)' : date(until)}`;
  const during = (m: { at: number }) => m.at >= first.onsetAt && m.at <= until;
  const given = (test: (m: { drug: string; category: string }) => boolean, what: string) => {
    const doses = medications.filter((m) => test(m) && during(m));
    return {
      value: doses.length ? ('yes' as const) : ('no' as const),
      basis: doses.length
        ? `${doses.length} ${what} dose(s) during ${name}, first ${date(doses[0]?.at ?? 0)} (window ${window})`
        : `no ${what} dose charted during ${name} (window ${window})`,
    };
  };
  return {
    present: {
      value: 'yes' as const,
      basis: `${episodes.length} ${name} episode(s) found by the ASTCT 2019 rules`,
    },
    onset: { value: date(first.onsetAt), basis: `onset of the first ${name} episode` },
    max: {
      value: grade.ofRecord,
      basis:
        grade.ofRecord === grade.computed
          ? `maximum ASTCT 2019 grade over all episodes (grade of record = computed)`
          : `maximum ASTCT 2019 grade of record (signed); computed maximum ${grade.computed}`,
    },
    tocilizumab: given((m) => m.drug === 'tocilizumab', 'tocilizumab'),
    steroids: given((m) => m.category === 'corticosteroid', 'corticosteroid'),
  };
}

/** Neutrophil recovery: the first of three consecutive ANC values ≥ 500/µL after the nadir < 500/µL. */
function neutrophilRecovery(
  anc: Form4100Input['anc'],
  infusionAt: number | null,
): Form4100Field<string | null> {
  const after = [...anc].filter((a) => infusionAt === null || a.at >= infusionAt).sort((a, b) => a.at - b.at);
  const firstLow = after.findIndex((a) => a.ancPerUl < RECOVERY_THRESHOLD);
  if (after.length === 0) return { value: null, basis: 'no ANC charted after infusion' };
  if (firstLow < 0)
    return { value: null, basis: 'ANC never below 500/µL after infusion: no recovery to report' };
  let run: typeof after = [];
  for (const a of after.slice(firstLow)) {
    if (a.ancPerUl < RECOVERY_THRESHOLD) run = [];
    else if (!run.some((r) => date(r.at) === date(a.at))) run.push(a);
    if (run.length === RECOVERY_RUN && run[0]) {
      return {
        value: date(run[0].at),
        basis: `first of 3 consecutive ANC ≥ 500/µL on different days (${run.map((r) => `${date(r.at)} ${r.ancPerUl}/µL`).join(', ')})`,
      };
    }
  }
  return { value: null, basis: 'not recovered: no 3 consecutive ANC ≥ 500/µL after the nadir yet' };
}

/** The Form 4100-oriented fields for one patient, each with its basis. */
export function cibmtrForm4100Fields(input: Form4100Input): Form4100Fields {
  const crs = syndromeFields('CRS', input.crsEpisodes, input.maxGrade.crs, input.medications, input.now);
  const icans = syndromeFields(
    'ICANS',
    input.icansEpisodes,
    input.maxGrade.icans,
    input.medications,
    input.now,
  );
  const ice = input.neuroAssessments.filter((n) => n.iceScore !== null);
  const infections = [...input.infections].sort((a, b) => a.onsetAt - b.onsetAt);
  return {
    crs: crs.present,
    crsOnsetDate: crs.onset,
    crsMaxGrade: crs.max,
    crsTocilizumab: crs.tocilizumab,
    crsCorticosteroids: crs.steroids,
    icans: icans.present,
    icansOnsetDate: icans.onset,
    icansMaxGrade: icans.max,
    icansTocilizumab: icans.tocilizumab,
    icansCorticosteroids: icans.steroids,
    iceOrCartox10Done: {
      value: ice.length ? 'yes' : 'no',
      basis: ice.length
        ? `${ice.length} ICE assessment(s) scored, first ${date(Math.min(...ice.map((n) => n.at)))} (CARTOX-10 is not charted in CellWatch)`
        : 'no ICE scored (CARTOX-10 is not charted in CellWatch)',
    },
    neutrophilRecoveryDate: neutrophilRecovery(input.anc, input.infusionAt),
    infections: {
      value: infections.length,
      basis: infections.length
        ? infections
            .map(
              (i) =>
                `${date(i.onsetAt)} ${i.site}${i.organism ? ` (${i.organism})` : ''}, CTCAE grade ${i.ctcaeGrade}`,
            )
            .join('; ')
        : 'no infection charted',
    },
    newMalignancy: {
      value: input.malignancies.length ? 'yes' : 'no',
      basis: input.malignancies.length
        ? input.malignancies.map((m) => `${m.diagnosedOn} ${m.type.replace(/_/g, ' ')}, ${m.site}`).join('; ')
        : 'no new malignancy charted',
    },
  };
}

/** The charted facts of every infusion of a patient, as Form4100Input holds them for one. */
export type Form4100Facts = Omit<Form4100Input, 'infusionAt' | 'maxGrade'>;

/**
 * The Form 4100 fields per infusion episode. CIBMTR collects the cellular therapy forms per
 * infusion (a later infusion, such as a re-treatment, has its own Form 4000 and its own follow-up
 * Forms 4100), so each infusion gets its own fields.
 *
 * CELLWATCH INTERPRETATION: a fact belongs to the infusion its time falls after
 * (infusion-episodes.ts: the latest infusion at or before it; before the first, the first): a
 * CRS or ICANS episode by its onset, a dose, ICE or ANC by its time, an infusion by its onset, a
 * malignancy by its date of diagnosis (midnight UTC). `maxGradeOf` gives the maximum grade of
 * record and computed of the grade steps inside an infusion's window.
 */
export function cibmtrForm4100PerInfusion(
  infusions: readonly InfusionEpisodeInput[],
  facts: Form4100Facts,
  maxGradeOf: (window: InfusionWindow, isFirst: boolean) => Form4100Input['maxGrade'],
): { infusion: InfusionWindow; fields: Form4100Fields }[] {
  return infusionWindows(infusions).map((w, i) => {
    const inside = (at: number) => inInfusionWindow(w, i === 0, at);
    const fields = cibmtrForm4100Fields({
      infusionAt: w.infusedAt,
      crsEpisodes: facts.crsEpisodes.filter((e) => inside(e.onsetAt)),
      icansEpisodes: facts.icansEpisodes.filter((e) => inside(e.onsetAt)),
      maxGrade: maxGradeOf(w, i === 0),
      medications: facts.medications.filter((m) => inside(m.at)),
      neuroAssessments: facts.neuroAssessments.filter((n) => inside(n.at)),
      anc: facts.anc.filter((a) => inside(a.at)),
      infections: facts.infections.filter((f) => inside(f.onsetAt)),
      malignancies: facts.malignancies.filter((m) => inside(Date.parse(`${m.diagnosedOn}T00:00:00Z`))),
      now: facts.now,
    });
    return { infusion: w, fields };
  });
}
