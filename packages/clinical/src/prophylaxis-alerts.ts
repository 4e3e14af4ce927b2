/**
 * Coordinator alerts of infection prophylaxis, from an already computed evaluation (prophylaxis.ts,
 * whose header cites the source): one alert per rule, naming every prophylaxis it is about.
 * - `prophylaxis_stop_rule_not_met` (warning): due to stop, but its stop rule is not met.
 * - `prophylaxis_missing` (warning): none charted where one is expected, or stopped before its rule
 *   was met while still expected (late PJP and zoster after early stops, Blood Adv 2021;5:143).
 * - `hbv_screening_missing` (info): no HBV core-antibody result charted.
 */
import type { FollowUpAlert } from './follow-up-alerts.ts';
import type { ProphylaxisEvaluation } from './prophylaxis.ts';

export function prophylaxisAlerts(evaluation: ProphylaxisEvaluation): FollowUpAlert[] {
  const out: FollowUpAlert[] = [];
  const notMet = evaluation.kinds.filter((k) => k.status === 'due_to_stop_rule_not_met');
  if (notMet.length) {
    const first = Math.min(...notMet.map((k) => k.record?.plannedStopAt ?? Number.POSITIVE_INFINITY));
    out.push({
      rule: 'prophylaxis_stop_rule_not_met',
      severity: 'warning',
      message: notMet.map((k) => k.reason).join(' · '),
      dueAt: Number.isFinite(first) ? first : null,
    });
  }
  const missing = evaluation.kinds.filter(
    (k) => k.status === 'missing' || (k.status === 'stopped_early' && k.expected),
  );
  if (missing.length) {
    out.push({
      rule: 'prophylaxis_missing',
      severity: 'warning',
      message: missing.map((k) => k.reason).join(' · '),
      dueAt: null,
    });
  }
  if (evaluation.hbvScreening.status === 'not_screened') {
    out.push({
      rule: 'hbv_screening_missing',
      severity: 'info',
      message: evaluation.hbvScreening.reason,
      dueAt: null,
    });
  }
  return out;
}
