import { CartesianGrid, LineChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts';
import { formatLocalDate } from '../format/time.ts';
import { dayXAxis, sparseLine, useDayAxis, ValuesTable } from './FollowUpCharts.tsx';

/** One course over time: a disease activity score or an autoantibody titre. */
export interface Course {
  title: string;
  /** Lowest and highest possible value, when the instrument has a range. */
  range?: { min: number; max: number };
  points: { at: number; value: number | null }[];
}

/** A score or titre course as a line chart by Day, with its values as a table beneath. */
export function ScoreCourseChart({
  course,
  infusionAt,
  now = Date.now(),
}: {
  course: Course;
  infusionAt: string | null;
  now?: number;
}) {
  const infusionMs = infusionAt ? Date.parse(infusionAt) : null;
  const points = course.points.map((p) => ({ t: p.at, v: p.value }));
  const { x, tick } = useDayAxis(
    course.points.map((p) => p.at),
    infusionMs,
    now,
  );
  return (
    <figure className="fu-chart">
      <figcaption>
        <strong>{course.title}</strong>
        {course.range && ` (${course.range.min}–${course.range.max})`}
      </figcaption>
      <div
        className="fu-chart__plot"
        role="img"
        aria-label={`${course.title} course: ${points.length} values`}
      >
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={points} margin={{ top: 12, right: 40, bottom: 8, left: 8 }}>
            <CartesianGrid className="fu-grid" strokeDasharray="3 3" />
            {dayXAxis(x, tick)}
            <YAxis width={48} className="fu-axis" domain={[course.range?.min ?? 0, 'auto']} />
            <Tooltip
              labelFormatter={(t) => `${formatLocalDate(Number(t))} (${tick(Number(t))})`}
              formatter={(v) => [String(v), course.title]}
            />
            {sparseLine('v', 'fu-line--igg', true)}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ValuesTable
        summary={`${course.title} values as a table`}
        columns={['Date', 'Day', course.title]}
        rows={points.map((p) => ({ key: p.t, cells: [formatLocalDate(p.t), tick(p.t), p.v ?? '—'] }))}
      />
    </figure>
  );
}
