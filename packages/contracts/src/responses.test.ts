import { describe, expect, it } from 'vitest';
import { CareEventMessage } from './events.ts';
import { Timeline, TimelineSeries } from './timeline.ts';
import { WorklistItem } from './worklist.ts';

const item = {
  patientId: 3,
  label: 'A.S. #3',
  kind: 'ivig_dose',
  dueAt: '2026-04-01T00:00:00.000Z',
  status: 'due',
  title: 'IVIG dose 1',
};

describe('response contracts', () => {
  it('take the worklist kinds and statuses the rules produce, and no other string', () => {
    expect(WorklistItem.safeParse(item).success).toBe(true);
    expect(WorklistItem.safeParse({ ...item, kind: 'vaccine', status: 'blocked' }).success).toBe(true);
    expect(WorklistItem.safeParse({ ...item, kind: 'reminder' }).success).toBe(false);
    expect(WorklistItem.safeParse({ ...item, status: 'later' }).success).toBe(false);
  });

  it('keep a timeline point as [epoch ms, value, fact id or null]', () => {
    const series = {
      total: 2,
      points: [
        [1, 38.2, 'vital_sets:1'],
        [2, 38.9, null],
      ],
    };
    expect(TimelineSeries.parse(series)).toEqual(series);
    expect(TimelineSeries.safeParse({ total: 1, points: [['2026-03-02', 38.2, null]] }).success).toBe(false);
    expect(Timeline.safeParse({ infusionAt: null }).success).toBe(false);
  });

  it('refuse a care event of a type the stream does not send', () => {
    const event = { id: 1, at: '2026-03-02T08:00:00.000Z', patientId: 1, audience: ['nurse'], data: {} };
    expect(CareEventMessage.safeParse({ ...event, type: 'fact_charted' }).success).toBe(true);
    expect(CareEventMessage.safeParse({ ...event, type: 'something_else' }).success).toBe(false);
  });
});
