import { DAY_MS } from '@cellwatch/clinical';
import type { TimelineSeries as Series } from '@cellwatch/contracts';
import type { ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { dayTickLabel, dayTicks } from '../format/day-axis.ts';

/** The timeline's colours: three series, the reference lines and the shaded spans. */
export const COLORS = {
  a: '#2b7bb9',
  b: '#c2410c',
  c: '#7c3aed',
  ref: '#a4161a',
  band: '#2b7bb9',
  vaso: '#a4161a',
};

export type Point = { day: number; value: number };
/** Days since Day 0's midnight. */
export const toDay = (t: number, infusion: number) => (t - infusion) / DAY_MS;

/** One series' points within the range, as days since Day 0. */
export function points(series: Series, infusion: number, from: number, to: number): Point[] {
  const out: Point[] = [];
  for (const [t, value] of series.points) {
    const day = toDay(t, infusion);
    if (day >= from && day <= to) out.push({ day, value });
  }
  return out;
}

export interface LineSpec {
  name: string;
  unit: string;
  color: string;
  data: Point[];
  axis?: 'left' | 'right';
  step?: boolean;
  dash?: string;
  /** Sparse series (labs): each value drawn as a point, joined by straight segments. */
  dots?: boolean;
}

/** One chart of the timeline: its lines on the shared day axis, with a summary for screen readers. */
export function TimelineChart({
  title,
  summary,
  lines,
  domain,
  yDomain,
  yTicks,
  rightAxis,
  children,
  height = 170,
}: {
  yTicks?: number[];
  title: string;
  summary: string;
  lines: LineSpec[];
  domain: [number, number];
  yDomain?: [number | string, number | string];
  rightAxis?: boolean;
  children?: ReactNode;
  height?: number;
}) {
  const empty = lines.every((l) => l.data.length === 0);
  return (
    <figure className="chart">
      <figcaption className="chart__title">
        {title}
        <span className="chart__legend">
          {lines.map((l) => (
            <span key={l.name} className="chart__key">
              <span className="chart__swatch" style={{ background: l.color }} aria-hidden="true" />
              {l.name} ({l.unit}): {l.data.length} points
            </span>
          ))}
        </span>
      </figcaption>
      {empty ? (
        <p className="muted chart__empty">Nothing charted in this range.</p>
      ) : (
        <div className="chart__plot" role="img" aria-label={`${title}: ${summary}`}>
          <ResponsiveContainer width="100%" height={height}>
            <LineChart margin={{ top: 8, right: rightAxis ? 8 : 24, bottom: 0, left: 0 }} syncId="timeline">
              <CartesianGrid strokeDasharray="3 3" stroke="#8a96a3" strokeOpacity={0.35} />
              <XAxis
                dataKey="day"
                type="number"
                domain={domain}
                ticks={dayTicks(domain[0], domain[1])}
                interval={0}
                allowDataOverflow
                tickFormatter={dayTickLabel}
                stroke="#8a96a3"
              />
              <YAxis
                yAxisId="left"
                domain={yDomain ?? ['auto', 'auto']}
                ticks={yTicks}
                interval={yTicks ? 0 : 'preserveEnd'}
                allowDecimals={false}
                width={60}
                stroke="#8a96a3"
              />
              {rightAxis && (
                <YAxis yAxisId="right" orientation="right" width={60} domain={[0, 'auto']} stroke="#8a96a3" />
              )}
              <Tooltip
                labelFormatter={(d) => `Day ${Number(d).toFixed(1)}`}
                contentStyle={{ background: '#151b23', color: '#eef2f6', border: '1px solid #6b7886' }}
              />
              {children}
              {lines.map((l) => (
                <Line
                  key={l.name}
                  yAxisId={l.axis ?? 'left'}
                  data={l.data}
                  dataKey="value"
                  name={`${l.name} (${l.unit})`}
                  stroke={l.color}
                  strokeWidth={2}
                  strokeDasharray={l.dash}
                  dot={l.dots ? { r: 3, fill: l.color } : false}
                  type={l.step ? 'stepAfter' : 'linear'}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
