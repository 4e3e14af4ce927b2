import type { Role } from '@cellwatch/contracts';
import { listAlerts } from '../alerts/alerts.routes.ts';
import { currentToxicity } from '../grading/toxicity.routes.ts';
import type { Permission } from '../http/route-declaration.ts';
import { getPatient } from '../patients/patients.routes.ts';
import { listReviews } from '../reviews/reviews.routes.ts';
import type { CareEvent } from './care-event.ts';

/**
 * The read that each kind of event stands for: a stream hears an event only if its user could
 * make that read (the roles declared on that route decide, so events and routes never
 * disagree). Patient events carry demographics and charted facts: only the care team may
 * read them, never an admin.
 */
const READ_BEHIND: Record<CareEvent['type'], { 'x-roles': Permission }> = {
  fact_charted: getPatient,
  fact_corrected: getPatient,
  patient_changed: getPatient,
  grade_changed: currentToxicity,
  alert_raised: listAlerts,
  alert_updated: listAlerts,
  review_signed: listReviews,
};

/**
 * Who may hear an event: the roles allowed the read behind its type, narrowed to the roles the
 * publisher named (if any). An unknown type has no audience (fail closed).
 */
export function audienceOf(event: Pick<CareEvent, 'type' | 'roles'>): Role[] {
  const route = READ_BEHIND[event.type];
  if (!route) return [];
  const permission = route['x-roles'];
  if (!Array.isArray(permission)) return [];
  const allowed = permission as readonly Role[];
  return event.roles?.length ? allowed.filter((role) => event.roles?.includes(role)) : [...allowed];
}
