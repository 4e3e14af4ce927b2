/**
 * iCalendar (RFC 5545) feed of due IVIG doses for the unit calendar, and a small parser to read it
 * back (tests, API tests). Pure string work, no I/O.
 *
 * RFC 5545 rules applied: CRLF line endings (3.1); content lines folded so that no line is longer
 * than 75 octets, continuation lines starting with one space, never splitting a UTF-8 character
 * (3.1); TEXT escaping of backslash, semicolon, comma and newlines (3.3.11); VCALENDAR with VERSION
 * and PRODID (3.7.3, 3.7.4); VEVENT with UID and DTSTAMP (3.6.1, 3.8.4.7, 3.8.7.2); UTC DATE-TIME
 * values with a trailing Z (3.3.5), DATE values for all-day events (3.3.4).
 *
 * CELLWATCH CHOICES (README.md, "Long-term follow-up"):
 * - Times are UTC (…Z), whole seconds (milliseconds are dropped). An all-day event is the UTC date
 *   of its start, with DTEND the next date.
 * - Control characters other than newline and tab cannot appear in TEXT: they are removed. CRLF and
 *   CR in a text become a newline (\n), so they read back as "\n".
 * - A calendar feed leaves the hospital's systems: summaries should carry no patient names.
 */
import { InvalidFindingsError } from './errors.ts';
import { checkArray, checkText } from './follow-up-input.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs } from './time.ts';

export interface IcsEvent {
  uid: string;
  /** Epoch ms (or a zoned ISO string). */
  start: Instant;
  /** Timed events only: the end instant. */
  end?: Instant;
  allDay?: boolean;
  summary: string;
  description?: string;
}

export interface IcsOptions {
  now: Instant;
  prodId: string;
  /** X-WR-CALNAME, the name calendar apps show. */
  name?: string;
}

export interface ParsedIcsEvent {
  uid: string;
  start: number;
  end: number | null;
  allDay: boolean;
  summary: string;
  description: string | null;
  dtstamp: number | null;
  /** Every property of the event (last value wins), unescaped where TEXT. */
  properties: Record<string, string>;
}

export interface ParsedIcs {
  properties: Record<string, string>;
  events: ParsedIcsEvent[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** C0 controls (except tab and newline) and DEL cannot appear in TEXT (RFC 5545 3.3.11). */
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code < 0x20 && c !== '\t' && c !== '\n') || code === 0x7f;
}

/** TEXT escaping (RFC 5545 3.3.11). */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\r\n|\r/g, '\n')
    .split('')
    .filter((c) => !isControl(c))
    .join('')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Reverses escapeIcsText: \\ \; \, \n \N. */
export function unescapeIcsText(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i] as string;
      out += next === 'n' || next === 'N' ? '\n' : next;
    } else {
      out += c;
    }
  }
  return out;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Folds one content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const len = utf8Length(ch.codePointAt(0) as number);
    if (octets + len > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += len;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function icsDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

function icsDateTime(ms: number): string {
  const d = new Date(ms);
  return `${icsDate(ms)}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** An iCalendar document (CRLF, folded, escaped) with one VEVENT per event. */
export function icsCalendar(events: readonly IcsEvent[], options: IcsOptions): string {
  const now = toEpochMs(options.now, 'now');
  const prodId = checkText(options.prodId, 'prodId');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeIcsText(prodId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  if (options.name !== undefined)
    lines.push(`X-WR-CALNAME:${escapeIcsText(checkText(options.name, 'name'))}`);
  const seen = new Set<string>();
  checkArray<IcsEvent>(events, 'events').forEach((e, i) => {
    const f = `events[${i}]`;
    const uid = checkText(e.uid, `${f}.uid`);
    if (seen.has(uid)) throw new InvalidFindingsError(`${f}.uid`, `duplicate UID ${JSON.stringify(uid)}`);
    seen.add(uid);
    const start = toEpochMs(e.start, `${f}.start`);
    if (typeof e.summary !== 'string') throw new InvalidFindingsError(`${f}.summary`, 'must be a text');
    if (e.description !== undefined && typeof e.description !== 'string') {
      throw new InvalidFindingsError(`${f}.description`, 'must be a text');
    }
    lines.push('BEGIN:VEVENT', `UID:${escapeIcsText(uid)}`, `DTSTAMP:${icsDateTime(now)}`);
    if (e.allDay === true) {
      if (e.end !== undefined) throw new InvalidFindingsError(`${f}.end`, 'an all-day event has no end time');
      lines.push(`DTSTART;VALUE=DATE:${icsDate(start)}`, `DTEND;VALUE=DATE:${icsDate(start + DAY_MS)}`);
    } else {
      lines.push(`DTSTART:${icsDateTime(start)}`);
      if (e.end !== undefined) {
        const end = toEpochMs(e.end, `${f}.end`);
        if (end < start) throw new InvalidFindingsError(`${f}.end`, 'must not be before start');
        lines.push(`DTEND:${icsDateTime(end)}`);
      }
    }
    lines.push(`SUMMARY:${escapeIcsText(e.summary)}`);
    if (e.description !== undefined) lines.push(`DESCRIPTION:${escapeIcsText(e.description)}`);
    lines.push('END:VEVENT');
  });
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

function parseContentLine(line: string, lineNo: number): ContentLine {
  let i = 0;
  while (i < line.length && line[i] !== ';' && line[i] !== ':') i++;
  const name = line.slice(0, i).toUpperCase();
  if (name === '' || i >= line.length)
    throw new InvalidFindingsError(`line ${lineNo}`, 'not an iCalendar content line');
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    i++;
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new InvalidFindingsError(`line ${lineNo}`, 'parameter without a value');
    const key = line.slice(i, eq).toUpperCase();
    i = eq + 1;
    let value = '';
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) throw new InvalidFindingsError(`line ${lineNo}`, 'unterminated quoted parameter');
      value = line.slice(i + 1, close);
      i = close + 1;
    } else {
      while (i < line.length && line[i] !== ';' && line[i] !== ':') value += line[i++];
    }
    params[key] = value;
  }
  if (line[i] !== ':') throw new InvalidFindingsError(`line ${lineNo}`, 'missing ":" before the value');
  return { name, params, value: line.slice(i + 1) };
}

function parseIcsTime(c: ContentLine): { ms: number; date: boolean } {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(c.value);
  if (date && (c.params.VALUE ?? '').toUpperCase() === 'DATE') {
    return { ms: Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])), date: true };
  }
  const dt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(c.value);
  if (!dt) throw new InvalidFindingsError(c.name, `only UTC (…Z) or DATE values are read: ${c.value}`);
  const [, y, mo, d, h, mi, s] = dt.map(Number) as number[];
  return { ms: Date.UTC(y as number, (mo as number) - 1, d, h, mi, s), date: false };
}

const TEXT_PROPERTIES = new Set([
  'UID',
  'SUMMARY',
  'DESCRIPTION',
  'LOCATION',
  'PRODID',
  'X-WR-CALNAME',
  'COMMENT',
]);

/** Reads an iCalendar document: unfolds lines, unescapes TEXT values, returns the VEVENTs. */
export function parseIcs(text: string): ParsedIcs {
  if (typeof text !== 'string') throw new InvalidFindingsError('text', 'must be a text');
  const unfolded = text.replace(/\r\n[ \t]|\n[ \t]/g, '');
  const lines = unfolded.split(/\r\n|\n|\r/).filter((l) => l !== '');
  const calendar: Record<string, string> = {};
  const events: ParsedIcsEvent[] = [];
  const stack: string[] = [];
  let current: { props: Record<string, string>; lines: Record<string, ContentLine> } | null = null;
  for (const [idx, raw] of lines.entries()) {
    const c = parseContentLine(raw, idx + 1);
    const value = TEXT_PROPERTIES.has(c.name) ? unescapeIcsText(c.value) : c.value;
    if (c.name === 'BEGIN') {
      stack.push(c.value.toUpperCase());
      if (c.value.toUpperCase() === 'VEVENT' && stack.length === 2) current = { props: {}, lines: {} };
    } else if (c.name === 'END') {
      const top = stack.pop();
      if (top !== c.value.toUpperCase()) {
        throw new InvalidFindingsError(
          `line ${idx + 1}`,
          `END:${c.value} does not close ${top ?? 'anything'}`,
        );
      }
      if (top === 'VEVENT' && stack.length === 1 && current) {
        events.push(toEvent(current.props, current.lines));
        current = null;
      }
    } else if (stack.length === 1) {
      calendar[c.name] = value;
    } else if (current && stack.length === 2) {
      current.props[c.name] = value;
      current.lines[c.name] = c;
    }
  }
  if (stack.length > 0) throw new InvalidFindingsError('text', `unclosed ${stack.join(' > ')}`);
  return { properties: calendar, events };
}

function toEvent(props: Record<string, string>, lines: Record<string, ContentLine>): ParsedIcsEvent {
  const startLine = lines.DTSTART;
  if (props.UID === undefined || !startLine)
    throw new InvalidFindingsError('VEVENT', 'needs UID and DTSTART');
  const start = parseIcsTime(startLine);
  const end = lines.DTEND ? parseIcsTime(lines.DTEND).ms : null;
  const dtstamp = lines.DTSTAMP ? parseIcsTime(lines.DTSTAMP).ms : null;
  return {
    uid: props.UID,
    start: start.ms,
    end,
    allDay: start.date,
    summary: props.SUMMARY ?? '',
    description: props.DESCRIPTION ?? null,
    dtstamp,
    properties: { ...props },
  };
}
