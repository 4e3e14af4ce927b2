import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatCalendarDate } from '../format/time.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { CalendarFeedPanel } from './CalendarFeedPanel.tsx';
import { type WorklistItem, worklistQuery } from './queries.ts';
import { StatusTag } from './StatusTag.tsx';
import './follow-up.css';

const STATUS_RANK: Record<string, number> = { overdue: 0, due: 1, upcoming: 2 };
const KIND_LABELS: Record<string, string> = {
  ivig_dose: 'IVIG dose',
  igg_check: 'IgG check',
  milestone: 'Visit',
};

export function sortWorklist(items: readonly WorklistItem[]): WorklistItem[] {
  return [...items].sort(
    (a, b) =>
      (STATUS_RANK[a.status] ?? 3) - (STATUS_RANK[b.status] ?? 3) ||
      Date.parse(a.dueAt) - Date.parse(b.dueAt),
  );
}

export function WorklistPage() {
  const [horizonDays, setHorizonDays] = useState(14);
  const worklist = useQuery(worklistQuery(horizonDays));
  return (
    <section className="stack" aria-labelledby="worklist-title">
      <title>Follow-up · CellWatch</title>
      <div className="page-head fu-head">
        <h1 id="worklist-title">Follow-up worklist</h1>
        <a className="button button--quiet" href="/api/worklist.ics" download="cellwatch-follow-up.ics">
          Download as a calendar file
        </a>
      </div>
      <form className="form--filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="worklist-horizon">Looking ahead</label>
          <select
            id="worklist-horizon"
            value={horizonDays}
            onChange={(e) => setHorizonDays(Number(e.target.value))}
          >
            {[7, 14, 30, 90].map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </div>
      </form>
      {worklist.isPending ? (
        <LoadingState label="Loading the follow-up worklist…" />
      ) : worklist.isError ? (
        <ErrorState
          title="The worklist could not be loaded"
          error={worklist.error}
          onRetry={() => worklist.refetch()}
        />
      ) : worklist.data.items.length === 0 ? (
        <EmptyState title="Nothing due">
          <p>No IVIG doses, IgG checks or visits are due in the next {horizonDays} days.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {worklist.data.items.length} items, overdue first.
          </p>
          <TableScroller label="Follow-up worklist">
            <table className="table">
              <caption className="visually-hidden">Follow-up work, overdue first</caption>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Patient</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {sortWorklist(worklist.data.items).map((item) => (
                  <tr
                    key={`${item.patientId}-${item.kind}-${item.dueAt}-${item.title}`}
                    className={item.status === 'overdue' ? 'fu-row--overdue' : undefined}
                  >
                    <td>
                      <StatusTag status={item.status} />
                    </td>
                    <td className="nowrap">{formatCalendarDate(item.dueAt)}</td>
                    <th scope="row">
                      <Link to={`/follow-up/${item.patientId}`}>{item.label}</Link>
                    </th>
                    <td>
                      <strong>{KIND_LABELS[item.kind] ?? item.kind}</strong>
                      <span className="cell-sub">{item.title}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroller>
        </>
      )}
      <CalendarFeedPanel />
    </section>
  );
}
