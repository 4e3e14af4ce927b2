import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { IcsEvent } from './ics.ts';
import { escapeIcsText, foldIcsLine, icsCalendar, parseIcs, unescapeIcsText } from './ics.ts';

const NOW = Date.parse('2025-06-10T08:00:00Z');
const OPTIONS = { now: NOW, prodId: '-//CellWatch//IVIG feed//EN' };
/** Removes C0 controls and DEL (what TEXT cannot carry), keeping newlines when asked. */
const stripControls = (s: string, keepNewline: boolean) =>
  [...s]
    .filter((c) => (c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f) || (keepNewline && c === '\n'))
    .join('');
const octets = (s: string) => new TextEncoder().encode(s).length;

function expectInvalid(fn: () => unknown, field: string) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidFindingsError);
  expect((error as InvalidFindingsError).field).toBe(field);
}

describe('icsCalendar', () => {
  it('writes a complete RFC 5545 calendar with CRLF line endings', () => {
    const text = icsCalendar(
      [
        {
          uid: 'dose-1@cellwatch',
          start: Date.parse('2025-06-12T09:30:00Z'),
          summary: 'IVIG 30 g',
          description: 'Trough IgG before',
        },
      ],
      { ...OPTIONS, name: 'Unit IVIG' },
    );
    expect(text).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//CellWatch//IVIG feed//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Unit IVIG',
        'BEGIN:VEVENT',
        'UID:dose-1@cellwatch',
        'DTSTAMP:20250610T080000Z',
        'DTSTART:20250612T093000Z',
        'SUMMARY:IVIG 30 g',
        'DESCRIPTION:Trough IgG before',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
  it('all-day events use DATE values with DTEND the next day; timed events may have an end', () => {
    const text = icsCalendar(
      [
        { uid: 'a', start: Date.parse('2025-12-31T22:00:00Z'), summary: 'IVIG due', allDay: true },
        { uid: 'b', start: '2025-06-12T09:30:00+02:00', end: '2025-06-12T13:30:00+02:00', summary: 'IVIG' },
      ],
      OPTIONS,
    );
    expect(text).toContain('DTSTART;VALUE=DATE:20251231\r\nDTEND;VALUE=DATE:20260101\r\n');
    expect(text).toContain('DTSTART:20250612T073000Z\r\nDTEND:20250612T113000Z\r\n');
    const parsed = parseIcs(text).events;
    expect(parsed[0]).toMatchObject({
      uid: 'a',
      allDay: true,
      start: Date.parse('2025-12-31T00:00:00Z'),
      end: Date.parse('2026-01-01T00:00:00Z'),
    });
    expect(parsed[1]).toMatchObject({
      uid: 'b',
      allDay: false,
      start: Date.parse('2025-06-12T07:30:00Z'),
      end: Date.parse('2025-06-12T11:30:00Z'),
    });
  });
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(unescapeIcsText('a\\\\b\\;c\\,d\\ne\\Nf')).toBe('a\\b;c,d\ne\nf');
    expect(unescapeIcsText('\\\\n')).toBe('\\n');
    expect(escapeIcsText('tab\there\u0000\u0007\u007f')).toBe('tab\there');
  });
  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const long = 'IVIG 30 g – Ü'.repeat(20);
    const text = icsCalendar([{ uid: 'x', start: NOW, summary: long }], OPTIONS);
    const lines = text.split('\r\n');
    expect(lines.every((l) => octets(l) <= 75)).toBe(true);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
    expect(parseIcs(text).events[0]?.summary).toBe(long);
    const emoji = foldIcsLine(`SUMMARY:${'😀'.repeat(40)}`);
    for (const l of emoji.split('\r\n')) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });
  it('round-trips long, unicode and special-character summaries', () => {
    const events: IcsEvent[] = [
      { uid: 'u1', start: NOW, summary: 'IVIG; 30 g, lot A\\B\nbring "consent"' },
      {
        uid: 'u2;x,y',
        start: NOW + 1000,
        summary: '😀 Immunglobulin – Ärztin sieht Überweisung '.repeat(5),
        description: 'line 1\nline 2',
      },
      { uid: 'u3', start: NOW + 2000, summary: ' leading and trailing spaces ' },
    ];
    const parsed = parseIcs(icsCalendar(events, OPTIONS));
    expect(parsed.properties).toMatchObject({ VERSION: '2.0', PRODID: '-//CellWatch//IVIG feed//EN' });
    expect(
      parsed.events.map((e) => ({
        uid: e.uid,
        start: e.start,
        summary: e.summary,
        description: e.description,
      })),
    ).toEqual(
      events.map((e) => ({
        uid: e.uid,
        start: e.start,
        summary: e.summary,
        description: e.description ?? null,
      })),
    );
    expect(parsed.events[0]?.dtstamp).toBe(NOW);
  });
  it('property: parse(generate(x)) == x', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 120 }).map((s) => stripControls(s, false));
    const event = fc.record({
      uid: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
        .filter((s) => /\S/.test(s) && stripControls(s, false) === s),
      start: fc
        .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
        .map((s) => s * 1000),
      summary: fc.oneof(text, fc.constantFrom('a;b,c\\d\ne', ',,,;;;\\\\\n\n')),
      description: fc.option(
        fc.string({ maxLength: 200 }).map((s) => stripControls(s, true)),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.uniqueArray(event, { selector: (e) => e.uid, maxLength: 6 }), (events) => {
        const generated = icsCalendar(events, OPTIONS);
        if (!generated.split('\r\n').every((l) => octets(l) <= 75)) return false;
        const parsed = parseIcs(generated).events;
        return (
          parsed.length === events.length &&
          parsed.every((p, i) => {
            const e = events[i] as (typeof events)[number];
            return (
              p.uid === e.uid &&
              p.start === e.start &&
              p.summary === e.summary &&
              p.description === (e.description ?? null)
            );
          })
        );
      }),
    );
  });
  it('refuses duplicate UIDs, empty UIDs, bad times and a missing PRODID', () => {
    expectInvalid(
      () =>
        icsCalendar(
          [
            { uid: 'a', start: NOW, summary: 'x' },
            { uid: 'a', start: NOW, summary: 'y' },
          ],
          OPTIONS,
        ),
      'events[1].uid',
    );
    expectInvalid(() => icsCalendar([{ uid: '', start: NOW, summary: 'x' }], OPTIONS), 'events[0].uid');
    expectInvalid(
      () => icsCalendar([{ uid: 'a', start: Number.NaN, summary: 'x' }], OPTIONS),
      'events[0].start',
    );
    expectInvalid(
      () => icsCalendar([{ uid: 'a', start: '2025-06-12T09:30:00', summary: 'x' }], OPTIONS),
      'events[0].start',
    );
    expectInvalid(
      () => icsCalendar([{ uid: 'a', start: NOW, end: NOW - 1, summary: 'x' }], OPTIONS),
      'events[0].end',
    );
    expectInvalid(() => icsCalendar([], { now: NOW, prodId: '' }), 'prodId');
  });
});

describe('parseIcs', () => {
  it('reads LF-only text, tab continuation lines, quoted parameters and ignores nested components', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:other',
      'BEGIN:VEVENT',
      'UID:e1',
      'DTSTART;X-NOTE="a:b;c":20250612T093000Z',
      'SUMMARY:Long sum',
      '\tmary',
      'BEGIN:VALARM',
      'SUMMARY:alarm',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    const r = parseIcs(text);
    expect(r.events).toEqual([
      expect.objectContaining({
        uid: 'e1',
        start: Date.parse('2025-06-12T09:30:00Z'),
        summary: 'Long summary',
      }),
    ]);
  });
  it('refuses broken documents and floating times', () => {
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR')).toThrow(InvalidFindingsError);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\n')).toThrow(InvalidFindingsError);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nno colon\r\nEND:VCALENDAR')).toThrow(InvalidFindingsError);
    expect(() =>
      parseIcs(
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250612T093000\r\nEND:VEVENT\r\nEND:VCALENDAR',
      ),
    ).toThrow(InvalidFindingsError);
    expect(() =>
      parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\nEND:VEVENT\r\nEND:VCALENDAR'),
    ).toThrow(InvalidFindingsError);
  });
});
