import { HBV_CORE_ANTIBODY, PROPHYLAXIS_KINDS, VACCINE_GROUPS } from '@cellwatch/clinical';
import { z } from 'zod';
import { FollowUpAlert } from './follow-up-response.ts';

/**
 * What GET /api/patients/:id/prophylaxis and …/vaccines answer: the infection prophylaxis and
 * revaccination rules of packages/clinical (prophylaxis.ts, revaccination.ts) over the charted
 * facts. Instants the rules compute are epoch milliseconds; charted times are ISO strings.
 */

const Reasons = z.array(z.string());
const ProphylaxisKind = z.enum(PROPHYLAXIS_KINDS);
const VaccineGroup = z.enum(VACCINE_GROUPS);

/** One kind of prophylaxis: expected or not, its status, and its stop rule once judged. */
export const ProphylaxisKindState = z.object({
  kind: ProphylaxisKind,
  label: z.string(),
  expected: z.boolean(),
  expectedReason: z.string(),
  status: z.enum([
    'not_expected',
    'missing',
    'active',
    'due_to_stop_rule_met',
    'due_to_stop_rule_not_met',
    'completed',
    'stopped_early',
  ]),
  record: z
    .object({
      id: z.string().nullable(),
      drug: z.string(),
      startedAt: z.number(),
      plannedStopAt: z.number().nullable(),
      stoppedAt: z.number().nullable(),
    })
    .nullable(),
  /** The earliest stop the duration allows (null for the ANC-driven kinds). */
  earliestStopAt: z.number().nullable(),
  stopRule: z.object({ met: z.boolean(), at: z.number(), reasons: Reasons }).nullable(),
  reason: z.string(),
});
export type ProphylaxisKindState = z.infer<typeof ProphylaxisKindState>;

export const ProphylaxisEvaluation = z.object({
  kinds: z.array(ProphylaxisKindState),
  hbvScreening: z.object({ status: z.enum(HBV_CORE_ANTIBODY), reason: z.string() }),
  /** CMV PCR monitoring after a corticosteroid course (clinical cmv-monitoring.ts), results newest first. */
  cmvMonitoring: z.object({
    indicated: z.boolean(),
    status: z.enum(['not_indicated', 'due', 'monitored']),
    longestSteroidRunDays: z.number(),
    indicatedFrom: z.number().nullable(),
    results: z.array(
      z.object({ id: z.string().nullable(), at: z.number(), iuPerMl: z.number(), detected: z.boolean() }),
    ),
    reason: z.string(),
  }),
  source: z.string(),
});

/** A charted prophylaxis record with its stop, if recorded (ids to stop or mark entered-in-error). */
export const ChartedProphylaxis = z.object({
  id: z.number(),
  kind: ProphylaxisKind,
  drug: z.string(),
  startedAt: z.string(),
  plannedStopAt: z.string().nullable(),
  note: z.string().nullable(),
  stop: z.object({ id: z.number(), stoppedAt: z.string(), reason: z.string().nullable() }).nullable(),
});

export const ProphylaxisPicture = z.object({
  ruleVersion: z.string(),
  prophylaxis: ProphylaxisEvaluation,
  /** The coordinator alerts the evaluation raises (prophylaxis-alerts.ts). */
  alerts: z.array(FollowUpAlert),
  records: z.array(ChartedProphylaxis),
  /** The latest HBV screening charted, or null before one is. */
  hbvScreening: z
    .object({ id: z.number(), screenedAt: z.string(), coreAntibody: z.enum(['positive', 'negative']) })
    .nullable(),
});
export type ProphylaxisPicture = z.infer<typeof ProphylaxisPicture>;

/** One vaccine group: due, blocked with every reason, or given. */
export const VaccineGroupState = z.object({
  group: VaccineGroup,
  label: z.string(),
  status: z.enum(['due', 'blocked', 'given']),
  /** Day 0 plus the group's months: the earliest it can ever be due. */
  eligibleFrom: z.number(),
  /** The latest date a block lifts (null while a block has no date). */
  dueFrom: z.number().nullable(),
  blockedBy: z.array(
    z.object({
      block: z.enum(['too_early', 'ivig_recent', 'cd4_low', 'cd19_low', 'immunosuppression']),
      /** When the block lifts, if it lifts with time alone. */
      until: z.number().nullable(),
      reason: z.string(),
    }),
  ),
  doses: z.array(z.object({ id: z.string().nullable(), vaccine: z.string(), givenAt: z.number() })),
  reason: z.string(),
});
export type VaccineGroupState = z.infer<typeof VaccineGroupState>;

export const VaccinesPicture = z.object({
  ruleVersion: z.string(),
  vaccines: z.object({ groups: z.array(VaccineGroupState), source: z.string() }),
  doses: z.array(
    z.object({
      id: z.number(),
      group: VaccineGroup,
      vaccine: z.string(),
      givenAt: z.string(),
      lot: z.string().nullable(),
    }),
  ),
});
export type VaccinesPicture = z.infer<typeof VaccinesPicture>;
