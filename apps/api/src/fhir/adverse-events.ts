import { type Episode, type IcahtResult, type IecHsSignal, RULE_VERSION } from '@cellwatch/clinical';
import type { AdverseEvent, CodeableConcept, Extension, Patient, Reference } from '@medplum/fhirtypes';

/**
 * FHIR R4 AdverseEvent resources for the toxicities the engine finds, shaped after the mCODE
 * CTCAdverseEvent profile (mCODE STU1; since carried on by the HL7 "Common Terminology Criteria
 * (CTC) Adverse Events" IG, whose URLs are used here): the grade in the `ctcae-grade` extension
 * as a coded value, the resolution date in its extension, `date` the onset, `seriousness` and
 * `outcome` from R4's own code systems. CAR-T toxicities are not graded by CTCAE: the grade's
 * Coding names the grading system in `system` and its version in `version` (ASTCT 2019 for CRS
 * and ICANS, Lee et al., Biol Blood Marrow Transplant 2019;25:625–638; EHA/EBMT 2023 for ICAHT,
 * Rejeski et al., Blood 2023;142:865–877; Hagen et al., Lancet Rheumatol 2025 for LICATS; Hines
 * et al., Transplant Cell Ther 2023 for IEC-HS), so a reader never mistakes them for CTCAE grades.
 *
 * CELLWATCH INTERPRETATIONS (confirm per protocol):
 * - seriousness: grade ≥ 3 is reported `serious` (ASTCT grade 3 needs vasopressors, high-flow
 *   oxygen or ICU-level care; the protocol's SAE definition may be wider).
 * - outcome: resolved → `resolved`; sign-free but not yet for 24 h → `recovering`; ongoing →
 *   `ongoing`; grade 5 → `fatal`.
 * - IEC-HS: the engine offers a watch signal only (its grading is unconfirmed:
 *   clinical-reference.md; packages/clinical iec-hs.ts), so a suspected IEC-HS is exported with
 *   no grade: no `ctcae-grade` extension and no seriousness, the event text saying it is a
 *   watch signal. A graded IEC-HS episode (e.g. charted) is mapped as the others are.
 */
export const CTC_ADVERSE_EVENT_PROFILE = 'http://hl7.org/fhir/us/ctcae/StructureDefinition/ctc-adverse-event';
export const CTC_GRADE_EXTENSION = 'http://hl7.org/fhir/us/ctcae/StructureDefinition/ctcae-grade';
export const RESOLVED_DATE_EXTENSION =
  'http://hl7.org/fhir/us/ctcae/StructureDefinition/adverse-event-resolved-date';
/** The engine's rule version the grades were computed with (packages/clinical version.ts). */
export const RULE_VERSION_EXTENSION = 'urn:cellwatch:fhir:rule-version';
/** The number of the infusion episode (1 the first, 2 the first re-treatment…) the event followed. */
export const INFUSION_EPISODE_EXTENSION = 'urn:cellwatch:fhir:infusion-episode';
const SERIOUSNESS = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness';
const OUTCOME = 'http://terminology.hl7.org/CodeSystem/adverse-event-outcome';
const EVENT_SYSTEM = 'urn:cellwatch:adverse-event';

export type ToxicityKind = 'CRS' | 'ICANS' | 'ICAHT' | 'IEC-HS' | 'LICATS';

export const GRADING_SYSTEMS: Record<
  ToxicityKind,
  { system: string; version: string; name: string; event: string }
> = {
  CRS: {
    system: 'urn:cellwatch:grading:astct-crs',
    version: '2019',
    name: 'ASTCT consensus grading (Lee et al. 2019)',
    event: 'Cytokine release syndrome',
  },
  ICANS: {
    system: 'urn:cellwatch:grading:astct-icans',
    version: '2019',
    name: 'ASTCT consensus grading (Lee et al. 2019)',
    event: 'Immune effector cell-associated neurotoxicity syndrome',
  },
  ICAHT: {
    system: 'urn:cellwatch:grading:eha-ebmt-icaht',
    version: '2023',
    name: 'EHA/EBMT early ICAHT grading (Rejeski et al. 2023)',
    event: 'Immune effector cell-associated hematotoxicity',
  },
  'IEC-HS': {
    system: 'urn:cellwatch:grading:iec-hs',
    version: '2023',
    name: 'ASTCT IEC-HS criteria (Hines et al. 2023)',
    event: 'Immune effector cell-associated HLH-like syndrome (suspected)',
  },
  LICATS: {
    system: 'urn:cellwatch:grading:licats',
    version: '2025',
    name: 'LICATS grading (Hagen et al., Lancet Rheumatol 2025)',
    event: 'Local immune effector cell-associated toxicity syndrome',
  },
};

/** The infusion episode a toxicity followed (its number, product and Day 0 calendar date). */
export interface ToxicityInfusion {
  number: number;
  product: string;
  day0: string;
}

/** One toxicity episode, whatever rule found it. Dates are instants (ms) or calendar dates. */
export interface ToxicityEpisode {
  kind: ToxicityKind;
  /** Unique within the patient and kind: the resource id is `${kind}-${key}`. */
  key: string;
  /** null: a watch signal, never graded (IEC-HS suspected). */
  grade: number | null;
  onset: number | string;
  resolved: number | string | null;
  status: 'ongoing' | 'recovering' | 'resolved';
  /** What the episode is, in words (organ for LICATS, e.g.). */
  detail?: string;
  /** The infusion episode it followed (a re-treated patient has more than one). */
  infusion?: ToxicityInfusion;
}

const fhirDate = (d: number | string) => (typeof d === 'number' ? new Date(d).toISOString() : d);

const outcomeOf = (e: ToxicityEpisode): CodeableConcept => {
  const code = e.grade !== null && e.grade >= 5 ? 'fatal' : e.status;
  const display = { fatal: 'Fatal', resolved: 'Resolved', recovering: 'Recovering', ongoing: 'Ongoing' }[
    code
  ];
  return { coding: [{ system: OUTCOME, code, display }] };
};

/** One AdverseEvent after CTCAdverseEvent for one episode. */
export function adverseEvent(
  episode: ToxicityEpisode,
  subject: Reference<Patient>,
  recordedAt: number,
): AdverseEvent {
  const g = GRADING_SYSTEMS[episode.kind];
  const extension: Extension[] = [
    ...(episode.grade === null ? [] : [ctcGrade(episode.kind, episode.grade)]),
    { url: RULE_VERSION_EXTENSION, valueString: RULE_VERSION },
  ];
  if (episode.resolved !== null)
    extension.push({ url: RESOLVED_DATE_EXTENSION, valueDateTime: fhirDate(episode.resolved) });
  const infusion = episode.infusion;
  if (infusion) extension.push({ url: INFUSION_EPISODE_EXTENSION, valueInteger: infusion.number });
  const detail = episode.detail ?? (episode.grade === null ? 'watch signal, grading unconfirmed' : undefined);
  return {
    resourceType: 'AdverseEvent',
    id: `${episode.kind.toLowerCase()}-${episode.key}`,
    meta: { profile: [CTC_ADVERSE_EVENT_PROFILE] },
    extension,
    actuality: 'actual',
    event: {
      coding: [{ system: EVENT_SYSTEM, code: episode.kind, display: g.event }],
      text: detail ? `${g.event}: ${detail}` : g.event,
    },
    subject,
    date: fhirDate(episode.onset),
    recordedDate: new Date(recordedAt).toISOString(),
    ...(episode.grade !== null && { seriousness: seriousness(episode.grade >= 3) }),
    outcome: outcomeOf(episode),
    // The cell product infusion the event followed, as a logical reference by its words
    // (CellWatch has no Procedure resource for an infusion).
    ...(infusion && {
      suspectEntity: [
        { instance: { display: `Infusion ${infusion.number}: ${infusion.product}, Day 0 ${infusion.day0}` } },
      ],
    }),
  };
}

const seriousness = (serious: boolean): CodeableConcept => ({
  coding: [
    {
      system: SERIOUSNESS,
      code: serious ? 'serious' : 'non-serious',
      display: serious ? 'Serious' : 'Non-serious',
    },
  ],
});

/** The grade as the `ctcae-grade` extension, its Coding naming the grading system and version. */
function ctcGrade(kind: ToxicityKind, grade: number): Extension {
  const g = GRADING_SYSTEMS[kind];
  return {
    url: CTC_GRADE_EXTENSION,
    valueCodeableConcept: {
      coding: [
        {
          system: g.system,
          version: g.version,
          code: String(grade),
          display: `Grade ${grade}`,
        },
      ],
      text: `${kind} grade ${grade} (${g.name})`,
    },
  };
}

/** The engine's CRS and ICANS episodes (course.ts) as toxicity episodes. */
export function courseEpisodes(episodes: readonly Episode[]): ToxicityEpisode[] {
  return episodes.map((e) => ({
    kind: e.syndrome,
    key: String(e.index),
    grade: e.maxGrade,
    onset: e.onsetAt,
    resolved: e.resolvedAt,
    status: e.status === 'resolving' ? 'recovering' : e.status,
  }));
}

/**
 * Early ICAHT (Days 0–30) as one episode when graded ≥ 1: onset the first Day at or below
 * 500/µL, resolved the Day after the last such Day once a later assessed Day is above it.
 */
export function icahtEpisode(icaht: IcahtResult | null, day0: string, key = 'early'): ToxicityEpisode[] {
  if (!icaht || icaht.grade < 1) return [];
  const low = icaht.days.filter((d) => d.atOrBelow500 || d.shortRecovery500);
  const first = low[0];
  const last = low.at(-1);
  if (!first || !last) return [];
  const dateOfDay = (day: number) =>
    new Date(Date.parse(`${day0}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
  const recovered = icaht.days.some((d) => d.day > last.day && d.ancPerUl !== null && !d.atOrBelow500);
  return [
    {
      kind: 'ICAHT',
      key,
      grade: icaht.grade,
      onset: dateOfDay(first.day),
      resolved: recovered ? dateOfDay(last.day + 1) : null,
      status: recovered ? 'resolved' : 'ongoing',
    },
  ];
}

/**
 * A suspected IEC-HS (the watch signal, packages/clinical iec-hs.ts) as one ungraded, ongoing
 * episode from the moment all its criteria held; none while the signal is off.
 */
export function iecHsEpisode(signal: IecHsSignal | null): ToxicityEpisode[] {
  if (!signal?.suspected || signal.metAt === null) return [];
  return [
    { kind: 'IEC-HS', key: 'suspected', grade: null, onset: signal.metAt, resolved: null, status: 'ongoing' },
  ];
}

/** Every toxicity episode of a patient as AdverseEvents, in onset order within each kind. */
export function adverseEvents(
  episodes: readonly ToxicityEpisode[],
  subject: Reference<Patient>,
  recordedAt: number,
): AdverseEvent[] {
  return episodes.map((e) => adverseEvent(e, subject, recordedAt));
}
