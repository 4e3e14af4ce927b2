import { InvalidFindingsError } from './errors.ts';
import {
  checkArray,
  checkBoolean,
  checkInstant,
  checkNumber,
  checkText,
  utcDate,
} from './follow-up-input.ts';
import type { IgGResult } from './ivig.ts';
import { DEFAULT_IVIG_PROTOCOL } from './ivig.ts';
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

/** IgG results checked and in time order (shared by the IgG checks and the stop rule). */
export function checkIgGSeries(series: readonly IgGResult[], field: string, nowMs?: number) {
  return checkArray<IgGResult>(series, field)
    .map((r, i) => ({
      id: r.id ?? null,
      at: checkInstant(r.at, `${field}[${i}].at`, nowMs),
      mgPerDl: checkNumber(r.mgPerDl, `${field}[${i}].mgPerDl`, { min: 0, max: 10_000 }),
    }))
    .sort((a, b) => a.at - b.at);
}
