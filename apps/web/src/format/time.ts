/**
 * Times are stored as UTC instants and always shown in the device's local time zone
 * (DESIGN.md), with the date spelled so day and month cannot be confused.
 */
const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const dateOnly = new Intl.DateTimeFormat(undefined, DATE);
const dateTime = new Intl.DateTimeFormat(undefined, { ...DATE, hour: '2-digit', minute: '2-digit' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, {
  ...DATE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "25 Nov 2025, 14:03" (with `seconds`, "14:03:27") in the local zone; the raw text if it is not a date. */
export function formatLocalDateTime(
  value: string | number | Date,
  options: { seconds?: boolean } = {},
): string {
  const date = toDate(value);
  if (!date) return String(value);
  return (options.seconds ? dateTimeSeconds : dateTime).format(date);
}

/** "25 Nov 2025" in the local zone. */
export function formatLocalDate(value: string | number | Date): string {
  const date = toDate(value);
  return date ? dateOnly.format(date) : String(value);
}

/**
 * A calendar date without a time ("2025-11-25", as the API sends Day 0 or a due date) as
 * "25 Nov 2025": read as that day wherever the device is, never shifted by its time zone.
 */
export function formatCalendarDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return formatLocalDate(value);
  return dateOnly.format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

export function formatLocalTime(value: string | number | Date): string {
  const date = toDate(value);
  return date ? timeOnly.format(date) : String(value);
}

/** A wait in words: "45 seconds", "1 minute", "14 minutes". Rounded up: never tell people to retry too early. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} ${s === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(s / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
