/**
 * Reads an iCalendar document (RFC 5545) back, for the tests of the calendar feeds: unfolds
 * continuation lines (3.1), unescapes TEXT values (3.3.11), reads UTC DATE-TIME (3.3.5) and DATE
 * (3.3.4) values, and returns the VEVENTs. The API writes calendars with ical-generator; this
 * reader is independent of it, so the tests check the feed as a calendar app would read it.
 */
import { InvalidFindingsError } from '@cellwatch/clinical';

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

/** Reverses TEXT escaping: \\ \; \, \n \N. */
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
