/** Daily maximum: the highest grade at any charted moment of each Day (time.ts for Day numbers). */
import { lowerBound } from '../time.ts';
import type { CoursePoint, DailyMaxGrade } from './types.ts';

export const dailyMaxDay = (d: DailyMaxGrade): number => d.day;

/**
 * Recompute `daily` (sorted by Day) from `firstDay` on, from the points; the points before
 * `firstNewPoint` are unchanged, so only those of `firstDay` among them are read again.
 */
export function redoDailyMax(
  daily: DailyMaxGrade[],
  points: readonly CoursePoint[],
  firstDay: number,
  firstNewPoint: number,
): void {
  daily.length = lowerBound(daily, firstDay, dailyMaxDay);
  let p = firstNewPoint;
  while (p > 0 && (points[p - 1] as CoursePoint).day >= firstDay) p--;
  let current: DailyMaxGrade | null = null;
  for (; p < points.length; p++) {
    const point = points[p] as CoursePoint;
    if (current === null || current.day !== point.day) {
      current = { day: point.day, crsMaxGrade: 0, crsMaxAt: null, icansMaxGrade: 0, icansMaxAt: null };
      daily.push(current);
    }
    if (point.crs.grade > current.crsMaxGrade) {
      current.crsMaxGrade = point.crs.grade;
      current.crsMaxAt = point.at;
    }
    if (point.icans.grade > current.icansMaxGrade) {
      current.icansMaxGrade = point.icans.grade;
      current.icansMaxAt = point.at;
    }
  }
}
