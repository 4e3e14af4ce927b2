import type { ReactNode } from 'react';

/** Why something was refused or could not be done, announced as soon as it shows. */
export function ErrorNotice({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p className="notice notice--error" role="alert" id={id}>
      <span className="notice__icon" aria-hidden="true">
        ✕
      </span>
      {children}
    </p>
  );
}
