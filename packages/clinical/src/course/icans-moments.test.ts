import { describe, expect, it } from 'vitest';
import type { ChartedFact } from '../facts.ts';
import { gradeCourse } from './index.ts';
import { ctx, H, h, INFUSION, neuro, pointAt, vitals } from './test-facts.ts';

describe('course: ICANS over time', () => {
  const facts: ChartedFact[] = [
    neuro('n1', 24),
    neuro('n2', 48, {
      iceItems: {
        orientation: { year: true, month: false, city: true, hospital: false },
        namedObjects: 2,
        followsCommands: true,
        writesSentence: false,
        countsBackwardBy10: false,
      },
      iceScore: undefined,
    }),
    vitals('v', 50),
    neuro('n3', 60),
    vitals('v2', 75),
    neuro('n4', 84),
  ];
  const r = gradeCourse(ctx, facts);
  it('grades from the latest assessment (ICE from items), carried to later moments', () => {
    expect(pointAt(r.points, 24).icans.grade).toBe(0);
    expect(pointAt(r.points, 48).icans).toMatchObject({ grade: 2, factIds: ['n2'], episode: 1 });
    expect(pointAt(r.points, 48).icans.reasons).toContain('ICE 5/10 → grade 2');
    expect(pointAt(r.points, 50).icans.grade).toBe(2);
    expect(pointAt(r.points, 75).icans.missing.map((m) => m.status)).toEqual(['stale']);
  });
  it('episode onset, maximum and resolution', () => {
    expect(r.icansEpisodes).toEqual([
      expect.objectContaining({
        syndrome: 'ICANS',
        index: 1,
        onsetAt: INFUSION + 48 * H,
        maxGrade: 2,
        resolvedAt: INFUSION + 60 * H,
        resolutionConfirmedAt: INFUSION + 84 * H,
        durationMs: 12 * H,
        status: 'resolved',
      }),
    ]);
    expect(r.dailyMax.find((d) => d.day === 2)).toMatchObject({
      icansMaxGrade: 2,
      icansMaxAt: INFUSION + 48 * H,
    });
  });
  it('children are graded with CAPD', () => {
    const child = gradeCourse({ ...ctx, ageYears: 6 }, [
      neuro('c', 30, { iceScore: undefined, capdScore: 10 }),
    ]);
    expect(pointAt(child.points, 30).icans.grade).toBe(3);
  });
  it('death due to ICANS → 5', () => {
    const dead = gradeCourse(ctx, [...facts, { kind: 'icans_death', id: 'd', at: h(90) }]);
    expect(pointAt(dead.points, 90).icans).toMatchObject({ grade: 5, factIds: ['n4', 'd'] });
  });
});
