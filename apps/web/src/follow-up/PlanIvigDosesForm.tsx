import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { PlanIvigRequest } from '@cellwatch/contracts';
import { useState } from 'react';
import { fieldError } from '../bedside/shared.tsx';
import { TextField } from '../ui/TextField.tsx';
import { InlineFormActions, useFollowUpForm } from './follow-up-write.tsx';
import { PlanIvigWarning } from './IvigWarnings.tsx';
import { localInputToIso, nowLocalInput } from './queries.ts';

type PlanEntry = { firstDueAt: string; count: string; intervalWeeks: string };

/** Plan a course of IVIG doses; the engine's dose per infusion is shown before planning. */
export function PlanIvigDosesForm({ patientId, data }: { patientId: number; data: FollowUp }) {
  const [open, setOpen] = useState(false);
  // The entered values outlive closing the form, as they did before it was a react-hook-form.
  const { form, onSubmit, error, pending } = useFollowUpForm({
    patientId,
    path: 'ivig-doses',
    schema: PlanIvigRequest,
    defaultValues: { firstDueAt: nowLocalInput(), count: '3', intervalWeeks: '4' },
    toRequest: (values: PlanEntry) => ({
      firstDueAt: localInputToIso(values.firstDueAt),
      count: Number(values.count),
      intervalWeeks: Number(values.intervalWeeks),
    }),
    onSaved: () => setOpen(false),
  });
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Plan IVIG doses
      </button>
    );
  return (
    <form className="fu-inline-form" noValidate onSubmit={onSubmit}>
      <TextField
        label="First dose due"
        type="datetime-local"
        {...form.register('firstDueAt')}
        error={fieldError(error, 'firstDueAt')}
        required
      />
      <TextField
        label="Number of doses"
        type="number"
        min={1}
        max={26}
        {...form.register('count')}
        error={fieldError(error, 'count')}
        required
      />
      <TextField
        label="Every (weeks)"
        type="number"
        min={1}
        max={12}
        {...form.register('intervalWeeks')}
        error={fieldError(error, 'intervalWeeks')}
      />
      <p className="muted small">
        Each dose: <strong>{data.plannedDose.doseG} g</strong> ({data.plannedDose.reason}).
      </p>
      <PlanIvigWarning ivig={data.ivig} threshold={data.ivigProtocol.igGIndicatedBelowMgDl} />
      <InlineFormActions
        error={error}
        pending={pending}
        submit="Plan doses"
        close={{ label: 'Cancel', onClick: () => setOpen(false) }}
      />
    </form>
  );
}
