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
 * - A visit's data counts as the visit: a lab result for one of its items (blood count = ANC,
 *   lymphocytes, platelets or haemoglobin; CD19 % or absolute; IgG; autoantibody) charted inside
 *   the visit's window makes it `completed` (completedBy 'data'), with the items still missing named
 *   in the reason (malignancy surveillance has no lab: it is always listed as not charted). The
 *   window opens 3 days before the due date for Day 7–100 and 14 days before for month 6 and
 *   yearly visits (configurable), and closes when the visit would become overdue. A result inside
 *   two windows counts once, for the visit with the nearest due date (the earlier on a tie), so a
 *   Day 12 CD19 is the Day 14 visit's, not the Day 7 visit's.
 * - Marking a visit done is a charted fact (milestone_visits); undoing it is an entered-in-error
 *   mark: the rule only ever sees the visits that are not entered in error.
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
  /** How many days before its due date a visit's window opens (data charted from then counts). */
  windowBeforeDays?: { early?: number; late?: number };
}

export interface CompletedVisit {
  milestone: string;
  at: Instant;
  /** The recorded visit (e.g. "milestone_visits:12"), for undoing it. */
  id?: string;
}

/** A charted lab result, by analyte (labs.ts names: cd19_percent, igg, anc…). */
export interface ChartedLab {
  analyte: string;
  at: Instant;
  id?: string;
}

export type MilestoneStatus = 'completed' | 'upcoming' | 'due' | 'overdue';

export interface MilestoneState extends Milestone {
  status: MilestoneStatus;
  /** From this instant the visit is overdue (end of due date + grace days). */
  overdueFrom: number;
  /** Data charted from this instant up to overdueFrom counts for this visit. */
  windowFrom: number;
  completedAt: number | null;
  /** 'visit': marked done by the coordinator; 'data': its lab data was charted in the window. */
  completedBy: 'visit' | 'data' | null;
  /** The recorded visit that completed it, when marked done. */
  visitId: string | null;
  /** Items with a result charted in the window, and those without. */
  chartedItems: FollowUpItem[];
  missingItems: FollowUpItem[];
  reason: string;
}

export const MILESTONE_SOURCE =
  'shared/clinical-reference.md: follow-up for years (registry track 15 years; Day 100, 6 months, then yearly), secondary malignancy watch (FDA boxed warning)';
export const DEFAULT_MILESTONE_GRACE_DAYS = { early: 7, late: 14 };
export const DEFAULT_MILESTONE_WINDOW_BEFORE_DAYS = { early: 3, late: 14 };

/** Which charted analytes stand for each follow-up item (analyte names of labs.ts). */
export const FOLLOW_UP_ITEM_ANALYTES: Record<FollowUpItem, readonly string[]> = {
  blood_count: ['anc', 'lymphocytes', 'platelets', 'hemoglobin'],
  cd19: ['cd19_percent', 'cd19_absolute'],
  igg: ['igg'],
  autoantibody: ['autoantibody'],
  malignancy_surveillance: [],
};
const ANALYTE_ITEM = new Map<string, FollowUpItem>(
  (Object.entries(FOLLOW_UP_ITEM_ANALYTES) as [FollowUpItem, readonly string[]][]).flatMap(
    ([item, analytes]) => analytes.map((a) => [a, item] as [string, FollowUpItem]),
  ),
);
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

function checkDays(value: number | undefined, fallback: number, field: string): number {
  return checkNumber(value ?? fallback, field, { min: 0, max: 365, integer: true });
}

/** Each milestone with its status at `now` given the visits already completed and the labs charted. */
export function milestoneStatuses(input: {
  infusionAt: Instant;
  completed: readonly CompletedVisit[];
  /** Charted lab results (not entered in error): a visit's data in its window completes it. */
  labs?: readonly ChartedLab[];
  now: Instant;
  options?: MilestoneOptions;
}): MilestoneState[] {
  const nowMs = toEpochMs(input.now, 'now');
  const options = input.options ?? {};
  // Due dates are calendar dates: compare them with today's date in the unit's zone.
  const today = startOfUnitDay(nowMs, options.dayNumbering);
  const grace = {
    early: checkDays(options.graceDays?.early, DEFAULT_MILESTONE_GRACE_DAYS.early, 'graceDays.early'),
    late: checkDays(options.graceDays?.late, DEFAULT_MILESTONE_GRACE_DAYS.late, 'graceDays.late'),
  };
  const before = {
    early: checkDays(
      options.windowBeforeDays?.early,
      DEFAULT_MILESTONE_WINDOW_BEFORE_DAYS.early,
      'windowBeforeDays.early',
    ),
    late: checkDays(
      options.windowBeforeDays?.late,
      DEFAULT_MILESTONE_WINDOW_BEFORE_DAYS.late,
      'windowBeforeDays.late',
    ),
  };
  const milestones = followUpMilestones(input.infusionAt, options).map((m) => ({
    ...m,
    windowFrom: m.dueAt - before[m.kind] * DAY_MS,
    overdueFrom: m.dueAt + (grace[m.kind] + 1) * DAY_MS,
  }));
  const ids = new Set(milestones.map((m) => m.id));
  const done = new Map<string, { at: number; id: string | null }>();
  checkArray<CompletedVisit>(input.completed, 'completed').forEach((v, i) => {
    if (typeof v.milestone !== 'string' || !ids.has(v.milestone)) {
      throw new InvalidFindingsError(
        `completed[${i}].milestone`,
        `unknown milestone ${JSON.stringify(v.milestone)}`,
      );
    }
    const at = checkInstant(v.at, `completed[${i}].at`, nowMs);
    const prior = done.get(v.milestone);
    if (prior === undefined || at < prior.at) done.set(v.milestone, { at, id: v.id ?? null });
  });

  // Each lab result counts once: for the visit (listing its item) with the nearest due date.
  const charted = new Map<string, Map<FollowUpItem, number>>();
  checkArray<ChartedLab>(input.labs ?? [], 'labs').forEach((l, i) => {
    const item = ANALYTE_ITEM.get(l.analyte);
    if (item === undefined) return;
    const at = checkInstant(l.at, `labs[${i}].at`, nowMs);
    // Windows are calendar dates (held as UTC midnights): compare the result's date in the unit's zone.
    const day = startOfUnitDay(at, options.dayNumbering);
    let best: (typeof milestones)[number] | null = null;
    for (const m of milestones) {
      if (day < m.windowFrom || day >= m.overdueFrom || !m.items.includes(item)) continue;
      if (best === null || Math.abs(day - m.dueAt) < Math.abs(day - best.dueAt)) best = m;
    }
    if (best === null) return;
    const items = charted.get(best.id) ?? new Map<FollowUpItem, number>();
    const prior = items.get(item);
    if (prior === undefined || at < prior) items.set(item, at);
    charted.set(best.id, items);
  });

  return milestones.map((m) => {
    const graceDays = grace[m.kind];
    const what = m.items.map(followUpItemName).join(', ');
    const items = charted.get(m.id) ?? new Map<FollowUpItem, number>();
    const chartedItems = m.items.filter((i) => items.has(i));
    const missingItems = m.items.filter((i) => !items.has(i));
    const visit = done.get(m.id) ?? null;
    const firstData = chartedItems.length
      ? Math.min(...chartedItems.map((i) => items.get(i) as number))
      : null;
    let status: MilestoneStatus;
    let reason: string;
    let completedAt: number | null = null;
    let completedBy: MilestoneState['completedBy'] = null;
    if (visit !== null) {
      status = 'completed';
      completedAt = visit.at;
      completedBy = 'visit';
      reason = `${m.label} visit completed on ${calendarDateOf(visit.at, options.dayNumbering)}`;
    } else if (firstData !== null) {
      status = 'completed';
      completedAt = firstData;
      completedBy = 'data';
      const got = chartedItems
        .map(
          (i) => `${followUpItemName(i)} on ${calendarDateOf(items.get(i) as number, options.dayNumbering)}`,
        )
        .join(', ');
      const missing = missingItems.length
        ? `; not charted: ${missingItems.map(followUpItemName).join(', ')}`
        : '';
      reason = `${m.label} visit data charted within its window (${utcDate(m.windowFrom)} to ${utcDate(m.overdueFrom - DAY_MS)}): ${got}${missing}`;
    } else if (today < m.dueAt) {
      status = 'upcoming';
      reason = `${m.label} visit due ${m.dueDate}: ${what}`;
    } else if (today < m.overdueFrom) {
      status = 'due';
      reason = `${m.label} visit due since ${m.dueDate}: ${what}`;
    } else {
      status = 'overdue';
      reason = `${m.label} visit overdue: due ${m.dueDate}, grace ${graceDays} days passed: ${what}`;
    }
    return {
      ...m,
      status,
      completedAt,
      completedBy,
      visitId: visit?.id ?? null,
      chartedItems,
      missingItems,
      reason,
    };
  });
}
