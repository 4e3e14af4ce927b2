import { InvalidFindingsError } from '@cellwatch/clinical';
import { describe, expect, it } from 'vitest';
import { parseIcs, unescapeIcsText } from './ics.ts';

describe('parseIcs (the tests’ iCalendar reader)', () => {
  it('unescapes TEXT values', () => {
    expect(unescapeIcsText('a\\\\b\\;c\\,d\\ne\\Nf')).toBe('a\\b;c,d\ne\nf');
    expect(unescapeIcsText('\\\\n')).toBe('\\n');
  });
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
