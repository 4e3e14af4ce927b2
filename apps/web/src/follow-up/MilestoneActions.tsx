import { EnteredInErrorRequest, type MilestoneState, MilestoneVisitRequest } from '@cellwatch/contracts';
import { useState } from 'react';
import { fieldError } from '../bedside/shared.tsx';
import { TextField } from '../ui/TextField.tsx';
import { InlineFormActions, useFollowUpForm } from './follow-up-write.tsx';
import { ReasonForm } from './ReasonForm.tsx';

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

type Close = () => void;

/** Marking a visit done on a date (today unless changed); MilestoneVisitRequest checks it. */
function MilestoneDoneForm({ patientId, m, close }: { patientId: number; m: MilestoneState; close: Close }) {
  const { form, onSubmit, error, pending } = useFollowUpForm({
    patientId,
    path: 'milestones',
    schema: MilestoneVisitRequest,
    defaultValues: { date: todayInput() },
    toRequest: (values: { date: string }) => ({ milestone: m.id, completedAt: visitDateToIso(values.date) }),
    onSaved: close,
  });
  return (
    <form className="fu-inline-form" onSubmit={onSubmit} noValidate>
      <TextField
        label={`Date of the ${m.label} visit`}
        type="date"
        max={todayInput()}
        required
        {...form.register('date')}
        error={fieldError(error, 'completedAt')}
      />
      <InlineFormActions
        error={error}
        pending={pending}
        submit={pending ? 'Saving…' : `Save ${m.label} visit as done`}
        close={{ label: 'Cancel', onClick: close }}
      />
    </form>
  );
}

/** Mark a visit done on a date, or undo a visit marked done (entered in error, with a reason). */
export function MilestoneActions({ patientId, m }: { patientId: number; m: MilestoneState }) {
  const [mode, setMode] = useState<'done' | 'undo' | null>(null);
  const close = () => setMode(null);
  if (mode === 'done') return <MilestoneDoneForm patientId={patientId} m={m} close={close} />;
  if (mode === 'undo')
    return (
      <ReasonForm
        patientId={patientId}
        path={`milestones/${m.visitFactId}/entered-in-error`}
        schema={EnteredInErrorRequest}
        label={`Why was the ${m.label} visit marked done in error?`}
        submit="Mark entered in error"
        keep="Keep it"
        close={close}
        maxLength={500}
      />
    );
  const markedDone = m.completedBy === 'visit' && m.visitFactId != null;
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
