import { ResetPasswordRequest, type UserSummary } from '@cellwatch/contracts';
import { describeError } from '../api/client.ts';
import { fieldError } from '../bedside/shared.tsx';
import { useRequestForm } from '../forms/request-form.ts';
import { TextField } from '../ui/TextField.tsx';
import { useResetPassword } from './users-queries.ts';

/** A contract's reason as a sentence: "at least 12 characters" → "At least 12 characters." */
const asSentence = (reason: string) =>
  `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${/[.!?]$/.test(reason) ? '' : '.'}`;

/** An administrator's reset of a user's password: it works once, and ends their sessions. */
export function ResetPasswordForm({
  user,
  onDone,
}: {
  user: UserSummary;
  onDone: (message: string) => void;
}) {
  const reset = useResetPassword();
  const { form, onSubmit, error } = useRequestForm({
    schema: ResetPasswordRequest,
    defaultValues: { password: '' },
    mutation: reset,
    send: ({ password }) =>
      reset.mutate(
        { id: user.id, password },
        {
          onSuccess: () =>
            onDone(
              `New password set for ${user.displayName}; their sessions were ended. It works once: they choose their own at next sign-in, and are told you reset it.`,
            ),
        },
      ),
    toRequest: (values: { password: string }) => values,
  });
  // Refused (by the contract before sending, or by the server), the reason is said in the
  // admin's words beside the field; so is anything else that stopped the reset.
  const refusal = fieldError(error, 'password');
  const reason = refusal ? asSentence(refusal) : error ? describeError(error) : undefined;

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate>
      <TextField
        label={`New password for ${user.displayName}`}
        hint="At least 12 characters. Signs them out everywhere."
        type="password"
        autoComplete="new-password"
        // Opened by the admin's own click: the field is the next step.
        autoFocus
        {...form.register('password')}
        error={reason}
      />
      <div className="form__actions">
        <button className="button button--primary" type="submit" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set password'}
        </button>
        <button className="button" type="button" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
