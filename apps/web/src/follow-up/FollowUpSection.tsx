import { type ReactNode, useId } from 'react';

/** One card of the follow-up page, named by its heading. */
export function FollowUpSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card fu-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Why the engine says what it says, each reason once. */
export function Reasons({ reasons }: { reasons: string[] }) {
  if (!reasons.length) return null;
  return (
    <ul className="fu-reasons">
      {[...new Set(reasons)].map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}
