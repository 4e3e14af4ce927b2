import {
  type AlertSeverity,
  compareWardAcuity,
  dayNumberAt,
  type WardAcuityInput,
} from '@cellwatch/clinical';
import { ACTIVE_STATUSES, type LatestVitals, type WardPatient } from '@cellwatch/contracts';
import { sql } from 'kysely';
import { auditedList } from '../audit/audited-read.ts';
import { gradesOfRecord, gradesOfRecordOf } from '../grading/grade-of-record.ts';
import { resourceRouter } from '../http/routes.ts';
import { dueChecks } from './monitoring.ts';
import { wardBoard } from './ward.routes.ts';

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, warning: 2, info: 1 };

/**
 * The ward at a glance: every patient under active monitoring with Day +N, current grades (the
 * grade of record: signed where a hematologist signed it, with the computed grade beside it),
 * latest vitals and their age, open alerts and the next check due; most acute first
 * (compareWardAcuity: a grade ≥ 2, a high alert, then a check overdue in the first week…).
 */
export const wardRoutes = resourceRouter().openapi(wardBoard, async (c) => {
  const now = c.var.services.now();
  // Day +N by the unit's calendar day (CELLWATCH_UNIT_TIME_ZONE), as on every other view.
  const { dayNumbering } = c.var.services.regrader;
  const patients = await auditedList(c, 'ward', { active: true }, async (trx) => {
    const rows = await trx
      .selectFrom('patients')
      .leftJoin('patient_state', 'patient_state.patient_id', 'patients.id')
      .select([
        'patients.id',
        'patients.mrn',
        'patients.given_name',
        'patients.family_name',
        'patients.diagnosis',
        'patients.product',
        'patients.weight_kg',
        'patients.status',
        'patients.infusion_at',
        'patients.is_demo',
        'patient_state.crs_grade',
        'patient_state.icans_grade',
        'patient_state.graded_at_ms',
        'patient_state.last_vitals_json',
        'patient_state.last_vitals_at_ms',
        'patient_state.last_ice_at_ms',
        'patient_state.febrile',
      ])
      .where('patients.status', 'in', ACTIVE_STATUSES)
      .execute();
    const alertRows = await trx
      .selectFrom('alerts')
      .select(['patient_id', 'severity', sql<number>`count(*)`.as('n')])
      .where('status', '!=', 'resolved')
      .groupBy(['patient_id', 'severity'])
      .execute();
    const alerts = new Map<number, WardPatient['openAlerts']>();
    for (const a of alertRows) {
      const entry = alerts.get(a.patient_id) ?? { count: 0, highest: null };
      entry.count += Number(a.n);
      if (!entry.highest || (SEVERITY_RANK[a.severity] ?? 0) > (SEVERITY_RANK[entry.highest] ?? 0))
        entry.highest = a.severity as AlertSeverity;
      alerts.set(a.patient_id, entry);
    }
    const graded = await gradesOfRecord(
      trx,
      rows.map((r) => ({ id: r.id, crs: r.crs_grade ?? null, icans: r.icans_grade ?? null })),
    );
    return rows.map((r) => {
      const grades = gradesOfRecordOf(graded, r.id);
      const due = dueChecks(r, now, dayNumbering);
      const infusionAt = r.infusion_at ? Date.parse(r.infusion_at) : null;
      return {
        id: r.id,
        mrn: r.mrn,
        name: `${r.family_name}, ${r.given_name}`,
        isDemo: r.is_demo === 1,
        diagnosis: r.diagnosis,
        product: r.product,
        weightKg: r.weight_kg,
        status: r.status,
        infusionAt: r.infusion_at,
        day: infusionAt === null ? null : dayNumberAt(infusionAt, now, dayNumbering),
        crsGrade: grades.crs.grade,
        icansGrade: grades.icans.grade,
        grades,
        gradedAt: r.graded_at_ms ? new Date(r.graded_at_ms).toISOString() : null,
        latestVitals: r.last_vitals_json ? (JSON.parse(r.last_vitals_json) as LatestVitals) : null,
        febrile: r.febrile === 1,
        openAlerts: alerts.get(r.id) ?? { count: 0, highest: null },
        nextDue: due && {
          inWindow: due.inWindow,
          vitalsDueAt: due.vitalsDueAt === null ? null : new Date(due.vitalsDueAt).toISOString(),
          vitalsOverdue: due.vitalsOverdue,
          iceDueAt: due.iceDueAt === null ? null : new Date(due.iceDueAt).toISOString(),
          iceOverdue: due.iceOverdue,
        },
      } satisfies WardPatient;
    });
  });
  // The acuity rule (and why missing data in the first week counts) is packages/clinical acuity.ts.
  const acuityInput = (p: (typeof patients)[number]): WardAcuityInput => ({
    crsGrade: p.crsGrade,
    icansGrade: p.icansGrade,
    highestOpenAlert: p.openAlerts.highest,
    day: p.day,
    vitalsOverdue: p.nextDue?.vitalsOverdue ?? false,
    iceOverdue: p.nextDue?.iceOverdue ?? false,
    name: p.name,
  });
  patients.sort((a, b) => compareWardAcuity(acuityInput(a), acuityInput(b)));
  return c.json({ now: new Date(now).toISOString(), patients }, 200);
});
