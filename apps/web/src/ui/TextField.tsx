import { type ComponentPropsWithRef, useId } from 'react';

/** An input's props, its ref included (React 19 passes `ref` as a prop), so react-hook-form's
 * `register` can be spread onto it. */
type TextFieldProps = Omit<ComponentPropsWithRef<'input'>, 'id'> & {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** A fixed id, for a page that names its inputs (sign-in); otherwise one is made. */
  id?: string;
};

/** A labelled input whose hint and error are announced with it. */
export function TextField({ label, hint, error, id: fixedId, ...input }: TextFieldProps) {
  const madeId = useId();
  const id = fixedId ?? madeId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <p className="field__error" id={errorId}>
          <span aria-hidden="true">✕ </span>
          {error}
        </p>
      )}
    </div>
  );
}
