import { z } from 'zod';
import { Role } from './common.ts';
import { AlertSeverity } from './ward.ts';

/** What a committed write announces on the live-event stream (GET /api/events, SSE). */
export const CareEventType = z.enum([
  'fact_charted',
  'fact_corrected',
  'patient_changed',
  'grade_changed',
  'alert_raised',
  'alert_updated',
  'review_signed',
]);
export type CareEventType = z.infer<typeof CareEventType>;
export const CARE_EVENT_TYPES = CareEventType.options;

/**
 * The `data` of one stream message of a care event: the event as published, with its stream id,
 * time and the roles that hear it. `data` differs by type (an alert, a review, a charted fact).
 */
export const CareEventMessage = z.object({
  id: z.number(),
  at: z.string(),
  type: CareEventType,
  patientId: z.number().nullable(),
  /** The roles the publisher narrowed it to, when it did. */
  roles: z.array(z.string()).readonly().optional(),
  audience: z.array(Role),
  data: z.record(z.string(), z.unknown()),
});
export type CareEventMessage = z.infer<typeof CareEventMessage>;

/** An alert as the API shows it (alert_raised and alert_updated events carry one). */
export const CareAlert = z.object({
  id: z.number(),
  patientId: z.number(),
  rule: z.string(),
  severity: AlertSeverity,
  message: z.string(),
  factIds: z.array(z.string()),
  raisedAt: z.string(),
  lastFiredAt: z.string(),
  /**
   * More than 1: the rule fired again while the alert was unresolved (a new charted fact, or a
   * higher severity); the same condition evaluated again on a later write is not counted.
   */
  fireCount: z.number(),
  /** When the message was last brought up to date (the condition still present, its reason changed). */
  updatedAt: z.string().nullable(),
  /** How many times that happened while the alert was unresolved. */
  updateCount: z.number(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  acknowledgedBy: z.number().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgeNote: z.string().nullable(),
  resolvedBy: z.number().nullable(),
  resolvedAt: z.string().nullable(),
  resolveNote: z.string().nullable(),
});
export type CareAlert = z.infer<typeof CareAlert>;

/** One alert of GET /api/alerts: the alert with the patient it is about. */
export const AlertListItem = CareAlert.extend({
  patient: z.object({ id: z.number(), mrn: z.string(), name: z.string() }),
});
export type AlertListItem = z.infer<typeof AlertListItem>;
export const AlertList = z.object({ alerts: z.array(AlertListItem) });
export type AlertList = z.infer<typeof AlertList>;

/** The `data` of alert_raised and alert_updated. */
export const AlertEventData = z.object({ alert: CareAlert });
