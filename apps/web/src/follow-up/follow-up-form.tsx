import { useId } from 'react';
import type { DefaultValues, FieldValues, Path, UseFormRegisterReturn } from 'react-hook-form';
import type { z } from 'zod';
import { fieldError } from '../bedside/shared.tsx';
import { useFollowUpForm } from './follow-up-write.tsx';

/**
 * A follow-up entry form: `useFollowUpForm` (the contract's schema checks the body before
 * `POST …/<path>` sends it) with labelled inputs and choices of its own, each with the reason it
 * was refused; the form empties after each confirmed save, ready for the next entry.
 */
export function useFollowUpEntryForm<TForm extends FieldValues, S extends z.ZodType>(options: {
  patientId: number;
  path: string;
  schema: S;
  defaultValues: DefaultValues<TForm>;
  toRequest: (values: TForm) => z.input<S>;
}) {
  const request = useFollowUpForm({ ...options, onSaved: (form) => form.reset() });
  const id = useId();
  const err = (path: string) => fieldError(request.error, path);
  /** A labelled input of this form, registered under `name`, with the reason it was refused. */
  const input = (name: Path<TForm>, label: string, type: 'text' | 'datetime-local') => (
    <FormInput
      id={`${id}-${name}`}
      label={label}
      type={type}
      registration={request.form.register(name)}
      error={err(name)}
    />
  );
  /** A labelled choice of this form, registered under `name`. */
  const select = (name: Path<TForm>, label: string, labels: Record<string, string>) => (
    <FormSelect
      id={`${id}-${name}`}
      label={label}
      labels={labels}
      registration={request.form.register(name)}
    />
  );
  return { ...request, err, input, select };
}

/** One labelled input of a follow-up form, with the reason it was refused. */
export function FormInput({
  id,
  label,
  type,
  registration,
  error,
}: {
  id: string;
  label: string;
  type: 'text' | 'datetime-local';
  registration: UseFormRegisterReturn;
  error: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} aria-invalid={error ? true : undefined} {...registration} />
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}

/** One labelled choice of a follow-up form: `labels` names each value in the clinic's words. */
export function FormSelect({
  id,
  label,
  labels,
  registration,
}: {
  id: string;
  label: string;
  labels: Record<string, string>;
  registration: UseFormRegisterReturn;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...registration}>
        {Object.entries(labels).map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
