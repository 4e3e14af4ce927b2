import { calendarDayNumbering, DAY_MS, startOfCalendarDay } from '@cellwatch/clinical';
import type { Timeline, TimelineSeries } from '@cellwatch/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useDeferredValue, useState } from 'react';
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
import { dayTickLabel, dayTicks, fitDayRange } from '../format/day-axis.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { oxygenLabel } from './clinical-ui.tsx';
import { timelineQuery } from './queries.ts';

const PRESETS = [
  { label: 'Fit to data', from: 'fit', to: 'fit' },
  { label: 'Day −5 to +14', from: -5, to: 14 },
  { label: 'to +30', from: -5, to: 30 },
  { label: 'to +100', from: -5, to: 100 },
  { label: 'All', from: null, to: null },
] as const;

const STEROIDS = new Set(['dexamethasone', 'methylprednisolone', 'hydrocortisone', 'prednisolone']);
const COLORS = {
  a: '#2b7bb9',
  b: '#c2410c',
  c: '#7c3aed',
  ref: '#a4161a',
  band: '#2b7bb9',
  vaso: '#a4161a',
};

type Point = { day: number; value: number };
const toDay = (t: number, infusion: number) => (t - infusion) / DAY_MS;

function points(series: TimelineSeries, infusion: number, from: number, to: number): Point[] {
  const out: Point[] = [];
  for (const [t, value] of series.points) {
    const day = toDay(t, infusion);
    if (day >= from && day <= to) out.push({ day, value });
  }
  return out;
}

interface LineSpec {
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

function Chart({
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

function Charts({ data, from, to }: { data: Timeline; from: number; to: number }) {
  const infusion = data.infusionAt ?? 0;
  const pts = (s: TimelineSeries) => points(s, infusion, from, to);
  const domain: [number, number] = [from, to];
  const oxygenBands = data.oxygen
    .filter((o) => o.device !== 'room_air')
    .map((o) => ({
      ...o,
      x1: Math.max(from, toDay(o.from, infusion)),
      x2: Math.min(to, Math.max(toDay(o.to, infusion), toDay(o.from, infusion) + 0.1)),
    }))
    .filter((o) => o.x2 > o.x1);
  const nowDay = toDay(Date.now(), infusion);
  const vaso = data.vasopressors
    .map((v) => ({
      ...v,
      x1: Math.max(from, toDay(v.from, infusion)),
      x2: Math.min(to, v.to === null ? nowDay : toDay(v.to, infusion)),
    }))
    .filter((v) => v.x2 > v.x1);
  const meds = data.medications
    .filter((m) => m.drug === 'tocilizumab' || STEROIDS.has(m.drug))
    .map((m) => ({ ...m, day: toDay(m.t, infusion) }))
    .filter((m) => m.day >= from && m.day <= to);
  const stepPoints = (steps: Timeline['grades']['crs']) => {
    const all = [{ day: 0, value: 0 }, ...steps.map((s) => ({ day: toDay(s.t, infusion), value: s.grade }))];
    const before = all.filter((p) => p.day < from).at(-1);
    const inside = all.filter((p) => p.day >= from && p.day <= to);
    const start = before ? [{ day: from, value: before.value }] : [];
    const last = [...start, ...inside].at(-1);
    return last
      ? [...start, ...inside, { day: Math.min(to, toDay(Date.now(), infusion)), value: last.value }]
      : [];
  };
  return (
    <div className="charts">
      <Chart
        title="Temperature"
        summary="fever line at 38 °C"
        lines={[{ name: 'Temperature', unit: '°C', color: COLORS.b, data: pts(data.vitals.temperatureC) }]}
        domain={domain}
        yDomain={[35, 41]}
        yTicks={[35, 36, 37, 38, 39, 40, 41]}
      >
        <ReferenceLine yAxisId="left" y={38} stroke={COLORS.ref} strokeDasharray="6 3" label="38 °C" />
      </Chart>
      <Chart
        title="Heart rate"
        summary="beats per minute"
        lines={[{ name: 'Heart rate', unit: '/min', color: COLORS.c, data: pts(data.vitals.heartRate) }]}
        domain={domain}
      />
      <Chart
        title="Blood pressure and vasopressors"
        summary="systolic and mean arterial pressure, 90 mmHg line, shaded spans while a vasopressor runs"
        lines={[
          { name: 'Systolic', unit: 'mmHg', color: COLORS.a, data: pts(data.vitals.systolic) },
          {
            name: 'Mean arterial',
            unit: 'mmHg',
            color: COLORS.c,
            data: pts(data.vitals.meanArterial),
            dash: '5 3',
          },
        ]}
        domain={domain}
      >
        {vaso.map((v) => (
          <ReferenceArea
            key={v.id}
            yAxisId="left"
            x1={v.x1}
            x2={v.x2}
            fill={COLORS.vaso}
            fillOpacity={0.15}
            label={{ value: v.drug, position: 'insideTopLeft', fill: '#8a96a3' }}
          />
        ))}
        <ReferenceLine yAxisId="left" y={90} stroke={COLORS.ref} strokeDasharray="6 3" label="90 mmHg" />
      </Chart>
      <Chart
        title="SpO2 and oxygen support"
        summary="oxygen saturation; shaded bands while on oxygen"
        lines={[{ name: 'SpO2', unit: '%', color: COLORS.a, data: pts(data.vitals.spo2) }]}
        domain={domain}
        yDomain={[80, 100]}
      >
        {oxygenBands.map((o) => (
          <ReferenceArea
            key={`${o.from}-${o.device}`}
            yAxisId="left"
            x1={o.x1}
            x2={o.x2}
            fill={COLORS.band}
            fillOpacity={0.18}
            label={{ value: oxygenLabel(o.device, o.flowLpm), position: 'insideBottomLeft', fill: '#8a96a3' }}
          />
        ))}
      </Chart>
      <Chart
        title="CRS and ICANS grades, tocilizumab (T) and steroids (S)"
        summary="grade steps with medication markers"
        lines={[
          { name: 'CRS grade', unit: '0–5', color: COLORS.b, data: stepPoints(data.grades.crs), step: true },
          {
            name: 'ICANS grade',
            unit: '0–5',
            color: COLORS.c,
            data: stepPoints(data.grades.icans),
            step: true,
            dash: '6 3',
          },
        ]}
        domain={domain}
        yDomain={[0, 5]}
        yTicks={[0, 1, 2, 3, 4, 5]}
        height={150}
      >
        {meds.map((m) => (
          <ReferenceLine
            key={m.id}
            yAxisId="left"
            x={m.day}
            stroke={m.drug === 'tocilizumab' ? COLORS.a : COLORS.vaso}
            label={{ value: m.drug === 'tocilizumab' ? 'T' : 'S', position: 'top', fill: '#8a96a3' }}
          />
        ))}
      </Chart>
      <Chart
        title="Inflammation markers"
        summary="CRP and IL-6 on the left axis, ferritin on the right"
        lines={[
          { name: 'CRP', unit: 'mg/L', color: COLORS.b, data: pts(data.labs.crp), dots: true },
          { name: 'IL-6', unit: 'pg/mL', color: COLORS.c, data: pts(data.labs.il6), dash: '2 2', dots: true },
          {
            name: 'Ferritin',
            unit: 'ng/mL',
            color: COLORS.a,
            data: pts(data.labs.ferritin),
            axis: 'right',
            dots: true,
          },
        ]}
        domain={domain}
        yDomain={[0, 'auto']}
        rightAxis
      />
      <Chart
        title="Blood counts"
        summary="ANC on the left axis with a 500 per microlitre line, platelets on the right"
        lines={[
          { name: 'ANC', unit: '/µL', color: COLORS.a, data: pts(data.labs.anc), dots: true },
          {
            name: 'Platelets',
            unit: '×10³/µL',
            color: COLORS.b,
            data: pts(data.labs.platelets),
            axis: 'right',
            dots: true,
          },
        ]}
        domain={domain}
        yDomain={[0, 'auto']}
        rightAxis
      >
        <ReferenceLine yAxisId="left" y={500} stroke={COLORS.ref} strokeDasharray="6 3" label="ANC 500" />
      </Chart>
    </div>
  );
}

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

function allRange(data: Timeline): [number, number] {
  const days = factDays(data);
  return [Math.floor(Math.min(-5, ...days)), Math.ceil(Math.max(14, ...days))];
}

type Bound = number | null | 'fit';
/** The range a choice stands for: 'fit' is Day −1 to the latest fact (day-axis.ts), null is all. */
function resolveRange(range: { from: Bound; to: Bound }, data: Timeline | undefined) {
  if (range.from === 'fit' || range.to === 'fit') {
    if (!data) return { from: null, to: null };
    const [from, to] = fitDayRange(factDays(data));
    return { from, to };
  }
  return { from: range.from, to: range.to };
}

export function TimelinePanel({ patientId }: { patientId: number }) {
  // The whole history (for its extent and Day 0), then the chosen range at full detail.
  const overview = useQuery(timelineQuery(patientId));
  // The x axis counts the unit's Days: x = 0 at the midnight that began Day 0 (the infusion's
  // calendar day in the unit's time zone, @cellwatch/clinical time.ts), so x from n to n + 1 is
  // Day n, as on the ward and in the grades (a DST change shifts later midnights by an hour).
  const timeZone = useUnitTimeZone();
  const numbering = timeZone ? calendarDayNumbering(timeZone) : undefined;
  const onUnitDays = (d: Timeline): Timeline =>
    d.infusionAt === null ? d : { ...d, infusionAt: startOfCalendarDay(d.infusionAt, numbering) };
  const overviewData = overview.data ? onUnitDays(overview.data) : undefined;
  // By default the range fits the data: Day −1 to the latest fact, at least 7 days.
  const [range, setRange] = useState<{ from: Bound; to: Bound }>({ from: 'fit', to: 'fit' });
  const chosen = resolveRange(range, overviewData);
  const wanted = useDeferredValue(chosen);
  const infusion = overviewData?.infusionAt ?? null;
  const bounded =
    infusion !== null && wanted.from !== null && wanted.to !== null && wanted.to > wanted.from
      ? {
          from: new Date(infusion + wanted.from * DAY_MS).toISOString(),
          to: new Date(infusion + wanted.to * DAY_MS).toISOString(),
        }
      : undefined;
  const detail = useQuery({
    ...timelineQuery(patientId, bounded),
    enabled: bounded !== undefined,
    placeholderData: keepPreviousData,
  });
  const timeline = bounded && detail.data ? detail : overview;
  if (timeline.isPending) return <LoadingState label="Loading the timeline…" />;
  if (timeline.isError) {
    return (
      <ErrorState
        title="The timeline could not be loaded"
        error={timeline.error}
        onRetry={() => timeline.refetch()}
      />
    );
  }
  const data = onUnitDays(timeline.data);
  if (data.infusionAt === null)
    return <p className="muted">No infusion time: the timeline starts at Day 0.</p>;
  const [allFrom, allTo] = allRange(overviewData ?? data);
  const from = chosen.from ?? allFrom;
  const to = chosen.to ?? allTo;
  const setBound = (key: 'from' | 'to', value: string) => {
    const n = Number(value);
    if (value !== '' && Number.isFinite(n)) setRange({ from, to, [key]: n });
  };
  const totalVitals = data.vitals.temperatureC.total;
  return (
    <section className="stack" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <div className="timeline-controls">
        <fieldset className="timeline-presets">
          <legend className="visually-hidden">Range</legend>
          {PRESETS.map((p) => {
            const active = range.from === p.from && range.to === p.to;
            return (
              <button
                key={p.label}
                type="button"
                className={active ? 'button button--primary' : 'button'}
                aria-pressed={active}
                onClick={() => setRange({ from: p.from, to: p.to })}
              >
                {p.label}
              </button>
            );
          })}
        </fieldset>
        <label className="timeline-bound">
          From Day
          <input type="number" value={from} step={1} onChange={(e) => setBound('from', e.target.value)} />
        </label>
        <label className="timeline-bound">
          to Day
          <input type="number" value={to} step={1} onChange={(e) => setBound('to', e.target.value)} />
        </label>
      </div>
      <p className="muted small">
        x = the unit's Days (Day 0 is the calendar day of the infusion). {totalVitals} temperature readings{' '}
        {timeline === detail ? 'in this range' : 'in total'}; long histories are thinned on the server,
        keeping the extremes and graded values.
      </p>
      {to <= from ? (
        <p className="notice notice--warning">The end of the range must be after its start.</p>
      ) : null}
      {to > from && <Charts data={data} from={from} to={to} />}
    </section>
  );
}
