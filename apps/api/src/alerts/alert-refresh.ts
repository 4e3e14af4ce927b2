import type { AlertSeverity } from '@cellwatch/clinical';

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, high: 2, critical: 3 };

/** What an unresolved alert shows, and what its rule says now. */
export interface AlertContent {
  severity: AlertSeverity;
  message: string;
  factIds: readonly string[];
}

/**
 * What a rule that fires while its alert is unresolved does to that alert:
 * - `unchanged`: the same firing evaluated again (every charting write and sweep re-evaluates the
 *   follow-up rules): nothing to count, nothing to show, nothing written;
 * - `raised_again`: the rule really fired again, on a charted fact the alert did not have yet (one
 *   more low blood pressure) or at a higher severity: counted in "raised again";
 * - `updated`: the same condition, still present, whose reason changed (a newer CD4 count, a due
 *   date now reached): the alert shows the current message, counted apart as "updated", since it
 *   did not come back, it is still the one condition;
 * - `escalated` (a raise again at a higher severity) is announced again like a new alert.
 * `alert` is what the alert is to show: the candidate's message and severity when it is at least
 * as severe (what the rule says now), with every charted fact behind the alert so far (the
 * timeline keeps those points); a less severe firing leaves the more severe content in place
 * until someone resolves the alert (never de-escalated by itself).
 */
export type AlertRefresh =
  | { kind: 'unchanged' }
  | { kind: 'raised_again' | 'escalated' | 'updated'; alert: AlertContent; messageChanged: boolean };

export function refreshAlert(open: AlertContent, candidate: AlertContent): AlertRefresh {
  const known = new Set(open.factIds);
  const newFacts = candidate.factIds.filter((id) => !known.has(id));
  const factIds = [...open.factIds, ...newFacts];
  const rank = RANK[candidate.severity] - RANK[open.severity];
  if (rank < 0) {
    if (!newFacts.length) return { kind: 'unchanged' };
    return { kind: 'raised_again', alert: { ...open, factIds }, messageChanged: false };
  }
  const alert = { severity: candidate.severity, message: candidate.message, factIds };
  const messageChanged = candidate.message !== open.message;
  if (rank > 0) return { kind: 'escalated', alert, messageChanged };
  if (newFacts.length) return { kind: 'raised_again', alert, messageChanged };
  return messageChanged ? { kind: 'updated', alert, messageChanged } : { kind: 'unchanged' };
}
