import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../../test/ics.ts';
import { type UnitWorklistItem, worklistCalendar } from './worklist.ts';

const NOW = Date.parse('2025-06-10T08:00:00Z');
const octets = (s: string) => new TextEncoder().encode(s).length;
const item = (over: Partial<UnitWorklistItem> = {}): UnitWorklistItem => ({
  patientId: 12,
  label: 'Zyxwarth, Quentin (MRN-77123)',
  kind: 'ivig_dose',
  dueAt: '2025-06-12T00:00:00.000Z',
  status: 'upcoming',
  title: 'IVIG 30 g',
  feedLabel: 'Q.Z. #12',
  ...over,
});

describe('the follow-up worklist as an iCalendar feed', () => {
  it('writes a complete RFC 5545 calendar with CRLF line endings, one all-day event per item', () => {
    const text = worklistCalendar([item()], NOW);
    const lines = text.split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//CellWatch//Follow-up worklist//EN',
    ]);
    expect(parseIcs(text).properties['X-WR-CALNAME']).toBe(
      'CellWatch follow-up: IVIG doses, IgG checks and visits',
    );
    const event = lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
    expect(event).toEqual(
      expect.arrayContaining([
        `UID:ivig_dose-12-${Date.parse('2025-06-12T00:00:00Z')}@cellwatch`,
        'DTSTAMP:20250610T080000Z',
        'DTSTART;VALUE=DATE:20250612',
        'DTEND;VALUE=DATE:20250613',
        'SUMMARY:IVIG dose: Q.Z. #12',
        'DESCRIPTION:IVIG 30 g (upcoming)',
      ]),
    );
    expect(lines.slice(-2)).toEqual(['END:VCALENDAR', '']);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const secret of ['Zyxwarth', 'Quentin', 'MRN-77123']) expect(text).not.toContain(secret);
  });

  it('gives an all-day event the UTC date it is due, with DTEND the next date, and keeps its UID when the status changes', () => {
    const late = item({
      kind: 'igg_check',
      dueAt: '2025-12-31T22:00:00Z',
      title: 'IgG trough',
      status: 'due',
    });
    const text = worklistCalendar([late], NOW);
    expect(text).toContain('DTSTART;VALUE=DATE:20251231\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20260101\r\n');
    const [event] = parseIcs(text).events;
    expect(event).toMatchObject({
      allDay: true,
      start: Date.parse('2025-12-31T00:00:00Z'),
      end: Date.parse('2026-01-01T00:00:00Z'),
      dtstamp: NOW,
      summary: 'IgG check: Q.Z. #12',
    });
    const overdue = parseIcs(worklistCalendar([{ ...late, status: 'overdue' }], NOW)).events[0];
    expect(overdue?.uid).toBe(event?.uid);
    expect(overdue?.description).toBe('IgG trough (overdue)');
  });

  it('escapes backslash, semicolon, comma and newlines, and drops control characters', () => {
    const text = worklistCalendar(
      [item({ title: 'a\\b;c,d\ne\r\nf\rg', feedLabel: 'tab\there\u0000\u0007\u007f' })],
      NOW,
    );
    expect(text).toContain('DESCRIPTION:a\\\\b\\;c\\,d\\ne\\nf\\ng (upcoming)\r\n');
    expect(text).toContain('SUMMARY:IVIG dose: tab\there\r\n');
    const [event] = parseIcs(text).events;
    expect(event?.description).toBe('a\\b;c,d\ne\nf\ng (upcoming)');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const long = 'IVIG 30 g – Ü 😀'.repeat(20);
    const text = worklistCalendar([item({ title: long })], NOW);
    const lines = text.split('\r\n');
    expect(lines.every((l) => octets(l) <= 75)).toBe(true);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
    for (const l of lines)
      expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(parseIcs(text).events[0]?.description).toBe(`${long} (upcoming)`);
  });

  it('property: the feed reads back item for item', () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 120 })
      .map((s) => [...s].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join(''));
    const items = fc.uniqueArray(
      fc.record({
        patientId: fc.integer({ min: 1, max: 10_000 }),
        day: fc.integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2100, 0, 1) / 86_400_000 }),
        feedLabel: fc.oneof(text, fc.constantFrom('a;b,c\\d', ',,,;;;\\\\')),
        title: text,
      }),
      { selector: (i) => `${i.patientId}-${i.day}`, maxLength: 6 },
    );
    fc.assert(
      fc.property(items, (drawn) => {
        const worklistItems = drawn.map((d) =>
          item({
            patientId: d.patientId,
            dueAt: new Date(d.day * 86_400_000).toISOString(),
            feedLabel: d.feedLabel,
            title: d.title,
          }),
        );
        const generated = worklistCalendar(worklistItems, NOW);
        if (!generated.split('\r\n').every((l) => octets(l) <= 75)) return false;
        const parsed = parseIcs(generated).events;
        return (
          parsed.length === drawn.length &&
          parsed.every((p, n) => {
            const d = drawn[n] as (typeof drawn)[number];
            return (
              p.start === d.day * 86_400_000 &&
              p.summary === `IVIG dose: ${d.feedLabel}` &&
              p.description === `${d.title} (upcoming)`
            );
          })
        );
      }),
    );
  });
});
