import type { FollowUpPicture } from '@cellwatch/contracts';
import type { ReactNode } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useUnitTimeZone } from '../auth/unit-time-zone.ts';
import { dayLabel } from '../format/clinical.ts';
import { dayTicks, fitDayRange } from '../format/day-axis.ts';
import { formatLocalDate } from '../format/time.ts';

const DAY_MS = 86_400_000;

/** Axis labels: the unit's Day of each time (its calendar day, as everywhere). */
function dayTick(infusionMs: number | null, timeZone: string | undefined) {
  return (t: number) => {
    if (infusionMs === null) return formatLocalDate(t);
    return dayLabel(infusionMs, t, timeZone) ?? formatLocalDate(t);
  };
}

function aplasiaAreas(data: FollowUpPicture, now: number) {
  return (data.bCells?.episodes ?? []).map((e) => ({ from: e.beganAt, to: e.reconstitutedAt ?? now }));
}

function ivigMarkers(data: FollowUpPicture) {
  return data.doses
    .filter((d) => d.given)
    .map((d) => ({
      id: String(d.id),
      at: typeof d.given?.at === 'number' ? d.given.at : Date.parse(String(d.given?.at)),
      g: d.given?.doseG ?? 0,
    }));
}

/**
 * The x axis: from Day −1 (or the baseline before it) to the latest fact, at least 7 days, with
 * ticks at even whole-day steps from Day 0 (day-axis.ts). Without an infusion date: dates only.
 */
function xAxis(values: number[], infusionMs: number | null, now: number) {
  if (infusionMs === null) {
    if (!values.length) return { domain: [now - 30 * DAY_MS, now] as [number, number], ticks: undefined };
    const min = Math.min(...values);
    const max = Math.max(...values, now);
    const pad = Math.max(DAY_MS, (max - min) * 0.03);
    return { domain: [min - pad, max + pad] as [number, number], ticks: undefined };
  }
  const [from, to] = fitDayRange(
    values.map((t) => (t - infusionMs) / DAY_MS),
    { includeEarlier: true },
  );
  return {
    domain: [infusionMs + from * DAY_MS, infusionMs + to * DAY_MS] as [number, number],
    ticks: dayTicks(from, to).map((d) => infusionMs + d * DAY_MS),
  };
}

/** The x axis of a chart over these times and its tick labels, in the unit's Days. */
export function useDayAxis(times: number[], infusionMs: number | null, now: number) {
  return { x: xAxis(times, infusionMs, now), tick: dayTick(infusionMs, useUnitTimeZone()) };
}

function Legend({ items }: { items: { className: string; label: string }[] }) {
  return (
    <ul className="fu-legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className={`fu-legend__swatch ${i.className}`} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/**
 * The x axis of the follow-up charts: time, ticked by Day (xAxis, dayTick). Called as a function
 * so that the chart gets the XAxis element itself.
 */
export function dayXAxis(x: ReturnType<typeof xAxis>, tick: (t: number) => string) {
  return (
    <XAxis
      dataKey="t"
      type="number"
      domain={x.domain}
      ticks={x.ticks}
      interval={0}
      allowDataOverflow
      scale="time"
      tickFormatter={tick}
      className="fu-axis"
    />
  );
}

/** Sparse values: points joined by straight segments, never a curve that invents values. */
export function sparseLine(dataKey: string, className: string, connectNulls = false) {
  return (
    <Line
      type="linear"
      dataKey={dataKey}
      className={`fu-line ${className}`}
      strokeWidth={3}
      dot={{ r: 5 }}
      connectNulls={connectNulls}
      isAnimationActive={false}
    />
  );
}

/** A chart's values as a table beneath it (the chart is an image to assistive technology). */
export function ValuesTable({
  summary,
  columns,
  rows,
}: {
  summary: string;
  columns: string[];
  rows: { key: number; cells: ReactNode[] }[];
}) {
  return (
    <details>
      <summary>{summary}</summary>
      <table className="table table--compact">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are fixed columns
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function IggChart({ data, now = Date.now() }: { data: FollowUpPicture; now?: number }) {
  const infusionMs = data.infusionAt ? Date.parse(data.infusionAt) : null;
  const points = data.igg.map((p) => ({ t: Date.parse(p.at), igg: p.mgPerDl })).sort((a, b) => a.t - b.t);
  const markers = ivigMarkers(data);
  const areas = aplasiaAreas(data, now);
  const { x, tick } = useDayAxis([...points.map((p) => p.t), ...markers.map((m) => m.at)], infusionMs, now);
  // The line is the IVIG rule's own threshold, as the API reports the protocol it used.
  const threshold = data.ivigProtocol.igGIndicatedBelowMgDl;
  return (
    <figure className="fu-chart">
      <figcaption>
        <strong>IgG (mg/dL)</strong> with IVIG doses (vertical lines), B-cell aplasia shaded, IVIG threshold
        line at <span data-testid="igg-threshold">{threshold}</span> mg/dL (below it IVIG is indicated)
      </figcaption>
      <div
        className="fu-chart__plot"
        role="img"
        aria-label={`IgG chart: ${points.length} values; ${markers.length} IVIG doses given`}
      >
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={points} margin={{ top: 12, right: 40, bottom: 8, left: 8 }}>
            <CartesianGrid className="fu-grid" strokeDasharray="3 3" />
            {dayXAxis(x, tick)}
            <YAxis
              unit=""
              width={56}
              className="fu-axis"
              domain={[0, (max: number) => Math.max(max, threshold)]}
            />
            <Tooltip
              labelFormatter={(t) => `${formatLocalDate(Number(t))} (${tick(Number(t))})`}
              formatter={(v) => [`${v} mg/dL`, 'IgG']}
            />
            {areas.map((a) => (
              <ReferenceArea key={a.from} x1={a.from} x2={a.to} className="fu-aplasia" ifOverflow="hidden" />
            ))}
            <ReferenceLine
              y={threshold}
              className="fu-threshold"
              strokeDasharray="6 4"
              label={{
                value: `${threshold} mg/dL`,
                position: 'insideBottomLeft',
                className: 'fu-threshold-label',
              }}
            />
            {markers.map((m) => (
              <ReferenceLine
                key={m.id}
                x={m.at}
                className="fu-ivig"
                label={{ value: `IVIG ${m.g} g`, position: 'insideTopRight', className: 'fu-ivig-label' }}
              />
            ))}
            {sparseLine('igg', 'fu-line--igg')}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Legend
        items={[
          { className: 'fu-legend--igg', label: 'IgG mg/dL' },
          { className: 'fu-legend--ivig', label: 'IVIG dose given' },
          { className: 'fu-legend--aplasia', label: 'B-cell aplasia' },
        ]}
      />
      <ValuesTable
        summary="IgG values as a table"
        columns={['Date', 'Day', 'IgG']}
        rows={points.map((p) => ({ key: p.t, cells: [formatLocalDate(p.t), tick(p.t), `${p.igg} mg/dL`] }))}
      />
    </figure>
  );
}

export function Cd19Chart({ data, now = Date.now() }: { data: FollowUpPicture; now?: number }) {
  const infusionMs = data.infusionAt ? Date.parse(data.infusionAt) : null;
  const points = (data.bCells?.points ?? []).map((p) => ({
    t: p.at,
    pct: p.percentOfLymphocytes,
    abs: p.absolutePerUl,
  }));
  const markers = ivigMarkers(data);
  const areas = aplasiaAreas(data, now);
  const threshold = data.bCells?.thresholds?.percentBelow ?? 1;
  const { x, tick } = useDayAxis(
    points.map((p) => p.t),
    infusionMs,
    now,
  );
  return (
    <figure className="fu-chart">
      <figcaption>
        <strong>CD19 B cells (% of lymphocytes)</strong> with the aplasia threshold ({threshold}%) and aplasia
        shaded
      </figcaption>
      <div className="fu-chart__plot" role="img" aria-label={`CD19 chart: ${points.length} values`}>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={points} margin={{ top: 12, right: 40, bottom: 8, left: 8 }}>
            <CartesianGrid className="fu-grid" strokeDasharray="3 3" />
            {dayXAxis(x, tick)}
            <YAxis width={56} className="fu-axis" domain={[0, 'auto']} />
            <Tooltip
              labelFormatter={(t) => `${formatLocalDate(Number(t))} (${tick(Number(t))})`}
              formatter={(v) => [`${v} %`, 'CD19']}
            />
            {areas.map((a) => (
              <ReferenceArea key={a.from} x1={a.from} x2={a.to} className="fu-aplasia" ifOverflow="hidden" />
            ))}
            <ReferenceLine y={threshold} className="fu-threshold" strokeDasharray="6 4" />
            {markers.map((m) => (
              <ReferenceLine key={m.id} x={m.at} className="fu-ivig" />
            ))}
            {sparseLine('pct', 'fu-line--cd19', true)}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ValuesTable
        summary="CD19 values as a table"
        columns={['Date', 'Day', 'CD19 %', 'CD19 absolute']}
        rows={points.map((p) => ({
          key: p.t,
          cells: [
            formatLocalDate(p.t),
            tick(p.t),
            p.pct === null ? '—' : `${p.pct} %`,
            p.abs === null ? '—' : `${p.abs} cells/µL`,
          ],
        }))}
      />
    </figure>
  );
}
