/**
 * Ward acuity: who needs the care team first.
 *
 * The order, most acute first (each step only breaks ties of the ones before it):
 * 1. a current CRS or ICANS grade ≥ 2 (ASTCT 2019, Lee 2019): a syndrome that is treated now,
 *    highest grade first;
 * 2. an open high or critical alert (hypotension, low SpO2, a grade going up…);
 * 3. MISSING DATA IN THE EARLY DAYS: vitals or ICE overdue from Day 0 to Day 7. In the first week
 *    after infusion the labels ask for the closest watch (shared/clinical-reference.md,
 *    "Monitoring after infusion": daily for at least the first week, vitals every 4 h, ICE twice
 *    daily) because that is when CRS and ICANS begin (median CRS onset Day 1–3 in autoimmune
 *    patients, Müller 2024 NEJM), and CRS can go from nothing to grade 2 between two vital sets.
 *    An overdue check then means the grade on the board is not known to be current: a patient
 *    "CRS 0" whose vitals are 3 h late may not be CRS 0 any more, so they rank above patients
 *    whose charting is up to date and who are stable (grade 0–1, no high alert);
 * 4. the current grade (1 before 0);
 * 5. the most severe open alert (warning before info);
 * 6. any overdue check (after the first week too);
 * then by name, so the order is stable.
 */
import type { AlertSeverity } from './alerts.ts';

/** Days after infusion (Day 0 included) during which an overdue check ranks a patient up. */
export const EARLY_DAYS_LAST = 7;

export interface WardAcuityInput {
  crsGrade: number | null;
  icansGrade: number | null;
  /** The most severe open (unresolved) alert, if any. */
  highestOpenAlert: AlertSeverity | null;
  /** The unit's Day number now (Day 0 = infusion day); null before infusion. */
  day: number | null;
  vitalsOverdue: boolean;
  iceOverdue: boolean;
  name: string;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 1, warning: 2, high: 3, critical: 4 };

/** True when a check is overdue in the first week after infusion (step 3 above). */
export function missingEarlyData(p: Pick<WardAcuityInput, 'day' | 'vitalsOverdue' | 'iceOverdue'>): boolean {
  return p.day !== null && p.day >= 0 && p.day <= EARLY_DAYS_LAST && (p.vitalsOverdue || p.iceOverdue);
}

/** The sort key of a patient: compared element by element, larger first. */
export function wardAcuityKey(p: WardAcuityInput): number[] {
  const grade = Math.max(p.crsGrade ?? 0, p.icansGrade ?? 0);
  const alert = p.highestOpenAlert ? (SEVERITY_RANK[p.highestOpenAlert] ?? 0) : 0;
  return [
    grade >= 2 ? grade : 0,
    alert >= SEVERITY_RANK.high ? alert : 0,
    missingEarlyData(p) ? 1 : 0,
    grade,
    alert,
    p.vitalsOverdue || p.iceOverdue ? 1 : 0,
  ];
}

/** Array.sort comparator: the most acute patient first, then by name. */
export function compareWardAcuity(a: WardAcuityInput, b: WardAcuityInput): number {
  const [x, y] = [wardAcuityKey(a), wardAcuityKey(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (y[i] as number) - (x[i] as number);
  return a.name.localeCompare(b.name);
}
