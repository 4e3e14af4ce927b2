/**
 * Follow-up visit schedule from Day 0 (the infusion day).
 *
 * Source: shared/clinical-reference.md, "B-cell aplasia, hypogammaglobulinemia, IVIG": follow-up
 * after gene-modified cell therapy runs for years (registry track 15 years; Day 100, 6 months, then
 * yearly), including watch for secondary malignancy (FDA boxed warning on T-cell malignancies); IgG
 * before infusion and monthly for at least 3 months. Day 7, 14 and 28 are the early visits
 * (the monitoring window of at least 2 weeks, and the Day-28 aplasia check of b-cells.ts).
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Long-term follow-up"):
 * - Dates are calendar dates in the unit's zone (`dayNumbering`, time.ts; UTC when none is given).
 *   Day n = the infusion's calendar date there + n days. Month and year visits
 *   add calendar months to the infusion date, ALWAYS from Day 0 (never chained from the previous
 *   visit, so there is no drift), clamping to the last day of a shorter month: Jan 31 + 6 months =
 *   Jul 31; Aug 31 + 6 months = Feb 28 (Feb 29 in a leap year); Feb 29 + 1 year = Feb 28, + 4 years
 *   = Feb 29.
 * - What is due (a CellWatch choice, confirm per protocol):
 *   Day 7, 14: blood count, CD19 (cytopenias; aplasia onset).
 *   Day 28: blood count, CD19, IgG, autoantibody (aplasia expected by Day 28; monthly IgG).
 *   Day 100, month 6: blood count, CD19, IgG, autoantibody; month 6 adds malignancy surveillance.
 *   Years 1–5: blood count, CD19, IgG, autoantibody, malignancy surveillance.
 *   Years 6–15: blood count, malignancy surveillance (registry track; the usual long-term follow-up
 *   for gene-modified cells moves from yearly visits to yearly contact after 5 years).
 * - Status: `due` from the due date, `overdue` once the due date plus the grace window has passed
 *   (grace: 7 days for Day 7–100, 14 days for month 6 and yearly visits; configurable), `completed`
 *   when a visit is recorded for the milestone.
 */
import { InvalidFindingsError } from './errors.ts';
import { checkArray, checkInstant, checkNumber, utcDate } from './follow-up-input.ts';
import type { DayNumbering, Instant } from './time.ts';
import { calendarDateOf, DAY_MS, toEpochMs } from './time.ts';

export type FollowUpItem = 'blood_count' | 'cd19' | 'igg' | 'autoantibody' | 'malignancy_surveillance';
export type MilestoneKind = 'early' | 'late';

export interface Milestone {
  /** 'day_7', 'day_14', 'day_28', 'day_100', 'month_6', 'year_1' … 'year_15'. */
  id: string;
  label: string;
  kind: MilestoneKind;
  /** Calendar date in the unit's zone (UTC when no numbering is given), YYYY-MM-DD. */
  dueDate: string;
  /** 00:00 UTC on the due date (a date, not the instant the unit's day starts). */
  dueAt: number;
  items: FollowUpItem[];
}

export interface MilestoneOptions {
  /** Last yearly visit (default 15: registry track). */
  years?: number;
  /** Grace windows in days: early = Day 7–100, late = month 6 and yearly. */
  graceDays?: { early?: number; late?: number };
  /** The unit's Day numbering: Day 0 is the infusion's calendar date in its zone (time.ts). */
  dayNumbering?: DayNumbering;
}

export interface CompletedVisit {
  milestone: string;
  at: Instant;
}

export type MilestoneStatus = 'completed' | 'upcoming' | 'due' | 'overdue';

export interface MilestoneState extends Milestone {
  status: MilestoneStatus;
  /** From this instant the visit is overdue (end of due date + grace days). */
  overdueFrom: number;
  completedAt: number | null;
  reason: string;
}

export const MILESTONE_SOURCE =
  'shared/clinical-reference.md: follow-up for years (registry track 15 years; Day 100, 6 months, then yearly), secondary malignancy watch (FDA boxed warning)';
export const DEFAULT_MILESTONE_GRACE_DAYS = { early: 7, late: 14 };
export const FOLLOW_UP_YEARS = 15;

const ITEM_NAMES: Record<FollowUpItem, string> = {
  blood_count: 'blood count',
  cd19: 'CD19',
  igg: 'IgG',
  autoantibody: 'autoantibody',
  malignancy_surveillance: 'malignancy surveillance',
};

export function followUpItemName(item: FollowUpItem): string {
  return ITEM_NAMES[item];
}

function daysInMonthUtc(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Adds calendar months in UTC, keeping the time of day and clamping the day to the end of a
 * shorter month (Jan 31 + 1 month = Feb 28/29). Negative months go back.
 */
export function addMonthsUtc(at: Instant, months: number): number {
  const ms = toEpochMs(at, 'at');
  checkNumber(months, 'months', { integer: true, min: -12_000, max: 12_000 });
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonthUtc(year, month));
  const timeOfDay = ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

/** 00:00 UTC on the calendar date of `ms` in the unit's zone: a date, held as the UTC midnight. */
function startOfUnitDay(ms: number, numbering: DayNumbering | undefined): number {
  return Date.parse(calendarDateOf(ms, numbering));
}

const EARLY_DAYS: [number, FollowUpItem[]][] = [
  [7, ['blood_count', 'cd19']],
  [14, ['blood_count', 'cd19']],
  [28, ['blood_count', 'cd19', 'igg', 'autoantibody']],
  [100, ['blood_count', 'cd19', 'igg', 'autoantibody']],
];
const FULL: FollowUpItem[] = ['blood_count', 'cd19', 'igg', 'autoantibody', 'malignancy_surveillance'];
const REGISTRY: FollowUpItem[] = ['blood_count', 'malignancy_surveillance'];
/** Years 1–5 are full visits; later years are registry contacts (CellWatch interpretation). */
const FULL_VISIT_YEARS = 5;

/** The visit schedule from Day 0: Day 7, 14, 28, 100, month 6, then yearly to year 15. */
export function followUpMilestones(infusionAt: Instant, options: MilestoneOptions = {}): Milestone[] {
  const day0 = startOfUnitDay(toEpochMs(infusionAt, 'infusionAt'), options.dayNumbering);
  const years = checkNumber(options.years ?? FOLLOW_UP_YEARS, 'years', { min: 0, max: 30, integer: true });
  const make = (id: string, label: string, kind: MilestoneKind, dueAt: number, items: FollowUpItem[]) => ({
    id,
    label,
    kind,
    dueDate: utcDate(dueAt),
    dueAt,
    items: [...items],
  });
  const out: Milestone[] = EARLY_DAYS.map(([n, items]) =>
    make(`day_${n}`, `Day ${n}`, 'early', day0 + n * DAY_MS, items),
  );
  out.push(make('month_6', 'Month 6', 'late', addMonthsUtc(day0, 6), FULL));
  for (let y = 1; y <= years; y++) {
    out.push(
      make(
        `year_${y}`,
        `Year ${y}`,
        'late',
        addMonthsUtc(day0, 12 * y),
        y <= FULL_VISIT_YEARS ? FULL : REGISTRY,
      ),
    );
  }
  return out;
}

/** Each milestone with its status at `now` given the visits already completed. */
export function milestoneStatuses(input: {
  infusionAt: Instant;
  completed: readonly CompletedVisit[];
  now: Instant;
  options?: MilestoneOptions;
}): MilestoneState[] {
  const nowMs = toEpochMs(input.now, 'now');
  const options = input.options ?? {};
  // Due dates are calendar dates: compare them with today's date in the unit's zone.
  const today = startOfUnitDay(nowMs, options.dayNumbering);
  const grace = {
    early: checkNumber(options.graceDays?.early ?? DEFAULT_MILESTONE_GRACE_DAYS.early, 'graceDays.early', {
      min: 0,
      max: 365,
      integer: true,
    }),
    late: checkNumber(options.graceDays?.late ?? DEFAULT_MILESTONE_GRACE_DAYS.late, 'graceDays.late', {
      min: 0,
      max: 365,
      integer: true,
    }),
  };
  const milestones = followUpMilestones(input.infusionAt, options);
  const ids = new Set(milestones.map((m) => m.id));
  const done = new Map<string, number>();
  checkArray<CompletedVisit>(input.completed, 'completed').forEach((v, i) => {
    if (typeof v.milestone !== 'string' || !ids.has(v.milestone)) {
      throw new InvalidFindingsError(
        `completed[${i}].milestone`,
        `unknown milestone ${JSON.stringify(v.milestone)}`,
      );
    }
    const at = checkInstant(v.at, `completed[${i}].at`, nowMs);
    const prior = done.get(v.milestone);
    if (prior === undefined || at < prior) done.set(v.milestone, at);
  });
  return milestones.map((m) => {
    const graceDays = grace[m.kind];
    const overdueFrom = m.dueAt + (graceDays + 1) * DAY_MS;
    const what = m.items.map(followUpItemName).join(', ');
    const completedAt = done.get(m.id) ?? null;
    let status: MilestoneStatus;
    let reason: string;
    if (completedAt !== null) {
      status = 'completed';
      reason = `${m.label} visit completed on ${calendarDateOf(completedAt, options.dayNumbering)}`;
    } else if (today < m.dueAt) {
      status = 'upcoming';
      reason = `${m.label} visit due ${m.dueDate}: ${what}`;
    } else if (today < overdueFrom) {
      status = 'due';
      reason = `${m.label} visit due since ${m.dueDate}: ${what}`;
    } else {
      status = 'overdue';
      reason = `${m.label} visit overdue: due ${m.dueDate}, grace ${graceDays} days passed: ${what}`;
    }
    return { ...m, status, overdueFrom, completedAt, reason };
  });
}
