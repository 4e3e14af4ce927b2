import { PROPHYLAXIS_KINDS } from '@cellwatch/clinical';
import { z } from 'zod';
import { ChartedDiseaseScore, DiseaseRemission } from './disease-remission.ts';

/**
 * What GET /api/patients/:id/follow-up answers: the follow-up rules of packages/clinical over the
 * charted facts. Instants the rules compute are epoch milliseconds; charted times are ISO strings.
 */

const Reasons = z.array(z.string());

export const Cd19Point = z.object({
  id: z.string().nullable(),
  at: z.number(),
  day: z.number(),
  percentOfLymphocytes: z.number().nullable(),
  absolutePerUl: z.number().nullable(),
  /** true below threshold, false not below, null cannot be classified. */
  below: z.boolean().nullable(),
});

export const BCellAssessment = z.object({
  status: z.enum(['not_yet_depleted', 'aplasia', 'reconstituted', 'no_data']),
  aplasiaBeganAt: z.number().nullable(),
  aplasiaBeganDay: z.number().nullable(),
  daysInAplasia: z.number().nullable(),
  reconstitutedAt: z.number().nullable(),
  reconstitutedDay: z.number().nullable(),
  pendingReconstitution: z.object({ at: z.number(), day: z.number() }).nullable(),
  episodes: z.array(
    z.object({
      beganAt: z.number(),
      beganDay: z.number(),
      reconstitutedAt: z.number().nullable(),
      reconstitutedDay: z.number().nullable(),
      days: z.number(),
    }),
  ),
  expectsBCellAplasia: z.boolean().nullable(),
  flags: z.array(z.enum(['aplasia_not_reached', 'early_reconstitution', 'unexpected_b_cell_fall'])),
  baseline: Cd19Point.nullable(),
  points: z.array(Cd19Point),
  thresholds: z.object({ percentBelow: z.number(), absoluteBelowPerUl: z.number().optional() }),
  reasons: Reasons,
  sources: z.array(z.string()),
});

export const IvigDose = z.object({
  calculatedG: z.number(),
  doseG: z.number(),
  vials: z.array(z.object({ sizeG: z.number(), count: z.number() })),
  deviationPercent: z.number(),
  reason: z.string(),
});

export const IvigRecommendation = z.object({
  status: z.enum(['indicated', 'clinician_decision', 'not_indicated', 'no_recent_igg']),
  doseG: z.number().nullable(),
  dose: IvigDose.nullable(),
  intervalWeeks: z.number(),
  seriousInfections: z.number(),
  infectionsInWindow: z.number(),
  recurrent: z.boolean(),
  reasons: Reasons,
  source: z.string(),
});

/** The protocol the IVIG rule used (its thresholds are what the IgG chart draws). */
export const IvigProtocol = z.object({
  igGIndicatedBelowMgDl: z.number(),
  clinicianDecisionUpToMgDl: z.number(),
  doseGPerKg: z.number(),
  intervalWeeks: z.number(),
  vialSizesG: z.array(z.number()).readonly(),
  iggStaleAfterDays: z.number(),
  recurrentInfectionCount: z.number(),
  infectionWindowDays: z.number(),
  seriousFromCtcaeGrade: z.number(),
  clinicianDecisionNeeds: z.enum(['serious_or_recurrent', 'serious_and_recurrent']),
});

export const IvigDoseState = z.object({
  id: z.string().nullable(),
  dueAt: z.number(),
  status: z.enum(['given', 'cancelled', 'missed', 'overdue', 'due_soon', 'planned']),
  given: z
    .object({ at: z.number(), doseG: z.number(), lot: z.string(), by: z.string().nullable() })
    .nullable(),
  cancelledReason: z.string().nullable(),
  trough: z.object({
    status: z.enum(['done', 'not_yet_due', 'due', 'missed', 'not_needed']),
    dueFrom: z.number(),
    resultAt: z.number().nullable(),
    mgPerDl: z.number().nullable(),
  }),
  reason: z.string(),
  /** The dose planned (g, from weight and protocol): what "given" starts from. */
  plannedDoseG: z.number().nullable(),
  /** The warning recorded when IVIG was planned although the rule did not indicate it. */
  planWarning: z.string().nullable(),
});
export type IvigDoseState = z.infer<typeof IvigDoseState>;

export const IggCheck = z.object({
  kind: z.enum(['baseline', 'monthly', 'trough']),
  label: z.string(),
  dueAt: z.number(),
  status: z.enum(['done', 'upcoming', 'due', 'overdue', 'missed']),
  resultAt: z.number().nullable(),
  reason: z.string(),
});

const FollowUpItem = z.enum(['blood_count', 'cd19', 'igg', 'autoantibody', 'malignancy_surveillance']);

export const MilestoneState = z.object({
  /** 'day_7', 'day_14', 'day_28', 'day_100', 'month_6', 'year_1' … 'year_15'. */
  id: z.string(),
  label: z.string(),
  kind: z.enum(['early', 'late']),
  /** YYYY-MM-DD in the unit's zone. */
  dueDate: z.string(),
  dueAt: z.number(),
  items: z.array(FollowUpItem),
  status: z.enum(['completed', 'upcoming', 'due', 'overdue']),
  overdueFrom: z.number(),
  windowFrom: z.number(),
  completedAt: z.number().nullable(),
  completedBy: z.enum(['visit', 'data']).nullable(),
  visitId: z.string().nullable(),
  /** The milestone_visits row to mark entered-in-error when undoing "done". */
  visitFactId: z.number().nullable(),
  chartedItems: z.array(FollowUpItem),
  missingItems: z.array(FollowUpItem),
  reason: z.string(),
});
export type MilestoneState = z.infer<typeof MilestoneState>;

export const AutoantibodyCourse = z.object({
  antibody: z.string(),
  status: z.enum(['positive', 'seroconverted', 'negative_throughout', 'no_data']),
  seroconvertedAt: z.number().nullable(),
  seroconvertedDay: z.number().nullable(),
  points: z.array(
    z.object({
      id: z.string().nullable(),
      at: z.number(),
      day: z.number().nullable(),
      value: z.number().nullable(),
      negative: z.boolean().nullable(),
      classifiedBy: z.enum(['cutoff', 'flag']).nullable(),
    }),
  ),
  change: z.object({ from: z.number(), to: z.number(), percent: z.number() }).nullable(),
  reasons: Reasons,
  source: z.string(),
});

/** The coordinator's alert rules (packages/clinical follow-up-alerts.ts). */
export const FollowUpAlertRule = z.enum([
  'ivig_indicated',
  'ivig_clinician_decision',
  'ivig_due_within_7_days',
  'ivig_overdue',
  'igg_check_due',
  'b_cell_reconstitution',
  // packages/clinical prophylaxis-alerts.ts: one rule per prophylaxis kind.
  ...PROPHYLAXIS_KINDS.flatMap(
    (k) => [`prophylaxis_stop_rule_not_met_${k}`, `prophylaxis_missing_${k}`] as const,
  ),
  'hbv_screening_missing',
  'cmv_pcr_due',
]);

export const FollowUpAlert = z.object({
  rule: FollowUpAlertRule,
  severity: z.enum(['info', 'warning', 'high', 'critical']),
  message: z.string(),
  dueAt: z.number().nullable(),
});

const LicatsHintLabel = z.literal('hint, not a diagnosis');
export const LicatsHints = z.object({
  hints: z.array(
    z.object({
      kind: z.enum(['creatinine_rise', 'upcr_rise', 'organ_flare_in_aplasia']),
      at: z.number(),
      day: z.number(),
      message: z.string(),
      label: LicatsHintLabel,
    }),
  ),
  reasons: Reasons,
  label: LicatsHintLabel,
  source: z.string(),
});

export const ChartedInfection = z.object({
  id: z.number(),
  onsetAt: z.string(),
  site: z.string(),
  organism: z.string().nullable(),
  bacterial: z.boolean(),
  ctcaeGrade: z.number(),
  hospitalised: z.boolean(),
  note: z.string().nullable(),
});

export const FollowUpPicture = z.object({
  patientId: z.number(),
  infusionAt: z.string().nullable(),
  bCells: BCellAssessment.nullable(),
  igg: z.array(z.object({ id: z.string(), at: z.string(), mgPerDl: z.number() })),
  ivig: IvigRecommendation,
  ivigProtocol: IvigProtocol,
  /** The dose a new plan would get: weight × g/kg, rounded to the stocked vials. */
  plannedDose: IvigDose,
  doses: z.array(IvigDoseState),
  iggChecks: z.array(IggCheck),
  ivigStop: z.object({
    suggested: z.boolean(),
    run: z.object({ from: z.number(), to: z.number(), count: z.number() }).nullable(),
    reasons: Reasons,
    source: z.string(),
  }),
  alerts: z.array(FollowUpAlert),
  milestones: z.array(MilestoneState),
  autoantibodies: z.array(AutoantibodyCourse),
  remission: z.object({
    status: z.enum([
      'drug_free_remission',
      'remission_on_immunosuppressants',
      'not_in_remission',
      'no_assessment',
    ]),
    since: z.number().nullable(),
    reasons: Reasons,
  }),
  immunosuppressantStops: z.array(z.object({ id: z.number(), drug: z.string(), stoppedAt: z.string() })),
  remissionAssessments: z.array(
    z.object({ id: z.number(), at: z.string(), inRemission: z.boolean(), note: z.string().nullable() }),
  ),
  /** The protocol's remission definition for the patient's disease, and each score course. */
  diseaseRemission: DiseaseRemission,
  diseaseScores: z.array(ChartedDiseaseScore),
  infections: z.array(ChartedInfection),
  licats: z.object({
    events: z.array(
      z.object({
        id: z.number(),
        organ: z.string(),
        onsetAt: z.string(),
        resolvedAt: z.string().nullable(),
        grade: z.number(),
        treatment: z.string().nullable(),
      }),
    ),
    hints: LicatsHints.nullable(),
  }),
});
export type FollowUpPicture = z.infer<typeof FollowUpPicture>;
