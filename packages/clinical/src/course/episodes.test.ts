import { describe, expect, it } from 'vitest';
import type { ChartedFact } from '../facts.ts';
import { gradeCourse } from './index.ts';
import { ctx, H, INFUSION, pointAt, vitals } from './test-facts.ts';

describe('course: episodes resolve and recur', () => {
  const facts: ChartedFact[] = [
    vitals('v1', 30, { temperatureC: 38.6 }),
    vitals('v2', 34, { temperatureC: 38.1, oxygen: { device: 'nasal_cannula', flowLpm: 2 } }),
    vitals('v3', 50, { temperatureC: 37.0 }),
    vitals('v4', 54),
    vitals('v5', 70),
    vitals('v6', 74),
    vitals('v7', 78),
    vitals('v8', 100, { temperatureC: 39.0 }),
  ];
  const r = gradeCourse(ctx, facts);
  it('resolved at the first sign-free moment, confirmed 24 h later, duration onset → resolution', () => {
    expect(r.crsEpisodes[0]).toMatchObject({
      index: 1,
      maxGrade: 2,
      maxGradeAt: INFUSION + 34 * H,
      status: 'resolved',
      resolvedAt: INFUSION + 50 * H,
      resolutionConfirmedAt: INFUSION + 74 * H,
      durationMs: 20 * H,
    });
    expect(pointAt(r.points, 70).crs.episode).toBe(1);
    expect(pointAt(r.points, 74).crs.episode).toBeNull();
  });
  it('a new fever after resolution starts episode 2', () => {
    expect(r.crsEpisodes[1]).toMatchObject({
      index: 2,
      onsetAt: INFUSION + 100 * H,
      status: 'ongoing',
      maxGrade: 1,
    });
    expect(pointAt(r.points, 100).crs.episode).toBe(2);
  });
  it('a sign within the 24 h keeps the same episode (resolving → ongoing)', () => {
    const again = gradeCourse(ctx, [...facts, vitals('v5b', 71, { systolicMmHg: 80 })]);
    expect(again.crsEpisodes[0]?.resolvedAt).toBeNull();
    expect(again.crsEpisodes[0]?.status).toBe('ongoing');
  });
  it('a resolving episode says so', () => {
    const early = gradeCourse(ctx, facts.slice(0, 4));
    expect(early.crsEpisodes[0]).toMatchObject({
      status: 'resolving',
      resolvedAt: INFUSION + 50 * H,
      durationMs: null,
    });
  });
});
