/**
 * What each charted reason for "ICE (or CAPD) could not be performed" means for the ICANS grade.
 *
 * Source: ASTCT consensus grading, Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638
 * ("ASTCT 2019"), as transcribed in shared/clinical-reference.md:
 * - ICE row of the grading table: grade 4 is "0 (patient is unarousable and unable to perform ICE)".
 * - "ICE 0: an awake patient with global aphasia is grade 3; an unarousable one is grade 4."
 * - "Depressed consciousness must not be due to another cause (e.g. sedation)."
 * - Children: "unable to perform CAPD because unarousable is grade 4".
 * Everything else here is marked INTERPRETATION and listed in README.md: the consensus does not say
 * how to grade a patient in whom the tool simply could not be done, so the encephalopathy domain is
 * "not assessable", the other domains grade, and the missing tool is named as missing data (the
 * grade may be an underestimate).
 */
import type { Consciousness } from './consciousness.ts';
import type { Grade } from './crs.ts';

/** The reasons a nurse can chart for an ICE (children: CAPD) that could not be performed. */
export type NotPerformedReason =
  | 'unarousable'
  | 'global_aphasia'
  | 'intubated_sedated'
  | 'language_barrier'
  | 'patient_refused'
  | 'other';

export const NOT_PERFORMED_REASONS: readonly NotPerformedReason[] = [
  'unarousable',
  'global_aphasia',
  'intubated_sedated',
  'language_barrier',
  'patient_refused',
  'other',
];

/** In the clinic's words, for reasons and missing-data messages. */
export const NOT_PERFORMED_LABEL: Record<NotPerformedReason, string> = {
  unarousable: 'unarousable',
  global_aphasia: 'global aphasia',
  intubated_sedated: 'intubated and sedated',
  language_barrier: 'language barrier',
  patient_refused: 'patient refused',
  other: 'other reason',
};

export interface NotPerformedEffect {
  /** The encephalopathy domain's grade (0 when not assessable). */
  grade: Grade;
  reason: string;
  /** Set when the domain is not assessable: names the missing data. */
  missing: string | null;
}

/**
 * A charted reason that contradicts the level of consciousness charted with it, or null. ASTCT 2019
 * grades "unable to perform ICE/CAPD because unarousable" with consciousness at unarousable, so
 * "unarousable" as the reason needs consciousness charted as unarousable. The API refuses such an
 * entry (422); the grading below stays defined for one charted before that check.
 */
export function notPerformedContradiction(
  reason: NotPerformedReason | undefined,
  consciousness: Consciousness,
): string | null {
  if (reason !== 'unarousable' || consciousness === 'unarousable') return null;
  return `"unarousable" contradicts the level of consciousness charted (${consciousness.replaceAll('_', ' ')}): chart consciousness as unarousable, or give another reason`;
}

/**
 * The encephalopathy domain when the tool (ICE, or CAPD under the age cut-off) was not performed.
 * `reason` undefined: charted before reasons reached the engine, or a caller that gives none.
 * `consciousnessOtherCause`: depressed consciousness attributed to another cause (e.g. sedation).
 */
export function encephalopathyNotPerformed(
  tool: 'ICE' | 'CAPD',
  reason: NotPerformedReason | undefined,
  consciousness: Consciousness,
  consciousnessOtherCause: boolean,
): NotPerformedEffect {
  const why = reason === undefined ? '' : ` (${NOT_PERFORMED_LABEL[reason]})`;
  // ASTCT 2019: ICE/CAPD 0 because the patient is unarousable and unable to perform it → grade 4.
  // Whatever reason was charted, a patient unarousable from ICANS (not sedation) cannot do the tool.
  if (consciousness === 'unarousable' && !consciousnessOtherCause) {
    return { grade: 4, reason: `unarousable, cannot perform ${tool} → grade 4`, missing: null };
  }
  if (consciousness === 'unarousable') {
    // ASTCT 2019: depressed consciousness from another cause is not ICANS; the tool cannot be read.
    return {
      grade: 0,
      reason: `${tool} not assessable${why}: unarousable from another cause (e.g. sedation)`,
      missing: `${tool} not assessable${why}: unarousable from another cause`,
    };
  }
  const contradiction = notPerformedContradiction(reason, consciousness);
  if (contradiction !== null) {
    // INTERPRETATION: a contradictory entry grades nothing by the tool and asks for a new assessment.
    return {
      grade: 0,
      reason: `${tool} not assessable: ${contradiction}`,
      missing: `${tool} not assessable: the reason contradicts the level of consciousness`,
    };
  }
  if (reason === 'global_aphasia' && tool === 'ICE') {
    // ASTCT 2019: an awake patient with global aphasia scores ICE 0 and is grade 3.
    return {
      grade: 3,
      reason: 'ICE not performed (global aphasia) in an awake patient: counts as ICE 0/10 → grade 3',
      missing: null,
    };
  }
  if (reason === 'global_aphasia') {
    // INTERPRETATION: CAPD is scored by watching the child and does not need speech, so aphasia does
    // not stand in for a CAPD score; the consensus gives no CAPD equivalent of the ICE 0 rule.
    return {
      grade: 0,
      reason:
        'CAPD not performed (global aphasia): CAPD is scored by observation and needs no speech; encephalopathy not assessable',
      missing: 'CAPD not performed (global aphasia): perform it by observation',
    };
  }
  // INTERPRETATION: intubated and sedated, language barrier, patient refused, other, or no reason:
  // the tool says nothing about encephalopathy; the other domains grade and the tool is missing data.
  const advice =
    reason === 'language_barrier'
      ? ': use an interpreter'
      : reason === 'intubated_sedated'
        ? ': depressed consciousness still counts unless attributed to sedation'
        : '';
  return {
    grade: 0,
    reason: `${tool} not assessable${why}: encephalopathy graded by the other domains${advice}`,
    missing: `${tool} not assessable${why}`,
  };
}
