import type { IecHsWatchSignal } from '@cellwatch/contracts';
import { formatLocalDateTime } from '../format/time.ts';

/**
 * The IEC-HS watch signal (Hines 2023) on the toxicity view, with its basis: a signal for the
 * hematologist to look, never a grade (the grading is unconfirmed).
 */
export function IecHsWatch({ signal }: { signal: IecHsWatchSignal }) {
  const [verdict, ...lines] = signal.basis;
  const basis = (
    <ul className="grade-card__reasons">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
  if (!signal.suspected) {
    return (
      <details className="iec-hs-watch">
        <summary>
          <strong>IEC-HS watch signal:</strong> not suspected
        </summary>
        <p className="muted small">{verdict}</p>
        {basis}
      </details>
    );
  }
  return (
    <section className="notice notice--warning iec-hs-watch" aria-labelledby="iec-hs-title">
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      <div>
        <strong id="iec-hs-title">IEC-HS suspected — watch signal</strong>
        <span className="muted small">
          {' '}
          ({signal.label}
          {signal.metAt && <>, since {formatLocalDateTime(signal.metAt)}</>})
        </span>
        <p>{verdict}</p>
        {basis}
      </div>
    </section>
  );
}
