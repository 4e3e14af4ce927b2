import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { FormError } from './follow-up-write.tsx';

/** A follow-up card whose body is one query's data: loading and error states handled here. */
export function QuerySection<T>({
  title,
  query,
  what,
  children,
}: {
  title: string;
  query: UseQueryResult<T>;
  /** "prophylaxis", "vaccines": for the loading and error lines. */
  what: string;
  children: (data: T) => ReactNode;
}) {
  const id = useId();
  return (
    <section className="card fu-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {query.isPending ? (
        <LoadingState label={`Loading ${what}…`} />
      ) : query.isError ? (
        <ErrorState
          title={`The ${what} could not be loaded`}
          error={query.error}
          onRetry={() => query.refetch()}
        />
      ) : (
        children(query.data)
      )}
    </section>
  );
}

/** The end of a follow-up charting form: why it was refused, and its save button. */
export function SaveRow({ error, pending, label }: { error: unknown; pending: boolean; label: string }) {
  return (
    <>
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Saving…' : label}
        </button>
      </div>
    </>
  );
}
