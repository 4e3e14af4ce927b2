import type { Timeline } from '@cellwatch/contracts';
import { fitDayRange } from '../format/day-axis.ts';
import { toDay } from './TimelineChart.tsx';

/** The range buttons above the timeline. */
export const PRESETS = [
  { label: 'Fit to data', from: 'fit', to: 'fit' },
  { label: 'Day −5 to +14', from: -5, to: 14 },
  { label: 'to +30', from: -5, to: 30 },
  { label: 'to +100', from: -5, to: 100 },
  { label: 'All', from: null, to: null },
] as const;

/** Days since infusion of every charted vital, lab and medication. */
function factDays(data: Timeline): number[] {
  const infusion = data.infusionAt ?? 0;
  const days: number[] = [];
  for (const s of [...Object.values(data.vitals), ...Object.values(data.labs)]) {
    for (const [t] of s.points) days.push(toDay(t, infusion));
  }
  for (const m of data.medications) days.push(toDay(m.t, infusion));
  return days;
}

/** Day −5 to Day +14 at least, widened to every fact. */
export function allRange(data: Timeline): [number, number] {
  const days = factDays(data);
  return [Math.floor(Math.min(-5, ...days)), Math.ceil(Math.max(14, ...days))];
}

export type Bound = number | null | 'fit';
/** The range a choice stands for: 'fit' is Day −1 to the latest fact (day-axis.ts), null is all. */
export function resolveRange(range: { from: Bound; to: Bound }, data: Timeline | undefined) {
  if (range.from === 'fit' || range.to === 'fit') {
    if (!data) return { from: null, to: null };
    const [from, to] = fitDayRange(factDays(data));
    return { from, to };
  }
  return { from: range.from, to: range.to };
}
