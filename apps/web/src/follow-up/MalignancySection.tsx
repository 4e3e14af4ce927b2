import {
  MalignanciesResponse,
  type Malignancy,
  MalignancyRequest,
  type MalignancyType,
  TransgeneTestingDoneRequest,
} from '@cellwatch/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { fieldError } from '../bedside/shared.tsx';
import { useRequestForm } from '../forms/request-form.ts';
import { TextField } from '../ui/TextField.tsx';
import { FormError, useFollowUpWrite } from './follow-up-write.tsx';
import { StatusTag } from './StatusTag.tsx';

/**
 * Second malignancies in lifelong follow-up: the charted events, each with its task to contact
 * the manufacturer for CAR transgene testing of the tumour (FDA, January 2024), shown open or
 * done with a "mark done" action, and the form to chart a new one.
 */
const TYPE_LABELS: Record<MalignancyType, string> = {
  t_cell_lymphoma: 'T-cell lymphoma',
  other_haematological: 'Other haematological',
  solid: 'Solid tumour',
};

// Under the patient's follow-up key: every follow-up write refreshes it with the picture.
export const malignanciesQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.malignancies(patientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/malignancies`, { schema: MalignanciesResponse, signal }),
  });

const today = () => new Date().toISOString().slice(0, 10);

interface MalignancyEntry {
  diagnosedOn: string;
  type: string;
  site: string;
  tumourSampleAvailable: boolean;
  notes: string;
}

function NewMalignancyForm({ patientId }: { patientId: number }) {
  const write = useFollowUpWrite(patientId);
  const { form, onSubmit, error } = useRequestForm({
    schema: MalignancyRequest,
    defaultValues: { diagnosedOn: '', type: 'solid', site: '', tumourSampleAvailable: false, notes: '' },
    mutation: write,
    send: (body) => write.mutate({ path: 'malignancies', body }, { onSuccess: () => form.reset() }),
    toRequest: (v: MalignancyEntry) => ({
      diagnosedOn: v.diagnosedOn,
      type: v.type as MalignancyType,
      site: v.site,
      tumourSampleAvailable: v.tumourSampleAvailable,
      notes: v.notes.trim() || undefined,
    }),
  });
  const typeId = useId();
  return (
    <form className="fu-inline-form" onSubmit={onSubmit} noValidate aria-label="Chart a new malignancy">
      <TextField
        label="Diagnosed on"
        type="date"
        max={today()}
        error={fieldError(error, 'diagnosedOn')}
        {...form.register('diagnosedOn')}
      />
      <div className="field">
        <label htmlFor={typeId}>Type</label>
        <select id={typeId} {...form.register('type')}>
          {Object.entries(TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Location (organ or node)"
        error={fieldError(error, 'site')}
        {...form.register('site')}
      />
      <div className="field">
        <label>
          <input type="checkbox" {...form.register('tumourSampleAvailable')} /> Tumour sample available
        </label>
      </div>
      <TextField label="Notes" error={fieldError(error, 'notes')} {...form.register('notes')} />
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={write.isPending}>
          Chart malignancy
        </button>
      </div>
    </form>
  );
}

function MarkTaskDone({ patientId, malignancy }: { patientId: number; malignancy: Malignancy }) {
  const write = useFollowUpWrite(patientId);
  const { form, onSubmit, error } = useRequestForm({
    schema: TransgeneTestingDoneRequest,
    defaultValues: { doneOn: today(), note: '' },
    mutation: write,
    send: (body) => write.mutate({ path: `transgene-testing-tasks/${malignancy.task.id}/done`, body }),
    toRequest: (v: { doneOn: string; note: string }) => ({
      doneOn: v.doneOn,
      note: v.note.trim() || undefined,
    }),
  });
  return (
    <form
      className="fu-inline-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Mark task done (${malignancy.site})`}
    >
      <TextField
        label="Done on"
        type="date"
        error={fieldError(error, 'doneOn')}
        {...form.register('doneOn')}
      />
      <TextField label="Note (e.g. manufacturer case reference)" {...form.register('note')} />
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={write.isPending}>
          Mark transgene testing done
        </button>
      </div>
    </form>
  );
}

function TaskStatus({ malignancy }: { malignancy: Malignancy }) {
  const { task } = malignancy;
  if (task.status === 'done' && task.done)
    return (
      <p>
        <StatusTag status="done" /> {task.done.doneOn} by {task.done.by.displayName}
        {task.done.note ? ` — ${task.done.note}` : ''}
      </p>
    );
  if (task.status === 'entered_in_error') return <p>Not tracked: the malignancy was entered in error.</p>;
  return (
    <p>
      <StatusTag status="open" /> since {task.createdAt.slice(0, 10)}
    </p>
  );
}

export function MalignancySection({ patientId }: { patientId: number }) {
  const { data, error } = useQuery(malignanciesQuery(patientId));
  const headingId = useId();
  return (
    <section className="card fu-section" aria-labelledby={headingId}>
      <h2 id={headingId}>New malignancies</h2>
      <FormError error={error} />
      {data && data.malignancies.length === 0 && <p>No new malignancy charted.</p>}
      <ul className="fu-malignancies">
        {data?.malignancies.map((m) => (
          <li key={m.id}>
            <p>
              <strong>{TYPE_LABELS[m.type]}</strong>, {m.site}: diagnosed {m.diagnosedOn}
              {m.tumourSampleAvailable ? ' (tumour sample available)' : ' (no tumour sample)'}
              {m.enteredInError ? ` — entered in error: ${m.enteredInError.reason}` : ''}
            </p>
            <p>
              {m.task.title} <small>({m.task.source})</small>
            </p>
            <TaskStatus malignancy={m} />
            {m.task.status === 'open' && <MarkTaskDone patientId={patientId} malignancy={m} />}
          </li>
        ))}
      </ul>
      <NewMalignancyForm patientId={patientId} />
    </section>
  );
}
