/** The course's public types and the normalised facts the engine works on. */
import type { Grade, OxygenSupport, Vasopressor } from '../crs.ts';
import type { ChartedFact, MedicationKind } from '../facts.ts';
import type { IcansAssessment } from '../icans.ts';
import type { DayNumbering } from '../time.ts';

export interface CourseOptions {
  /** Systolic below this is hypotension. Default: 90 mmHg from age 10, PALS below (see above). */
  hypotensionSystolicBelowMmHg?: number;
  /** Look-back for the highest temperature. Default 24 h. */
  feverLookBackHours?: number;
  /** Vital signs older than this are flagged stale. Default 4 h. */
  vitalsStaleAfterHours?: number;
  /** A neuro assessment older than this is flagged stale. Default 12 h. */
  neuroStaleAfterHours?: number;
  /** Sign-free time needed to call an episode resolved. Default 24 h. */
  resolutionHours?: number;
  /** CAPD replaces ICE below this age. Default 12. */
  capdBelowAgeYears?: number;
  /** Day numbering; default elapsed 24-h periods from the infusion instant (time.ts). */
  dayNumbering?: DayNumbering;
}

export type MissingItem = 'temperature' | 'blood_pressure' | 'oxygen' | 'neuro_assessment' | 'ice' | 'capd';

/** Data that is missing or stale at a moment: the grade may be wrong because of it. */
export interface MissingData {
  item: MissingItem;
  status: 'missing' | 'stale';
  /** Time of the latest value, when there is one (epoch ms). */
  lastAt: number | null;
  message: string;
}

export interface CrsAtMoment {
  grade: Grade;
  /** Shared between moments with identical findings: do not mutate. */
  reasons: readonly string[];
  /** Ids of the facts this grade used. */
  factIds: readonly string[];
  missing: readonly MissingData[];
  /** 1-based CRS episode number, or null outside an episode. */
  episode: number | null;
  feverNoLongerRequired: boolean;
}

export interface IcansAtMoment {
  grade: Grade;
  reasons: readonly string[];
  factIds: readonly string[];
  missing: readonly MissingData[];
  episode: number | null;
}

/** Grades at one charted moment. Times are epoch milliseconds (UTC). */
export interface CoursePoint {
  at: number;
  day: number;
  ruleVersion: string;
  crs: CrsAtMoment;
  icans: IcansAtMoment;
}

export interface Episode {
  syndrome: 'CRS' | 'ICANS';
  /** 1-based, in order of onset. */
  index: number;
  onsetAt: number;
  onsetDay: number;
  onsetFactIds: readonly string[];
  maxGrade: Grade;
  /** First moment the maximum grade was reached. */
  maxGradeAt: number;
  maxGradeFactIds: readonly string[];
  /** CRS only: when fever stopped being required, and the medication fact that did it. */
  feverNoLongerRequiredFrom: number | null;
  feverNoLongerRequiredFactId: string | null;
  /** 'resolving': sign-free since resolvedAt, not yet for 24 h. */
  status: 'ongoing' | 'resolving' | 'resolved';
  resolvedAt: number | null;
  resolutionConfirmedAt: number | null;
  /** resolvedAt − onsetAt, once resolved. */
  durationMs: number | null;
}

export interface DailyMaxGrade {
  day: number;
  crsMaxGrade: Grade;
  /** First moment of that Day with the maximum (null when no moment graded ≥ 1). */
  crsMaxAt: number | null;
  icansMaxGrade: Grade;
  icansMaxAt: number | null;
}

export interface CourseResult {
  ruleVersion: string;
  infusionAt: number;
  points: readonly CoursePoint[];
  crsEpisodes: readonly Episode[];
  icansEpisodes: readonly Episode[];
  dailyMax: readonly DailyMaxGrade[];
}

/** What one write changed: points from `changedFrom` on were replaced by `points`. */
export interface CourseChange {
  /** Instant from which grades were recomputed (epoch ms); null when nothing could change. */
  changedFrom: number | null;
  /** Index in the full point list of the first replaced point; later points were replaced too. */
  firstPointIndex: number;
  /** The recomputed points (all points with at ≥ changedFrom). */
  points: readonly CoursePoint[];
  /** Daily maxima from the first affected Day on (earlier Days are unchanged). */
  dailyMax: readonly DailyMaxGrade[];
  crsEpisodes: readonly Episode[];
  icansEpisodes: readonly Episode[];
}

export interface Course {
  /** Record one fact (validated: throws InvalidFindingsError or CourseFactError) and regrade. */
  addFact(fact: ChartedFact): CourseChange;
  /** Mark a recorded fact entered-in-error: it is ignored from now on. */
  markEnteredInError(id: string): CourseChange;
  /** The whole course as it stands (copies the point list: O(n)). */
  result(): CourseResult;
  /** Number of graded moments, without copying. */
  pointCount(): number;
  /** The graded moment at an index (0 ≤ index < pointCount()); throws RangeError otherwise. */
  pointAt(index: number): CoursePoint;
  /** The last graded moment, or null before any. */
  latestPoint(): CoursePoint | null;
  /** CRS and ICANS episodes (cheap: no point list copy). */
  episodes(): { crsEpisodes: readonly Episode[]; icansEpisodes: readonly Episode[] };
  /** Daily maximum grades (a copy). */
  dailyMax(): readonly DailyMaxGrade[];
  /** Every fact recorded, including those entered in error, in arrival order. */
  facts(): readonly ChartedFact[];
}

// ---------------------------------------------------------------------------------------------
// Normalised facts

/** Every normalised fact keeps its original, and whether it is in force (not entered in error). */
export interface NBase {
  id: string;
  fact: ChartedFact;
  active: boolean;
}
export interface NVitals extends NBase {
  kind: 'vital_signs';
  at: number;
  temperatureC: number | null;
  systolic: number | null;
  hypotensionFlag: boolean | undefined;
  oxygen: OxygenSupport | null;
}
export interface NInfusion extends NBase {
  kind: 'vasopressor_infusion';
  at: number; // start
  drug: Vasopressor;
  chartedStop: number;
  stop: number; // effective stop: the earliest of chartedStop and active stop facts (Infinity = running)
}
export interface NStop extends NBase {
  kind: 'vasopressor_stop';
  at: number;
  infusionId: string;
}
export interface NMed extends NBase {
  kind: 'medication';
  at: number;
  medication: MedicationKind;
}
export interface NNeuro extends NBase {
  kind: 'neuro_assessment';
  at: number;
  assessment: IcansAssessment;
}
export interface NFeverOther extends NBase {
  kind: 'fever_other_cause';
  from: number;
  to: number;
}
export interface NDeath extends NBase {
  kind: 'crs_death' | 'icans_death';
  at: number;
}

export type NFact = NVitals | NInfusion | NStop | NMed | NNeuro | NFeverOther | NDeath;

export interface Timed {
  id: string;
  at: number;
}
