import type { IvigDoseState as Dose } from '@cellwatch/contracts';
import { IvigCancelRequest, IvigGivenRequest } from '@cellwatch/contracts';
import { useState } from 'react';
import { fieldError } from '../bedside/shared.tsx';
import { formatLocalDate } from '../format/time.ts';
import { TextField } from '../ui/TextField.tsx';
import { FormError, InlineFormActions, useFollowUpForm, useFollowUpWrite } from './follow-up-write.tsx';
import { localInputToIso, nowLocalInput } from './queries.ts';
import { ReasonForm } from './ReasonForm.tsx';

type Close = () => void;

/** Record a planned dose as given: when, how many grams, which lot. */
function IvigGivenForm({
  patientId,
  path,
  due,
  defaultG,
  close,
}: {
  patientId: number;
  path: string;
  due: string;
  defaultG: number | null;
  close: Close;
}) {
  const { form, onSubmit, error, pending } = useFollowUpForm({
    patientId,
    path,
    schema: IvigGivenRequest,
    defaultValues: { givenAt: nowLocalInput(), doseG: defaultG ? String(defaultG) : '', lot: '' },
    toRequest: (values: { givenAt: string; doseG: string; lot: string }) => ({
      givenAt: localInputToIso(values.givenAt),
      doseG: Number(values.doseG),
      lot: values.lot.trim(),
    }),
    onSaved: close,
  });
  return (
    <form className="fu-inline-form" onSubmit={onSubmit} noValidate>
      <TextField
        label="Given at"
        type="datetime-local"
        {...form.register('givenAt')}
        error={fieldError(error, 'givenAt')}
        required
      />
      <TextField
        label="Dose (g)"
        type="number"
        inputMode="decimal"
        min={1}
        max={200}
        step="0.5"
        {...form.register('doseG')}
        error={fieldError(error, 'doseG')}
        required
      />
      <TextField
        label="Lot number"
        {...form.register('lot')}
        error={fieldError(error, 'lot')}
        required
        maxLength={60}
      />
      <InlineFormActions
        error={error}
        pending={pending}
        submit={pending ? 'Saving…' : `Record dose due ${due} as given`}
        close={{ label: 'Cancel', onClick: close }}
      />
    </form>
  );
}

/** What can still happen to a planned dose: given, missed or cancelled. */
export function IvigDoseActions({
  patientId,
  dose,
  defaultG,
}: {
  patientId: number;
  dose: Dose;
  defaultG: number | null;
}) {
  const [mode, setMode] = useState<'given' | 'cancel' | null>(null);
  const missed = useFollowUpWrite(patientId);
  const base = `ivig-doses/${dose.id}`;
  const due = formatLocalDate(dose.dueAt);
  const close = () => setMode(null);
  if (dose.status === 'given' || dose.status === 'cancelled' || dose.status === 'missed') return null;
  if (mode === 'given')
    return (
      <IvigGivenForm
        patientId={patientId}
        path={`${base}/given`}
        due={due}
        defaultG={defaultG}
        close={close}
      />
    );
  if (mode === 'cancel')
    return (
      <ReasonForm
        patientId={patientId}
        path={`${base}/cancel`}
        schema={IvigCancelRequest}
        label="Why is this dose cancelled?"
        submit={`Cancel dose due ${due}`}
        keep="Keep it"
        close={close}
        minLength={3}
      />
    );
  return (
    <div className="row-actions">
      <button type="button" className="button" onClick={() => setMode('given')}>
        Given<span className="visually-hidden"> (dose due {due})</span>
      </button>
      <button
        type="button"
        className="button"
        disabled={missed.isPending}
        onClick={() => missed.mutate({ path: `${base}/missed`, body: { at: new Date().toISOString() } })}
      >
        Missed<span className="visually-hidden"> (dose due {due})</span>
      </button>
      <button type="button" className="button button--quiet" onClick={() => setMode('cancel')}>
        Cancel dose<span className="visually-hidden"> due {due}</span>
      </button>
      <FormError error={missed.error} />
    </div>
  );
}
