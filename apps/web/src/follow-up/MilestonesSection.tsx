import { type FormEvent, useId, useState } from 'react';
import { formatCalendarDate, formatLocalDate } from '../format/time.ts';
import { TableScroller } from '../ui/TableScroller.tsx';
import { FormError, useFollowUpWrite } from './follow-up-write.tsx';
import type { Milestone } from './queries.ts';
import { StatusTag } from './StatusTag.tsx';

/** Today as a date input value in the device's zone. */
function todayInput(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A visit date as an instant: now when it is today, otherwise midday local time that day. */
export function visitDateToIso(value: string, now = new Date()): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return '';
  if (value === todayInput(now)) return now.toISOString();
  const d = new Date(`${value}T12:00`);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Mark a visit done on a date, or undo a visit marked done (entered in error, with a reason). */
function MilestoneActions({ patientId, m }: { patientId: number; m: Milestone }) {
  const id = useId();
  const [mode, setMode] = useState<'done' | 'undo' | null>(null);
  const [date, setDate] = useState(() => todayInput());
  const [reason, setReason] = useState('');
  const write = useFollowUpWrite(patientId);
  const close = { onSuccess: () => setMode(null) };
  const markedDone = m.completedBy === 'visit' && m.visitFactId != null;
  if (mode === 'done') {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      write.mutate(
        { path: 'milestones', body: { milestone: m.id, completedAt: visitDateToIso(date) } },
        close,
      );
    };
    return (
      <form className="fu-inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-date`}>Date of the {m.label} visit</label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            max={todayInput()}
            onChange={(e) => setDate(e.target.value)}
            required
          />
        </div>
        <FormError error={write.error} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={write.isPending || !date}>
            {write.isPending ? 'Saving…' : `Save ${m.label} visit as done`}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMode(null)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  if (mode === 'undo') {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      write.mutate(
        {
          path: `milestones/${m.visitFactId}/entered-in-error`,
          body: { reason: reason.trim() },
        },
        close,
      );
    };
    return (
      <form className="fu-inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Why was the {m.label} visit marked done in error?</label>
          <input
            id={`${id}-reason`}
            value={reason}
            minLength={5}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            required
          />
        </div>
        <FormError error={write.error} />
        <div className="form__actions">
          <button
            type="submit"
            className="button button--danger"
            disabled={write.isPending || reason.trim().length < 5}
          >
            Mark entered in error
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMode(null)}>
            Keep it
          </button>
        </div>
      </form>
    );
  }
  return markedDone ? (
    <button type="button" className="button button--quiet" onClick={() => setMode('undo')}>
      Undo<span className="visually-hidden"> {m.label} visit done</span>
    </button>
  ) : (
    <button type="button" className="button" onClick={() => setMode('done')}>
      Mark done<span className="visually-hidden"> ({m.label} visit)</span>
    </button>
  );
}

/** The visit schedule from Day 0, with what each visit needs and whether it happened. */
export function MilestonesTable({ patientId, milestones }: { patientId: number; milestones: Milestone[] }) {
  return (
    <TableScroller label="Follow-up milestones">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Visit</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Items</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id} className={m.status === 'overdue' ? 'fu-row--overdue' : undefined}>
              <th scope="row">{m.label}</th>
              <td className="nowrap">{formatCalendarDate(m.dueDate)}</td>
              <td>
                <StatusTag status={m.status} />
                {m.completedAt && (
                  <span className="cell-sub">
                    {m.completedBy === 'data' ? 'data charted' : 'done'} {formatLocalDate(m.completedAt)}
                  </span>
                )}
                {m.completedBy === 'data' && m.missingItems && m.missingItems.length > 0 && (
                  <span className="cell-sub">
                    not charted: {m.missingItems.map((i) => i.replaceAll('_', ' ')).join(', ')}
                  </span>
                )}
              </td>
              <td>{m.items.map((i) => i.replaceAll('_', ' ')).join(', ')}</td>
              <td>
                <MilestoneActions patientId={patientId} m={m} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}
