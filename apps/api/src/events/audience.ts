import type { Role } from '@cellwatch/contracts';
import { permissionFor } from '../http/permissions.ts';
import type { CareEvent } from './care-event.ts';

/**
 * The read that each kind of event stands for: a stream hears an event only if its user could
 * make that read (the permission table in http/permissions.ts decides, so events and routes
 * never disagree). Patient events carry demographics and charted facts: only the care team may
 * read them, never an admin.
 */
const READ_BEHIND: Record<CareEvent['type'], string> = {
  fact_charted: 'GET /api/patients/:id',
  fact_corrected: 'GET /api/patients/:id',
  patient_changed: 'GET /api/patients/:id',
  grade_changed: 'GET /api/patients/:id/toxicity',
  alert_raised: 'GET /api/alerts',
  alert_updated: 'GET /api/alerts',
  review_signed: 'GET /api/reviews',
};

/**
 * Who may hear an event: the roles allowed the read behind its type, narrowed to the roles the
 * publisher named (if any). An unknown type has no audience (fail closed).
 */
export function audienceOf(event: Pick<CareEvent, 'type' | 'roles'>): Role[] {
  const route = READ_BEHIND[event.type];
  if (!route) return [];
  const [method, path] = route.split(' ') as [string, string];
  const permission = permissionFor(method, path);
  if (!Array.isArray(permission)) return [];
  const allowed = permission as readonly Role[];
  return event.roles?.length ? allowed.filter((role) => event.roles?.includes(role)) : [...allowed];
}
