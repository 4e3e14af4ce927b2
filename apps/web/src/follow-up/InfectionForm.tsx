import { InfectionRequest } from '@cellwatch/contracts';
import { useId } from 'react';
import { fieldError } from '../bedside/shared.tsx';
import { TextField } from '../ui/TextField.tsx';
import { FormError, useFollowUpForm } from './follow-up-write.tsx';
import { localInputToIso, nowLocalInput } from './queries.ts';

type InfectionEntry = {
  onsetAt: string;
  site: string;
  organism: string;
  grade: string;
  bacterial: boolean;
  hospitalised: boolean;
};

/** Add an infection (CTCAE v5 grade); onset, grade and the ticks stay for the next one. */
export function InfectionForm({ patientId }: { patientId: number }) {
  const id = useId();
  const { form, onSubmit, error, pending } = useFollowUpForm({
    patientId,
    path: 'infections',
    schema: InfectionRequest,
    defaultValues: {
      onsetAt: nowLocalInput(),
      site: '',
      organism: '',
      grade: '2',
      bacterial: false,
      hospitalised: false,
    },
    toRequest: (values: InfectionEntry) => ({
      onsetAt: localInputToIso(values.onsetAt),
      site: values.site.trim(),
      ...(values.organism.trim() ? { organism: values.organism.trim() } : {}),
      ctcaeGrade: Number(values.grade),
      bacterial: values.bacterial,
      hospitalised: values.hospitalised,
    }),
    onSaved: (saved) => saved.reset({ ...saved.getValues(), site: '', organism: '' }),
  });
  const site = form.watch('site');
  return (
    <form className="fu-inline-form" noValidate onSubmit={onSubmit}>
      <h3>Add an infection</h3>
      <TextField
        label="Onset"
        type="datetime-local"
        {...form.register('onsetAt')}
        error={fieldError(error, 'onsetAt')}
        required
      />
      <TextField label="Site" {...form.register('site')} error={fieldError(error, 'site')} required />
      <TextField
        label="Organism (if known)"
        {...form.register('organism')}
        error={fieldError(error, 'organism')}
      />
      <div className="field">
        <label htmlFor={`${id}-grade`}>CTCAE grade</label>
        <select id={`${id}-grade`} {...form.register('grade')}>
          {[1, 2, 3, 4, 5].map((g) => (
            <option key={g} value={g}>
              Grade {g}
            </option>
          ))}
        </select>
      </div>
      <div className="fu-checks">
        <label>
          <input type="checkbox" {...form.register('bacterial')} /> Bacterial
        </label>
        <label>
          <input type="checkbox" {...form.register('hospitalised')} /> Hospitalised
        </label>
      </div>
      <FormError error={error} />
      <button type="submit" className="button button--primary" disabled={pending || !site.trim()}>
        {pending ? 'Saving…' : 'Add infection'}
      </button>
    </form>
  );
}
