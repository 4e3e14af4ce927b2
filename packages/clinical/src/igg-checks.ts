import type { BCellStatus } from './b-cells.ts';
import { checkNumber, utcDate } from './follow-up-input.ts';
import type { IgGResult, IvigProtocol } from './ivig.ts';
import { resolveIvigProtocol } from './ivig.ts';
import {
  checkIgGSeries,
  DEFAULT_IGG_CHECK_GRACE_DAYS,
  DEFAULT_IGG_CHECK_WINDOW_DAYS,
  DEFAULT_MONTHLY_IGG_MONTHS,
  type IvigDoseState,
} from './ivig-schedule.ts';
import { addMonthsUtc } from './milestones.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs } from './time.ts';

export type IggCheckStatus = 'done' | 'upcoming' | 'due' | 'overdue' | 'missed';

export interface IggCheck {
  kind: 'baseline' | 'monthly' | 'trough';
  label: string;
  dueAt: number;
  status: IggCheckStatus;
  resultAt: number | null;
  reason: string;
}

export interface IggCheckInput {
  infusionAt: Instant;
  iggResults: readonly IgGResult[];
  now: Instant;
  /** Dose states (ivigDoseStates) for the trough checks. */
  doses?: readonly IvigDoseState[];
  /** Drives whether monthly checks continue after month 3. */
  bCellStatus?: BCellStatus;
  options?: {
    monthlyMonths?: number;
    windowDays?: number;
    graceDays?: number;
    protocol?: Partial<IvigProtocol>;
  };
}

const CHECK_WORDS: Record<IggCheckStatus, string> = {
  done: 'done',
  upcoming: 'due',
  due: 'due',
  overdue: 'overdue, was due',
  missed: 'not measured, was due',
};

/** IgG checks the reference asks for: before infusion, monthly (≥ 3 months), trough before each dose. */
export function iggChecks(input: IggCheckInput): IggCheck[] {
  const nowMs = toEpochMs(input.now, 'now');
  const infusionMs = toEpochMs(input.infusionAt, 'infusionAt');
  const o = input.options ?? {};
  const protocol = resolveIvigProtocol(o.protocol);
  const months = checkNumber(o.monthlyMonths ?? DEFAULT_MONTHLY_IGG_MONTHS, 'monthlyMonths', {
    min: 0,
    max: 240,
    integer: true,
  });
  const windowMs =
    checkNumber(o.windowDays ?? DEFAULT_IGG_CHECK_WINDOW_DAYS, 'windowDays', { min: 0, max: 14 }) * DAY_MS;
  const graceMs =
    checkNumber(o.graceDays ?? DEFAULT_IGG_CHECK_GRACE_DAYS, 'graceDays', { min: 0, max: 28 }) * DAY_MS;
  const results = checkIgGSeries(input.iggResults, 'iggResults', nowMs);
  const out: IggCheck[] = [];

  const baseline = results.filter((r) => r.at <= infusionMs).at(-1) ?? null;
  out.push({
    kind: 'baseline',
    label: 'IgG before infusion',
    dueAt: infusionMs,
    status: baseline ? 'done' : nowMs <= infusionMs ? 'due' : 'missed',
    resultAt: baseline?.at ?? null,
    reason: baseline
      ? `IgG before infusion: ${baseline.mgPerDl} mg/dL on ${utcDate(baseline.at)}`
      : 'no IgG before infusion recorded',
  });

  const latest = results.at(-1) ?? null;
  const keepGoing =
    (latest !== null && latest.mgPerDl <= protocol.clinicianDecisionUpToMgDl) ||
    (input.bCellStatus !== undefined && input.bCellStatus !== 'reconstituted');
  for (let m = 1; m <= 240; m++) {
    const dueAt = addMonthsUtc(infusionMs, m);
    // Past the configured months, keep going (while needed) up to the first check still ahead.
    if (m > months && !(keepGoing && addMonthsUtc(infusionMs, m - 1) <= nowMs)) break;
    const from = dueAt - windowMs;
    const to = addMonthsUtc(infusionMs, m + 1) - windowMs;
    const found = results.filter((r) => r.at >= from && r.at < to).at(-1) ?? null;
    let status: IggCheckStatus;
    if (found) status = 'done';
    else if (nowMs >= to) status = 'missed';
    else if (nowMs < from) status = 'upcoming';
    else if (nowMs >= dueAt + graceMs) status = 'overdue';
    else status = 'due';
    const extra = m > months ? ' (continued: IgG ≤ 600 mg/dL or B cells not reconstituted)' : '';
    out.push({
      kind: 'monthly',
      label: `IgG month ${m}`,
      dueAt,
      status,
      resultAt: found?.at ?? null,
      reason: found
        ? `IgG month ${m}: ${found.mgPerDl} mg/dL on ${utcDate(found.at)}`
        : `IgG month ${m} ${CHECK_WORDS[status]} ${utcDate(dueAt)}${extra}`,
    });
  }

  for (const d of input.doses ?? []) {
    const t = d.trough;
    if (t.status === 'not_needed') continue;
    const status: IggCheckStatus =
      t.status === 'done'
        ? 'done'
        : t.status === 'missed'
          ? 'missed'
          : t.status === 'not_yet_due'
            ? 'upcoming'
            : nowMs >= d.dueAt
              ? 'overdue'
              : 'due';
    out.push({
      kind: 'trough',
      label: `Trough IgG before IVIG ${utcDate(d.dueAt)}`,
      dueAt: d.dueAt,
      status,
      resultAt: t.resultAt,
      reason:
        t.status === 'done'
          ? `trough IgG ${t.mgPerDl} mg/dL before IVIG due ${utcDate(d.dueAt)}`
          : `trough IgG before IVIG due ${utcDate(d.dueAt)}: ${status}`,
    });
  }
  return out.sort((a, b) => a.dueAt - b.dueAt);
}
