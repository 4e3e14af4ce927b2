import type { UserSummary } from '@cellwatch/contracts';
import { useState } from 'react';
import { describeError } from '../api/client.ts';
import { formatLocalDate, formatLocalDateTime } from '../format/time.ts';
import { ROLE_LABELS } from '../shell/navigation.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { ResetPasswordForm } from './ResetPasswordForm.tsx';
import { useSetUserActive } from './users-queries.ts';

type RowMode = 'idle' | 'confirm-deactivate' | 'reset-password';

/** One user in the list, with deactivation (confirmed first), reactivation and a password reset. */
export function UserRow({ user, isSelf }: { user: UserSummary; isSelf: boolean }) {
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
            {setActive.isError && <ErrorNotice>{describeError(setActive.error)}</ErrorNotice>}
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
