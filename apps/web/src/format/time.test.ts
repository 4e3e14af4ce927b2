import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatLocalDateTime, formatWait } from './time.ts';

describe('formatWait', () => {
  it('counts seconds under a minute', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(0.2)).toBe('1 second');
  });

  it('rounds minutes up so nobody retries too early', () => {
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(900)).toBe('15 minutes');
  });
});

describe('formatLocalDateTime', () => {
  it('formats a UTC instant in the local zone, with the year', () => {
    const text = formatLocalDateTime('2025-11-25T14:03:00.000Z');
    expect(text).toMatch(/2025/);
    expect(text).toBe(
      new Intl.DateTimeFormat(undefined, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date('2025-11-25T14:03:00.000Z')),
    );
  });

  it('shows text that is not a date as it is', () => {
    expect(formatLocalDateTime('not a date')).toBe('not a date');
  });
});

describe('formatCalendarDate', () => {
  it('shows a date-only value as that calendar day in any time zone', () => {
    expect(formatCalendarDate('2025-11-25')).toBe(
      new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(
        new Date(2025, 10, 25),
      ),
    );
    expect(formatCalendarDate('2025-11-25')).toMatch(/25/);
  });
});
