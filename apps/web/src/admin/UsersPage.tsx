import {
  CreateUserRequest,
  ResetPasswordRequest,
  ROLES,
  type Role,
  type UserSummary,
} from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { formatLocalDate, formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { ROLE_LABELS } from '../shell/navigation.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { TextField } from '../ui/TextField.tsx';
import { useCreateUser, useResetPassword, usersQuery, useSetUserActive } from './users-queries.ts';

type FieldErrors = Partial<Record<'username' | 'displayName' | 'role' | 'password', string>>;

function fieldErrorsOf(issues: readonly { path: PropertyKey[] | string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = (Array.isArray(issue.path) ? String(issue.path[0]) : issue.path) as keyof FieldErrors;
    errors[key] ??= issue.message;
  }
  return errors;
}

type NewUserEntry = { username: string; displayName: string; role: Role | ''; password: string };
// No role is pre-selected: the admin chooses what the new user may see and do.
const NO_USER: NewUserEntry = { username: '', displayName: '', role: '', password: '' };

function CreateUserForm() {
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
  const errors: FieldErrors = error instanceof ApiError ? fieldErrorsOf(error.fields) : {};
  // Refused before sending, a missing role is asked for in the admin's words.
  if (form.formState.errors.role) errors.role = 'Choose a role.';

  const serverError =
    createUser.isError && !(createUser.error instanceof ApiError && createUser.error.fields.length)
      ? describeError(createUser.error)
      : null;

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
      {serverError && (
        <p className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          {serverError}
        </p>
      )}
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

function ResetPasswordForm({ user, onDone }: { user: UserSummary; onDone: (message: string) => void }) {
  const reset = useResetPassword();
  const [tooShort, setTooShort] = useState(false);
  const {
    form,
    onSubmit,
    error: refused,
  } = useRequestForm({
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
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Checked here first, in the admin's words; the contract then checks it as the API will.
    const short = form.getValues('password').length < 12;
    setTooShort(short);
    if (!short) onSubmit(event);
  };
  const refusal = refused instanceof ApiError ? refused.fieldMessage('password') : undefined;
  const error = tooShort
    ? 'At least 12 characters.'
    : refused
      ? (refusal ?? describeError(refused))
      : undefined;

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <TextField
        label={`New password for ${user.displayName}`}
        hint="At least 12 characters. Signs them out everywhere."
        type="password"
        autoComplete="new-password"
        // Opened by the admin's own click: the field is the next step.
        autoFocus
        {...form.register('password')}
        error={error}
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

type RowMode = 'idle' | 'confirm-deactivate' | 'reset-password';

function UserRow({ user, isSelf }: { user: UserSummary; isSelf: boolean }) {
  const setActive = useSetUserActive();
  const [mode, setMode] = useState<RowMode>('idle');
  const [message, setMessage] = useState('');

  const changeActive = (active: boolean) =>
    setActive.mutate(
      { id: user.id, active },
      {
        onSuccess: () => {
          setMode('idle');
          setMessage(
            active
              ? `${user.displayName} can sign in again.`
              : `${user.displayName} is deactivated and signed out.`,
          );
        },
      },
    );

  return (
    <>
      <tr className={user.active ? undefined : 'row--inactive'}>
        <th scope="row">
          <span className="cell-title">
            {user.displayName}
            {isSelf && <span className="tag">You</span>}
          </span>
          <span className="cell-sub">{user.username}</span>
        </th>
        <td>{ROLE_LABELS[user.role]}</td>
        <td>
          <span className={user.active ? 'status status--ok' : 'status status--off'}>
            <span aria-hidden="true">{user.active ? '●' : '○'}</span> {user.active ? 'Active' : 'Deactivated'}
          </span>
        </td>
        <td className="nowrap col-optional">
          <time dateTime={user.createdAt} title={formatLocalDateTime(user.createdAt)}>
            {formatLocalDate(user.createdAt)}
          </time>
        </td>
        <td>
          <div className="row-actions">
            {user.active ? (
              !isSelf && (
                <button
                  type="button"
                  className="button button--danger-quiet"
                  aria-label={`Deactivate ${user.displayName}`}
                  onClick={() => {
                    setMessage('');
                    setMode('confirm-deactivate');
                  }}
                >
                  Deactivate
                </button>
              )
            ) : (
              <button
                type="button"
                className="button"
                aria-label={`Reactivate ${user.displayName}`}
                disabled={setActive.isPending}
                onClick={() => changeActive(true)}
              >
                Reactivate
              </button>
            )}
            <button
              type="button"
              className="button"
              aria-label={`Reset password for ${user.displayName}`}
              aria-expanded={mode === 'reset-password'}
              onClick={() => {
                setMessage('');
                setMode(mode === 'reset-password' ? 'idle' : 'reset-password');
              }}
            >
              Reset password
            </button>
          </div>
        </td>
      </tr>
      {(mode !== 'idle' || message || setActive.isError) && (
        <tr className="row--detail">
          <td colSpan={5}>
            {mode === 'confirm-deactivate' && (
              <fieldset className="confirm">
                <legend className="visually-hidden">Confirm deactivating {user.displayName}</legend>
                <p>
                  Deactivate <strong>{user.displayName}</strong>? They are signed out at once and cannot sign
                  in until reactivated. Nothing they recorded is removed.
                </p>
                <div className="form__actions">
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={setActive.isPending}
                    onClick={() => changeActive(false)}
                  >
                    {setActive.isPending ? 'Deactivating…' : 'Confirm deactivation'}
                  </button>
                  <button type="button" className="button" onClick={() => setMode('idle')}>
                    Cancel
                  </button>
                </div>
              </fieldset>
            )}
            {mode === 'reset-password' && (
              <ResetPasswordForm
                user={user}
                onDone={(text) => {
                  setMode('idle');
                  setMessage(text);
                }}
              />
            )}
            {setActive.isError && (
              <p className="notice notice--error" role="alert">
                <span className="notice__icon" aria-hidden="true">
                  ✕
                </span>
                {describeError(setActive.error)}
              </p>
            )}
            {message && mode === 'idle' && (
              <p className="notice notice--success" role="status">
                <span className="notice__icon" aria-hidden="true">
                  ✓
                </span>
                {message}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function UserTable() {
  const me = useSignedInUser();
  const users = useQuery(usersQuery());
  if (users.isPending) return <LoadingState label="Loading users…" />;
  if (users.isError)
    return (
      <ErrorState
        title="The user list could not be loaded"
        error={users.error}
        onRetry={() => users.refetch()}
      />
    );
  if (users.data.users.length === 0) return <EmptyState title="No users yet" />;
  return (
    <TableScroller label="User list">
      <table className="table">
        <caption className="visually-hidden">Users, sorted by username</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-optional">
              Added
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data.users.map((user) => (
            <UserRow key={user.id} user={user} isSelf={user.id === me.id} />
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}

export function UsersPage() {
  return (
    <div className="stack stack--large">
      <title>Users · CellWatch</title>
      <h1>Users</h1>
      <CreateUserForm />
      <section className="stack" aria-labelledby="team-title">
        <h2 id="team-title">Everyone with access</h2>
        <p className="muted">
          Users are never deleted: deactivate them to end their access and keep their records.
        </p>
        <UserTable />
      </section>
    </div>
  );
}
