import type { ReactNode } from 'react';
import { ApiError, describeError } from '../api/client.ts';

export function LoadingState({ label, fullPage = false }: { label: string; fullPage?: boolean }) {
  return (
    <div className={fullPage ? 'state state--fullpage' : 'state'} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({
  title,
  error,
  onRetry,
  children,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const status = error instanceof ApiError && error.status > 0 ? `${error.status} ${error.code}` : null;
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">
        <span className="notice__icon" aria-hidden="true">
          ✕
        </span>
        {title}
      </p>
      <p>{describeError(error)}</p>
      {status && <p className="muted small">Server response: {status}</p>}
      {children}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {children}
    </div>
  );
}
