/**
 * IVIG schedule: planned doses, their status, trough and monthly IgG checks, the stop rule,
 * coordinator alerts and the cross-patient worklist. Pure rule outputs: the API stores and sends.
 *
 * Source: shared/clinical-reference.md, "B-cell aplasia, hypogammaglobulinemia, IVIG": replacement
 * every 3–4 weeks (configurable), trough IgG before each dose; IgG measured before infusion and
 * monthly for at least 3 months; IVIG when IgG < 400 mg/dL; reconstitution = B cells above threshold
 * on two consecutive measurements (b-cells.ts).
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Long-term follow-up"):
 * - Doses fall every `intervalWeeks × 7 × 24 h` after the first due instant (UTC, no calendar).
 * - A dose is `due_soon` from 7 days before its due instant, `overdue` 24 h after it unless given,
 *   cancelled (with a reason) or marked missed.
 * - Trough IgG: due in the 7 days before the dose; any IgG from 7 days before the due date (or before
 *   the actual dose, when it was given early) up to the dose counts. A dose given without one is
 *   listed as `missed` for the trough.
 * - Monthly IgG: baseline (any IgG at or before infusion), then calendar months 1–3 after infusion,
 *   each satisfied by an IgG from 7 days before its due date until 7 days before the next one;
 *   `overdue` 7 days after the due date, `missed` once the next window opens. Monthly checks go on
 *   after month 3 while the latest IgG is ≤ 600 mg/dL or B cells are not reconstituted ("at least
 *   3 months").
 * - Stop suggested when the latest run of IgG values off IVIG has ≥ 2 values, all ≥ 400 mg/dL
 *   (not < 400: not indicated), spanning ≥ one dosing interval, AND B cells are reconstituted.
 *   With `lastIvigGivenAt`, only values at least one interval after the last dose count as off IVIG
 *   (before that they still carry infused IgG).
 * - `ivig_indicated` is not raised while a dose is already planned; `ivig_clinician_decision` is an
 *   added rule for the 400–600 band, flagged for the clinician.
 */
import type { AlertSeverity } from './alerts.ts';
import type { BCellAssessment, BCellStatus } from './b-cells.ts';
import { InvalidFindingsError } from './errors.ts';
import {
  checkArray,
  checkBoolean,
  checkInstant,
  checkNumber,
  checkText,
  utcDate,
} from './follow-up-input.ts';
import type { IgGResult, IvigProtocol, IvigRecommendation } from './ivig.ts';
import { DEFAULT_IVIG_PROTOCOL, resolveIvigProtocol } from './ivig.ts';
import type { MilestoneState } from './milestones.ts';
import { addMonthsUtc } from './milestones.ts';
import type { Instant } from './time.ts';
import { DAY_MS, HOUR_MS, toEpochMs } from './time.ts';

export const IVIG_SCHEDULE_SOURCE =
  'shared/clinical-reference.md: IVIG every 3–4 weeks, trough IgG before each dose; IgG before infusion and monthly for at least 3 months';

export const DEFAULT_TROUGH_WINDOW_DAYS = 7;
export const DEFAULT_DUE_SOON_DAYS = 7;
export const DEFAULT_DOSE_OVERDUE_AFTER_HOURS = 24;
export const DEFAULT_MONTHLY_IGG_MONTHS = 3;
export const DEFAULT_IGG_CHECK_WINDOW_DAYS = 7;
export const DEFAULT_IGG_CHECK_GRACE_DAYS = 7;
const MAX_DOSES = 1000;

// ---------------------------------------------------------------------------------------------
// Planned doses

export interface IvigPlanInput {
  firstDueAt: Instant;
  intervalWeeks?: number;
  /** Either a number of doses… */
  count?: number;
  /** …or every dose due at or before this instant. */
  until?: Instant;
  troughWindowDays?: number;
}

export interface PlannedIvigDose {
  index: number;
  dueAt: number;
  /** Trough IgG window: from this instant up to the dose. */
  troughDueFrom: number;
}

/** Due instants of planned doses (every interval from the first), each with its trough window. */
export function planIvigSchedule(input: IvigPlanInput): PlannedIvigDose[] {
  const first = toEpochMs(input.firstDueAt, 'firstDueAt');
  const weeks = checkNumber(input.intervalWeeks ?? DEFAULT_IVIG_PROTOCOL.intervalWeeks, 'intervalWeeks', {
    min: 0,
    minExclusive: true,
    max: 52,
  });
  const trough = checkNumber(input.troughWindowDays ?? DEFAULT_TROUGH_WINDOW_DAYS, 'troughWindowDays', {
    min: 0,
    max: 60,
  });
  const hasCount = input.count !== undefined && input.count !== null;
  const hasUntil = input.until !== undefined && input.until !== null;
  if (hasCount === hasUntil) throw new InvalidFindingsError('count', 'give either count or until, not both');
  const step = weeks * 7 * DAY_MS;
  let n: number;
  if (hasCount) {
    n = checkNumber(input.count, 'count', { min: 1, max: MAX_DOSES, integer: true });
  } else {
    const until = toEpochMs(input.until as Instant, 'until');
    if (until < first) throw new InvalidFindingsError('until', 'must not be before firstDueAt');
    n = Math.floor((until - first) / step) + 1;
    if (n > MAX_DOSES) throw new InvalidFindingsError('until', `would plan more than ${MAX_DOSES} doses`);
  }
  return Array.from({ length: n }, (_, index) => {
    const dueAt = first + index * step;
    return { index, dueAt, troughDueFrom: dueAt - trough * DAY_MS };
  });
}

// ---------------------------------------------------------------------------------------------
// Dose status

export interface IvigDoseRecord {
  id?: string;
  dueAt: Instant;
  given?: { at: Instant; doseG: number; lot: string; by?: string } | null;
  cancelled?: { reason: string; at?: Instant; by?: string } | null;
  missed?: boolean;
}

export type IvigDoseStatus = 'given' | 'cancelled' | 'missed' | 'overdue' | 'due_soon' | 'planned';
export type TroughStatus = 'done' | 'not_yet_due' | 'due' | 'missed' | 'not_needed';

export interface IvigDoseState {
  id: string | null;
  dueAt: number;
  status: IvigDoseStatus;
  given: { at: number; doseG: number; lot: string; by: string | null } | null;
  cancelledReason: string | null;
  trough: { status: TroughStatus; dueFrom: number; resultAt: number | null; mgPerDl: number | null };
  reason: string;
}

export interface DoseStatusOptions {
  dueSoonDays?: number;
  overdueAfterHours?: number;
  troughWindowDays?: number;
}

/** Status of each dose at `now`, and of its trough IgG. */
export function ivigDoseStates(input: {
  doses: readonly IvigDoseRecord[];
  iggResults?: readonly IgGResult[];
  now: Instant;
  options?: DoseStatusOptions;
}): IvigDoseState[] {
  const nowMs = toEpochMs(input.now, 'now');
  const o = input.options ?? {};
  const dueSoonMs =
    checkNumber(o.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS, 'dueSoonDays', { min: 0, max: 365 }) * DAY_MS;
  const overdueMs =
    checkNumber(o.overdueAfterHours ?? DEFAULT_DOSE_OVERDUE_AFTER_HOURS, 'overdueAfterHours', {
      min: 0,
      max: 24 * 365,
    }) * HOUR_MS;
  const troughMs =
    checkNumber(o.troughWindowDays ?? DEFAULT_TROUGH_WINDOW_DAYS, 'troughWindowDays', { min: 0, max: 60 }) *
    DAY_MS;
  const results = checkIgGSeries(input.iggResults ?? [], 'iggResults', nowMs);

  const states = checkArray<IvigDoseRecord>(input.doses, 'doses').map((d, i): IvigDoseState => {
    const f = `doses[${i}]`;
    const dueAt = toEpochMs(d.dueAt, `${f}.dueAt`);
    const given = d.given
      ? {
          at: checkInstant(d.given.at, `${f}.given.at`, nowMs),
          doseG: checkNumber(d.given.doseG, `${f}.given.doseG`, { min: 0, minExclusive: true, max: 500 }),
          lot: checkText(d.given.lot, `${f}.given.lot`),
          by: d.given.by === undefined ? null : checkText(d.given.by, `${f}.given.by`),
        }
      : null;
    const cancelledReason = d.cancelled ? checkText(d.cancelled.reason, `${f}.cancelled.reason`) : null;
    const missed = d.missed === undefined ? false : checkBoolean(d.missed, `${f}.missed`);
    if ([given !== null, cancelledReason !== null, missed].filter(Boolean).length > 1) {
      throw new InvalidFindingsError(f, 'a dose is either given, cancelled or missed, not more than one');
    }
    const date = utcDate(dueAt);
    let status: IvigDoseStatus;
    let reason: string;
    if (given) {
      status = 'given';
      reason = `IVIG ${given.doseG} g given ${utcDate(given.at)} (lot ${given.lot}), due ${date}`;
    } else if (cancelledReason !== null) {
      status = 'cancelled';
      reason = `IVIG due ${date} cancelled: ${cancelledReason}`;
    } else if (missed) {
      status = 'missed';
      reason = `IVIG due ${date} missed`;
    } else if (nowMs >= dueAt + overdueMs) {
      status = 'overdue';
      reason = `IVIG overdue: due ${date}`;
    } else if (nowMs >= dueAt - dueSoonMs) {
      status = 'due_soon';
      reason = `IVIG due ${date}`;
    } else {
      status = 'planned';
      reason = `IVIG planned ${date}`;
    }

    const dueFrom = Math.min(dueAt, given?.at ?? dueAt) - troughMs;
    const until = given?.at ?? Number.POSITIVE_INFINITY;
    const found = results.filter((r) => r.at >= dueFrom && r.at <= until).at(-1) ?? null;
    let troughStatus: TroughStatus;
    if (found) troughStatus = 'done';
    else if (status === 'cancelled' || status === 'missed') troughStatus = 'not_needed';
    else if (given) troughStatus = 'missed';
    else if (nowMs < dueFrom) troughStatus = 'not_yet_due';
    else troughStatus = 'due';
    return {
      id: d.id ?? null,
      dueAt,
      status,
      given,
      cancelledReason,
      trough: { status: troughStatus, dueFrom, resultAt: found?.at ?? null, mgPerDl: found?.mgPerDl ?? null },
      reason,
    };
  });
  return states.sort((a, b) => a.dueAt - b.dueAt);
}

function checkIgGSeries(series: readonly IgGResult[], field: string, nowMs?: number) {
  return checkArray<IgGResult>(series, field)
    .map((r, i) => ({
      id: r.id ?? null,
      at: checkInstant(r.at, `${field}[${i}].at`, nowMs),
      mgPerDl: checkNumber(r.mgPerDl, `${field}[${i}].mgPerDl`, { min: 0, max: 10_000 }),
    }))
    .sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------------------------------------
// IgG checks: baseline, monthly, trough

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

// ---------------------------------------------------------------------------------------------
// Stop rule

export interface IvigStopInput {
  /** IgG results taken while off IVIG. */
  iggSeriesOffIvig: readonly IgGResult[];
  bCellStatus: BCellStatus;
  /** When given, values within one interval after it are not counted as off IVIG. */
  lastIvigGivenAt?: Instant | null;
  protocol?: Partial<IvigProtocol>;
}

export interface IvigStopSuggestion {
  suggested: boolean;
  /** The run of values ≥ threshold that the rule looked at. */
  run: { from: number; to: number; count: number } | null;
  reasons: string[];
  source: string;
}

/** Stop IVIG suggested: IgG stays ≥ 400 mg/dL off IVIG (≥ 2 values over ≥ one interval) and B cells back. */
export function ivigStopSuggested(input: IvigStopInput): IvigStopSuggestion {
  const p = resolveIvigProtocol(input.protocol);
  const status = input.bCellStatus;
  if (!['not_yet_depleted', 'aplasia', 'reconstituted', 'no_data'].includes(status)) {
    throw new InvalidFindingsError('bCellStatus', `unknown B-cell status ${JSON.stringify(status)}`);
  }
  const intervalMs = p.intervalWeeks * 7 * DAY_MS;
  let series = checkIgGSeries(input.iggSeriesOffIvig, 'iggSeriesOffIvig');
  const reasons: string[] = [];
  if (input.lastIvigGivenAt !== undefined && input.lastIvigGivenAt !== null) {
    const last = toEpochMs(input.lastIvigGivenAt, 'lastIvigGivenAt');
    const offFrom = last + intervalMs;
    const excluded = series.filter((r) => r.at < offFrom).length;
    if (excluded > 0) {
      reasons.push(
        `${excluded} IgG value(s) within ${p.intervalWeeks} weeks of the last IVIG (${utcDate(last)}) not counted as off IVIG`,
      );
    }
    series = series.filter((r) => r.at >= offFrom);
  }
  const threshold = p.igGIndicatedBelowMgDl;
  let start = series.length;
  while (start > 0 && (series[start - 1]?.mgPerDl ?? 0) >= threshold) start--;
  const run = series.slice(start);
  const first = run[0];
  const last = run.at(-1);
  const runInfo = first && last ? { from: first.at, to: last.at, count: run.length } : null;
  let iggOk = false;
  if (!first || !last) {
    reasons.push(
      series.length === 0
        ? 'no IgG off IVIG'
        : `latest IgG off IVIG ${series.at(-1)?.mgPerDl} mg/dL is below ${threshold} mg/dL`,
    );
  } else if (run.length < 2) {
    reasons.push(
      `only one IgG ≥ ${threshold} mg/dL off IVIG (${last.mgPerDl} mg/dL); two consecutive values are needed`,
    );
  } else if (last.at - first.at < intervalMs) {
    reasons.push(
      `${run.length} IgG values ≥ ${threshold} mg/dL off IVIG over ${Math.floor((last.at - first.at) / DAY_MS)} days; they must span at least one interval (${p.intervalWeeks} weeks)`,
    );
  } else {
    iggOk = true;
    reasons.push(
      `${run.length} consecutive IgG values ≥ ${threshold} mg/dL off IVIG from ${utcDate(first.at)} to ${utcDate(last.at)} (${run.map((r) => r.mgPerDl).join(', ')} mg/dL)`,
    );
  }
  const bOk = status === 'reconstituted';
  reasons.push(bOk ? 'B cells reconstituted' : `B cells not reconstituted (${status.replaceAll('_', ' ')})`);
  const suggested = iggOk && bOk;
  reasons.push(
    suggested ? 'stopping IVIG can be considered (clinician decision)' : 'continue IVIG as planned',
  );
  return { suggested, run: runInfo, reasons, source: IVIG_SCHEDULE_SOURCE };
}

// ---------------------------------------------------------------------------------------------
// Coordinator alerts

export type FollowUpAlertRule =
  | 'ivig_indicated'
  | 'ivig_clinician_decision'
  | 'ivig_due_within_7_days'
  | 'ivig_overdue'
  | 'igg_check_due'
  | 'b_cell_reconstitution';

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

// ---------------------------------------------------------------------------------------------
// Worklist across patients

export interface WorklistPatient {
  patientId: string;
  label?: string;
  doses?: readonly IvigDoseState[];
  iggChecks?: readonly IggCheck[];
  milestones?: readonly MilestoneState[];
}

export type WorklistKind = 'ivig_dose' | 'igg_check' | 'milestone';
export type WorklistStatus = 'overdue' | 'due' | 'upcoming';

export interface WorklistItem {
  patientId: string;
  label: string;
  kind: WorklistKind;
  dueAt: number;
  status: WorklistStatus;
  title: string;
}

/**
 * Upcoming and overdue doses, IgG checks and follow-up visits across patients, sorted by due date
 * (then patient, kind, title). Overdue and due items always appear; upcoming ones when due within
 * `horizonDays` (default 14).
 */
export function worklist(
  patients: readonly WorklistPatient[],
  options: { now: Instant; horizonDays?: number },
): WorklistItem[] {
  const nowMs = toEpochMs(options.now, 'now');
  const horizon =
    nowMs + checkNumber(options.horizonDays ?? 14, 'horizonDays', { min: 0, max: 366 }) * DAY_MS;
  const items: WorklistItem[] = [];
  checkArray<WorklistPatient>(patients, 'patients').forEach((p, i) => {
    const patientId = checkText(p.patientId, `patients[${i}].patientId`);
    const label = p.label ?? patientId;
    const add = (kind: WorklistKind, dueAt: number, status: WorklistStatus | null, title: string) => {
      if (status === null) return;
      if (status === 'upcoming' && dueAt > horizon) return;
      items.push({ patientId, label, kind, dueAt, status, title });
    };
    for (const d of p.doses ?? []) {
      const s =
        d.status === 'overdue'
          ? 'overdue'
          : d.status === 'due_soon'
            ? 'due'
            : d.status === 'planned'
              ? 'upcoming'
              : null;
      add('ivig_dose', d.dueAt, s, d.reason);
    }
    for (const c of p.iggChecks ?? []) {
      const s =
        c.status === 'overdue'
          ? 'overdue'
          : c.status === 'due'
            ? 'due'
            : c.status === 'upcoming'
              ? 'upcoming'
              : null;
      add('igg_check', c.dueAt, s, c.label);
    }
    for (const m of p.milestones ?? []) {
      const s =
        m.status === 'overdue'
          ? 'overdue'
          : m.status === 'due'
            ? 'due'
            : m.status === 'upcoming'
              ? 'upcoming'
              : null;
      add('milestone', m.dueAt, s, m.reason);
    }
  });
  const kindRank: Record<WorklistKind, number> = { ivig_dose: 0, igg_check: 1, milestone: 2 };
  return items.sort(
    (a, b) =>
      a.dueAt - b.dueAt ||
      a.patientId.localeCompare(b.patientId) ||
      kindRank[a.kind] - kindRank[b.kind] ||
      a.title.localeCompare(b.title),
  );
}
