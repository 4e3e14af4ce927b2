import type { z } from 'zod';
import { fieldError } from '../bedside/shared.tsx';
import { TextField } from '../ui/TextField.tsx';
import { InlineFormActions, useFollowUpForm } from './follow-up-write.tsx';

/**
 * A follow-up write that needs only the coordinator's reason (a dose cancelled, a visit marked
 * done in error): never pre-filled, sent trimmed, checked by the route's contract (`schema`).
 */
export function ReasonForm({
  patientId,
  path,
  schema,
  label,
  submit,
  keep,
  close,
  minLength,
  maxLength,
}: {
  patientId: number;
  path: string;
  schema: z.ZodType<unknown, { reason: string }>;
  label: string;
  submit: string;
  /** The label of the button that closes the form without saving. */
  keep: string;
  close: () => void;
  minLength?: number;
  maxLength?: number;
}) {
  const { form, onSubmit, error, pending } = useFollowUpForm({
    patientId,
    path,
    schema,
    defaultValues: { reason: '' },
    toRequest: (values: { reason: string }) => ({ reason: values.reason.trim() }),
    onSaved: close,
  });
  return (
    <form className="fu-inline-form" onSubmit={onSubmit} noValidate>
      <TextField
        label={label}
        {...form.register('reason')}
        error={fieldError(error, 'reason')}
        required
        minLength={minLength}
        maxLength={maxLength}
      />
      <InlineFormActions
        error={error}
        pending={pending}
        submit={submit}
        close={{ label: keep, onClick: close }}
        danger
      />
    </form>
  );
}
