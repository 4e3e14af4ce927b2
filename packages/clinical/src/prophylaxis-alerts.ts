/**
 * Coordinator alerts of infection prophylaxis, from an already computed evaluation (prophylaxis.ts,
 * whose header cites the source), one rule per prophylaxis kind (e.g. `prophylaxis_missing_pjp`):
 * - `prophylaxis_stop_rule_not_met_<kind>` (warning): due to stop, but its stop rule is not met.
 * - `prophylaxis_missing_<kind>` (warning): none charted where one is expected, or stopped before its rule
 *   was met while still expected (late PJP and zoster after early stops, Blood Adv 2021;5:143).
 * - `hbv_screening_missing` (info): no HBV core-antibody result charted.
 * - `cmv_pcr_due` (warning): corticosteroids ran 5 days or more and no CMV PCR was charted since the
 *   course began (cmv-monitoring.ts).
 */
import type { FollowUpAlert } from './follow-up-alerts.ts';
import type { ProphylaxisEvaluation } from './prophylaxis.ts';

export function prophylaxisAlerts(evaluation: ProphylaxisEvaluation): FollowUpAlert[] {
  const out: FollowUpAlert[] = [];
  for (const k of evaluation.kinds) {
    if (k.status === 'due_to_stop_rule_not_met') {
      out.push({
        rule: `prophylaxis_stop_rule_not_met_${k.kind}`,
        severity: 'warning',
        message: k.reason,
        dueAt: k.record?.plannedStopAt ?? null,
      });
    } else if (k.status === 'missing' || (k.status === 'stopped_early' && k.expected)) {
      out.push({
        rule: `prophylaxis_missing_${k.kind}`,
        severity: 'warning',
        message: k.reason,
        dueAt: null,
      });
    }
  }
  if (evaluation.hbvScreening.status === 'not_screened') {
    out.push({
      rule: 'hbv_screening_missing',
      severity: 'info',
      message: evaluation.hbvScreening.reason,
      dueAt: null,
    });
  }
  if (evaluation.cmvMonitoring.status === 'due') {
    out.push({
      rule: 'cmv_pcr_due',
      severity: 'warning',
      message: `CMV PCR: ${evaluation.cmvMonitoring.reason}`,
      dueAt: null,
    });
  }
  return out;
}
