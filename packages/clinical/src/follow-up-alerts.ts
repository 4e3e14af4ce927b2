/**
 * Coordinator alerts of long-term follow-up (IVIG indicated or due, IgG checks, B-cell
 * reconstitution), from already computed results. Source and interpretations: ivig-schedule.ts.
 */
import type { AlertSeverity } from './alerts.ts';
import type { BCellAssessment } from './b-cells.ts';
import { utcDate } from './follow-up-input.ts';
import type { IggCheck } from './igg-checks.ts';
import type { IvigRecommendation } from './ivig.ts';
import type { IvigDoseState } from './ivig-schedule.ts';
import type { ProphylaxisKind } from './prophylaxis-protocol.ts';
export type FollowUpAlertRule =
  | 'ivig_indicated'
  | 'ivig_clinician_decision'
  | 'ivig_due_within_7_days'
  | 'ivig_overdue'
  | 'igg_check_due'
  | 'b_cell_reconstitution'
  // Infection prophylaxis (prophylaxis-alerts.ts): one rule per prophylaxis kind, so each alert's
  // message stays about one prophylaxis.
  | `prophylaxis_stop_rule_not_met_${ProphylaxisKind}`
  | `prophylaxis_missing_${ProphylaxisKind}`
  | 'hbv_screening_missing'
  // CMV PCR due after a corticosteroid course (cmv-monitoring.ts, prophylaxis-alerts.ts).
  | 'cmv_pcr_due';

export interface FollowUpAlert {
  rule: FollowUpAlertRule;
  severity: AlertSeverity;
  message: string;
  /** The due instant the alert is about, when it has one. */
  dueAt: number | null;
}

export interface FollowUpAlertInput {
  ivig?: IvigRecommendation | null;
  doses?: readonly IvigDoseState[];
  iggChecks?: readonly IggCheck[];
  bCells?: BCellAssessment | null;
}

/** Coordinator alerts from already computed follow-up results, ordered by due date. */
export function followUpAlerts(input: FollowUpAlertInput): FollowUpAlert[] {
  const out: FollowUpAlert[] = [];
  const doses = input.doses ?? [];
  const planned = doses.some(
    (d) => d.status === 'planned' || d.status === 'due_soon' || d.status === 'overdue',
  );
  if (input.ivig?.status === 'indicated' && !planned) {
    out.push({
      rule: 'ivig_indicated',
      severity: 'warning',
      message: `IVIG indicated: ${input.ivig.reasons[0] ?? ''}${input.ivig.doseG === null ? '' : `; dose ${input.ivig.doseG} g`}`,
      dueAt: null,
    });
  }
  if (input.ivig?.status === 'clinician_decision' && !planned) {
    out.push({
      rule: 'ivig_clinician_decision',
      severity: 'warning',
      message: `IVIG: clinician decision: ${input.ivig.reasons[0] ?? ''}`,
      dueAt: null,
    });
  }
  for (const d of doses) {
    if (d.status === 'due_soon') {
      out.push({ rule: 'ivig_due_within_7_days', severity: 'info', message: d.reason, dueAt: d.dueAt });
    } else if (d.status === 'overdue') {
      out.push({ rule: 'ivig_overdue', severity: 'high', message: d.reason, dueAt: d.dueAt });
    }
  }
  for (const c of input.iggChecks ?? []) {
    if (c.status === 'due' || c.status === 'overdue') {
      out.push({
        rule: 'igg_check_due',
        severity: c.status === 'overdue' ? 'high' : 'warning',
        message: c.reason,
        dueAt: c.dueAt,
      });
    }
  }
  const b = input.bCells;
  if (b && b.status === 'reconstituted' && b.reconstitutedAt !== null) {
    const early = b.flags.includes('early_reconstitution');
    out.push({
      rule: 'b_cell_reconstitution',
      severity: early ? 'warning' : 'info',
      message: `B cells reconstituted on Day ${b.reconstitutedDay} (${utcDate(b.reconstitutedAt)})${early ? ': earlier than expected' : ''}`,
      dueAt: b.reconstitutedAt,
    });
  }
  return out.sort((a, b2) => (a.dueAt ?? Number.NEGATIVE_INFINITY) - (b2.dueAt ?? Number.NEGATIVE_INFINITY));
}
