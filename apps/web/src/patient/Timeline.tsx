import { calendarDayNumbering, DAY_MS, startOfCalendarDay } from '@cellwatch/clinical';
import type { Timeline } from '@cellwatch/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useUnitTimeZone } from '../auth/unit-time-zone.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { timelineQuery } from './queries.ts';
import { TimelineCharts } from './TimelineCharts.tsx';
import { allRange, type Bound, PRESETS, resolveRange } from './timeline-range.ts';

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
      {to > from && <TimelineCharts data={data} from={from} to={to} />}
    </section>
  );
}
