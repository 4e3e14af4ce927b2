/**
 * The x axis of the patient's charts in days since infusion: the default range that fits the
 * charted facts, and even tick steps. Pure functions, no React.
 */

/** Tick steps in days: whole days, two days, a week, two weeks, a month (30 days). */
export const DAY_TICK_STEPS = [1, 2, 7, 14, 30] as const;
/** At most this many ticks fit a narrow (390 px) chart without overlapping labels. */
export const MAX_DAY_TICKS = 10;
/** The default range starts the day before infusion and is at least a week long. */
export const DEFAULT_FIRST_DAY = -1;
export const MIN_RANGE_DAYS = 7;

/**
 * The smallest step of DAY_TICK_STEPS that keeps the ticks of `span` days at or under `maxTicks`;
 * past 30-day steps, whole multiples of 30 days.
 */
export function dayTickStep(spanDays: number, maxTicks = MAX_DAY_TICKS): number {
  if (!Number.isFinite(spanDays) || spanDays <= 0) return 1;
  const ticks = Math.max(1, Math.floor(maxTicks));
  for (const step of DAY_TICK_STEPS) if (spanDays / step <= ticks) return step;
  return 30 * Math.ceil(spanDays / (30 * ticks));
}

/** Ticks at whole multiples of the step (so Day 0 is always a tick when in range), from..to inclusive. */
export function dayTicks(from: number, to: number, maxTicks = MAX_DAY_TICKS): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  const step = dayTickStep(to - from, maxTicks);
  const out: number[] = [];
  for (let d = Math.ceil(from / step) * step; d <= to + 1e-9; d += step) out.push(d === 0 ? 0 : d);
  return out;
}

/**
 * The default range for the facts charted at `days` (days since infusion): from Day −1 (or the
 * first fact, with `includeEarlier`) to the day of the latest fact, at least MIN_RANGE_DAYS long.
 */
export function fitDayRange(
  days: readonly number[],
  options: { includeEarlier?: boolean } = {},
): [number, number] {
  const finite = days.filter(Number.isFinite);
  const earliest = finite.length ? Math.floor(Math.min(...finite)) : DEFAULT_FIRST_DAY;
  const from = options.includeEarlier ? Math.min(DEFAULT_FIRST_DAY, earliest) : DEFAULT_FIRST_DAY;
  const latest = finite.length ? Math.ceil(Math.max(...finite)) : from;
  return [from, Math.max(latest, from + MIN_RANGE_DAYS)];
}

/** "D0", "D+7", "D−1" (a true minus sign). */
export function dayTickLabel(day: number): string {
  const d = Math.round(day);
  return d === 0 ? 'D0' : d > 0 ? `D+${d}` : `D\u2212${-d}`;
}
