import { CreateUserRequest, ROLES, type Role, type UserSummary } from '@cellwatch/contracts';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { fieldError } from '../bedside/shared.tsx';
import { useRequestForm } from '../forms/request-form.ts';
import { ROLE_LABELS } from '../shell/navigation.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { TextField } from '../ui/TextField.tsx';
import { useCreateUser } from './users-queries.ts';

type NewUserEntry = { username: string; displayName: string; role: Role | ''; password: string };
// No role is pre-selected: the admin chooses what the new user may see and do.
const NO_USER: NewUserEntry = { username: '', displayName: '', role: '', password: '' };

/** Adding a user: username, display name, the role they get and a first password. */
export function CreateUserForm() {
  const createUser = useCreateUser();
  const roleId = useId();
  const [created, setCreated] = useState<UserSummary | null>(null);
  const { form, onSubmit, error } = useRequestForm({
    schema: CreateUserRequest,
    defaultValues: NO_USER,
    mutation: createUser,
    send: (body) =>
      createUser.mutate(body, {
        onSuccess: ({ user }) => {
          setCreated(user);
          form.reset(NO_USER);
        },
      }),
    // An unchosen role is sent as none, for the contract to refuse.
    toRequest: (values: NewUserEntry) => ({ ...values, role: (values.role || undefined) as Role }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    setCreated(null);
    onSubmit(event);
  };
  // Each refused field says why beside it (the contract's words, before sending or from the
  // server); refused before sending, a missing role is asked for in the admin's words.
  const errors = {
    username: fieldError(error, 'username'),
    displayName: fieldError(error, 'displayName'),
    role: form.formState.errors.role ? 'Choose a role.' : fieldError(error, 'role'),
    password: fieldError(error, 'password'),
  };
  // What is not about one field (a username taken, the server unreachable) is said under the form.
  const serverError =
    error && !(error instanceof ApiError && error.fields.length) ? describeError(error) : null;

  return (
    <section className="card stack" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Add a user</h2>
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label="Username"
          hint="Letters, digits, dot, dash or underscore."
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          {...form.register('username')}
          error={errors.username}
        />
        <TextField
          label="Display name"
          hint="As colleagues know them, e.g. “Sam Okafor, RN”."
          autoComplete="off"
          {...form.register('displayName')}
          error={errors.displayName}
        />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <p className="field__hint" id={`${roleId}-hint`}>
            Decides which views and actions they have.
          </p>
          <select
            id={roleId}
            {...form.register('role')}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={errors.role ? `${roleId}-hint ${roleId}-error` : `${roleId}-hint`}
          >
            <option value="">Choose a role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {errors.role && (
            <p className="field__error" id={`${roleId}-error`}>
              <span aria-hidden="true">✕ </span>
              {errors.role}
            </p>
          )}
        </div>
        <TextField
          label="Initial password"
          hint="At least 12 characters. Give it to them privately."
          type="password"
          autoComplete="new-password"
          {...form.register('password')}
          error={errors.password}
        />
        <div className="form__actions">
          <button className="button button--primary" type="submit" disabled={createUser.isPending}>
            {createUser.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
      {serverError && <ErrorNotice>{serverError}</ErrorNotice>}
      {created && (
        <p className="notice notice--success" role="status">
          <span className="notice__icon" aria-hidden="true">
            ✓
          </span>
          Created {created.displayName} ({created.username}) as {ROLE_LABELS[created.role]}. The password you
          gave works once: they choose their own at first sign-in.
        </p>
      )}
    </section>
  );
}
