import { describe, expect, it } from 'vitest';
import { gradeCourse } from './index.ts';
import { ctx, H, h, INFUSION, neuro, pointAt, vitals } from './test-facts.ts';

describe('course: missing and stale data', () => {
  it('says what is missing and what is stale', () => {
    const r = gradeCourse(ctx, [
      vitals('v', 1, { systolicMmHg: undefined, oxygen: undefined }),
      { kind: 'medication', id: 'm', medication: 'other', at: h(6) },
    ]);
    const first = pointAt(r.points, 1);
    expect(first.crs.missing.map((m) => [m.item, m.status])).toEqual([
      ['blood_pressure', 'missing'],
      ['oxygen', 'missing'],
    ]);
    expect(first.icans.missing).toEqual([
      { item: 'neuro_assessment', status: 'missing', lastAt: null, message: 'no neuro assessment recorded' },
    ]);
    const later = pointAt(r.points, 6);
    expect(later.crs.missing[0]).toEqual({
      item: 'temperature',
      status: 'stale',
      lastAt: INFUSION + H,
      message: 'no temperature in the last 4 h',
    });
  });
  it('a neuro assessment without ICE says ICE is missing; older than 12 h is stale', () => {
    const r = gradeCourse(ctx, [neuro('n', 1, { iceScore: undefined }), vitals('v', 14)]);
    expect(pointAt(r.points, 1).icans.missing.map((m) => m.item)).toEqual(['ice']);
    expect(pointAt(r.points, 14).icans.missing.map((m) => [m.item, m.status])).toEqual([
      ['neuro_assessment', 'stale'],
      ['ice', 'missing'],
    ]);
  });
  it('ICE not performed: global aphasia grades 3; sedation names ICE as not assessable', () => {
    const r = gradeCourse(ctx, [
      neuro('aphasia', 1, { iceScore: null, notPerformedReason: 'global_aphasia' }),
      neuro('sedated', 2, { iceScore: null, notPerformedReason: 'intubated_sedated' }),
    ]);
    const aphasia = pointAt(r.points, 1).icans;
    expect(aphasia.grade).toBe(3);
    expect(aphasia.missing).toEqual([]);
    expect(aphasia.reasons).toContain(
      'ICE not performed (global aphasia) in an awake patient: counts as ICE 0/10 → grade 3',
    );
    const sedated = pointAt(r.points, 2).icans;
    expect(sedated.grade).toBe(0);
    expect(sedated.missing).toEqual([
      { item: 'ice', status: 'missing', lastAt: null, message: 'ICE not assessable (intubated and sedated)' },
    ]);
  });
});
