/**
 * Instants and Day numbers.
 *
 * Instants are UTC: an ISO-8601 string WITH a zone designator ("2025-03-01T08:00:00Z" or
 * "…+01:00") or epoch milliseconds. A string without a designator would be read in the process's
 * local zone, so it is refused: results never depend on the server's TZ.
 *
 * Day numbers (Day 0 = infusion day, shared/clinical-reference.md), two documented ways:
 * - `calendar` in an IANA zone: Day = local calendar date of t − local calendar date of the infusion,
 *   in that zone. This is how clinicians and trial case-report forms count ("infused at 23:30,
 *   the next morning is Day +1"), and what the API uses everywhere, in the unit's time zone
 *   (`CELLWATCH_UNIT_TIME_ZONE`). Deterministic because the zone is passed explicitly; DST is
 *   handled through Intl (a 23- or 25-hour local day is still one Day).
 * - `elapsed_24h`, the default when no numbering is passed (pure callers and older tests):
 *   Day = floor((t − infusion) / 24 h). Day 0 is the first 24 h after the infusion instant.
 */
import { InvalidFindingsError } from './errors.ts';

export type Instant = string | number;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch milliseconds of an instant; throws InvalidFindingsError on a zone-less or invalid time. */
export function toEpochMs(value: Instant, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new InvalidFindingsError(field, 'must be a finite epoch-millisecond time');
    return value;
  }
  if (typeof value !== 'string' || !ZONED_ISO.test(value)) {
    throw new InvalidFindingsError(
      field,
      'must be an ISO-8601 time with a zone (Z or ±hh:mm), or epoch milliseconds',
    );
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidFindingsError(field, `not a valid time: ${value}`);
  return ms;
}

export type DayNumbering = { kind: 'elapsed_24h' } | { kind: 'calendar'; timeZone: string };

/** Returns a function giving the Day number of an instant (epoch ms) relative to the infusion. */
export function dayNumberer(
  infusionAtMs: number,
  numbering: DayNumbering = { kind: 'elapsed_24h' },
): (t: number) => number {
  if (numbering.kind === 'elapsed_24h') return (t) => Math.floor((t - infusionAtMs) / DAY_MS);
  const offsetAt = zoneOffsetFunction(numbering.timeZone);
  const localDay = (t: number): number => Math.floor((t + offsetAt(t)) / DAY_MS);
  const infusionDay = localDay(infusionAtMs);
  return (t) => localDay(t) - infusionDay;
}

/** The calendar Day numbering of a unit in an IANA time zone (throws on an unknown zone). */
export function calendarDayNumbering(timeZone: string): DayNumbering {
  zoneOffsetFunction(timeZone);
  return { kind: 'calendar', timeZone };
}

/** True for a time zone name Intl knows ("Europe/Berlin", "UTC"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The Day number of one instant: shorthand for dayNumberer(infusionAtMs, numbering)(t). */
export function dayNumberAt(infusionAtMs: number, t: number, numbering?: DayNumbering): number {
  return dayNumberer(infusionAtMs, numbering)(t);
}

/**
 * The calendar date ("YYYY-MM-DD") of an instant in a numbering's zone (UTC for `elapsed_24h`):
 * the date written as Day 0 on a report.
 */
export function calendarDateOf(t: number, numbering?: DayNumbering): string {
  const offset = numbering?.kind === 'calendar' ? zoneOffsetFunction(numbering.timeZone)(t) : 0;
  return new Date(Math.floor((t + offset) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant the calendar day of `t` began in a numbering's zone (its local midnight; UTC
 * midnight for `elapsed_24h`): the origin of a time axis counted in the unit's Days.
 */
export function startOfCalendarDay(t: number, numbering?: DayNumbering): number {
  if (numbering?.kind !== 'calendar') return Math.floor(t / DAY_MS) * DAY_MS;
  const offsetAt = zoneOffsetFunction(numbering.timeZone);
  const localMidnight = Math.floor((t + offsetAt(t)) / DAY_MS) * DAY_MS; // as if the zone were UTC
  // The offset in force at that midnight (it may differ from t's across a DST change that day).
  return localMidnight - offsetAt(localMidnight - offsetAt(t));
}

/** One offset function per zone for the whole process: building an Intl formatter costs far more than a lookup. */
const zoneOffsetFunctions = new Map<string, (t: number) => number>();

/** Bound on the cached hours per zone (about 23 years of hours); past it the cache starts again. */
const MAX_CACHED_HOURS = 200_000;

function zoneOffsetFunction(timeZone: string): (t: number) => number {
  let offsetAt = zoneOffsetFunctions.get(timeZone);
  if (offsetAt === undefined) {
    offsetAt = newZoneOffsetFunction(timeZone);
    zoneOffsetFunctions.set(timeZone, offsetAt);
  }
  return offsetAt;
}

/**
 * Offset (ms) of an IANA zone at an instant. Offsets change only at transitions, so they are cached per
 * UTC hour; an hour whose start and end offsets differ (a transition inside it) is computed exactly.
 */
function newZoneOffsetFunction(timeZone: string): (t: number) => number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new InvalidFindingsError('timeZone', `unknown IANA time zone ${JSON.stringify(timeZone)}`);
  }
  const exact = (t: number): number => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(t))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return asUtc - (t - (((t % 1000) + 1000) % 1000));
  };
  const cache = new Map<number, number | null>();
  return (t) => {
    const hour = Math.floor(t / HOUR_MS);
    let cached = cache.get(hour);
    if (cached === undefined) {
      if (cache.size >= MAX_CACHED_HOURS) cache.clear();
      const start = exact(hour * HOUR_MS);
      const end = exact(hour * HOUR_MS + HOUR_MS - 1000);
      cached = start === end ? start : null;
      cache.set(hour, cached);
    }
    return cached ?? exact(t);
  };
}

/** First index i with sorted[i] >= value (sorted ascending by key). */
export function lowerBound<T>(sorted: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with sorted[i] > value (sorted ascending by key). */
export function upperBound<T>(sorted: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid] as T) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
