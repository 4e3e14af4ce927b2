import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';

/** "2026-11-25T14:03" in the local zone, for datetime-local inputs. */
export function localInputValue(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO instant with zone; null when empty or invalid. */
export function toInstant(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** How often a taken-at field that follows the clock moves on (it shows minutes). */
const FOLLOW_CLOCK_MS = 15_000;

export interface ChartedTime {
  /** The datetime-local value to show. */
  value: string;
  /** The nurse changed it: it no longer follows the clock. */
  edited: boolean;
  onChange: (value: string) => void;
  /** Follow the clock again (after a save, or "Now"). */
  followNow: () => void;
  /** The instant to send: the moment of saving while following the clock, else the value entered. */
  instant: () => string;
}

/**
 * A "taken at" / "given at" / "assessed at" field that follows the clock until the nurse edits it,
 * so a form left open for an hour does not back-date the next entry to when it was opened.
 */
export function useChartedTime(): ChartedTime {
  const [edited, setEdited] = useState<string | null>(null);
  const [now, setNow] = useState(() => localInputValue());
  useEffect(() => {
    if (edited !== null) return;
    const tick = () => setNow(localInputValue());
    tick();
    const timer = setInterval(tick, FOLLOW_CLOCK_MS);
    // A tablet woken from sleep or a tab brought back shows the time at once.
    document.addEventListener('visibilitychange', tick);
    window.addEventListener('focus', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
      window.removeEventListener('focus', tick);
    };
  }, [edited]);
  const followNow = useCallback(() => setEdited(null), []);
  const onChange = useCallback((value: string) => setEdited(value), []);
  const instant = useCallback(
    () => (edited === null ? new Date().toISOString() : (toInstant(edited) ?? edited)),
    [edited],
  );
  return { value: edited ?? now, edited: edited !== null, onChange, followNow, instant };
}

/** The button beside an edited time field that makes it follow the clock again. */
export function NowButton({ time, label }: { time: ChartedTime; label: string }) {
  if (!time.edited) return null;
  return (
    <button
      type="button"
      className="button button--quiet bs-unit-switch"
      onClick={time.followNow}
      aria-label={`Set ${label} to now`}
    >
      Now
    </button>
  );
}

export function fieldError(error: unknown, ...paths: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  for (const p of paths) {
    const m = error.fields.find((f) => f.path === p || f.path.startsWith(`${p}.`))?.message;
    if (m) return m;
  }
  return undefined;
}

/** The form-level error: the API's message plus any field messages the form has no field for. */
export function FormError({ error, known }: { error: unknown; known: string[] }) {
  if (!error) return null;
  const other =
    error instanceof ApiError
      ? error.fields.filter((f) => !known.some((k) => f.path === k || f.path.startsWith(`${k}.`)))
      : [];
  return (
    <div className="notice notice--error" role="alert">
      <span className="notice__icon" aria-hidden="true">
        ✕
      </span>
      <div>
        <strong>Not saved: {describeError(error)}</strong>
        {other.length > 0 && (
          <ul>
            {other.map((f) => (
              <li key={f.path}>
                {f.path === '(body)' ? '' : `${f.path}: `}
                {f.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** One labelled number/text input with unit, hint, previous value and error. */
export function Field({
  id,
  label,
  unit,
  hint,
  previous,
  error,
  extra,
  children,
}: {
  id: string;
  label: string;
  extra?: ReactNode;
  unit?: ReactNode;
  hint?: string;
  previous?: string | null;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'bs-field bs-field--error' : 'bs-field'}>
      <div className="bs-field__head">
        <label htmlFor={id} className="bs-field__label">
          {label}
        </label>
        {extra}
      </div>
      <div className="bs-field__input">
        {children}
        {unit && <span className="bs-field__unit">{unit}</span>}
      </div>
      <p className="bs-field__meta" id={`${id}-hint`}>
        {hint && <span>{hint}</span>}
        {previous != null && <span className="bs-field__prev">Previous: {previous}</span>}
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span aria-hidden="true">✕ </span>
          {error}
        </p>
      )}
    </div>
  );
}

export const describedBy = (id: string, error: string | undefined) =>
  error ? `${id}-hint ${id}-error` : `${id}-hint`;

/** The save button of a bedside form: it says "Saving…" and takes no second press while saving. */
export function SaveActions({ pending, label }: { pending: boolean; label: string }) {
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary bs-submit" disabled={pending}>
        {pending ? 'Saving…' : label}
      </button>
    </div>
  );
}

/** What the last save charted, in one line. */
export function SavedNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="notice notice--success" role="status">
      <span className="notice__icon" aria-hidden="true">
        ✓
      </span>
      {text}
    </p>
  );
}
