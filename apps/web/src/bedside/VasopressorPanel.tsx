import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatLocalDateTime } from '../format/time.ts';
import { vasopressorsQuery } from '../patient/queries.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { CrsNow } from './CrsNow.tsx';
import { RunningInfusion } from './RunningInfusion.tsx';
import { StartVasopressorForm } from './StartVasopressorForm.tsx';
import { runningInfusions, VASOPRESSOR_LABELS } from './vasopressor-course.ts';

/** Minutes tick over while the page is open, so durations stay true on a long shift. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function VasopressorPanel({ patientId }: { patientId: number }) {
  const infusions = useQuery(vasopressorsQuery(patientId));
  const now = useNow();
  const all = infusions.data?.infusions ?? [];
  const running = runningInfusions(all);
  const ended = all.filter((i) => i.stoppedAt !== null || i.enteredInError !== null).slice(0, 10);
  return (
    <div className="stack">
      <CrsNow patientId={patientId} />
      <section className="bs-form" aria-labelledby="pressors-running">
        <h2 id="pressors-running">Running vasopressors</h2>
        {infusions.isPending ? (
          <LoadingState label="Loading the infusions…" />
        ) : infusions.isError ? (
          <ErrorState
            title="The infusions could not be loaded"
            error={infusions.error}
            onRetry={() => infusions.refetch()}
          />
        ) : running.length === 0 ? (
          <p className="muted">No vasopressor running.</p>
        ) : (
          <ul className="bs-pressors">
            {running.map((i) => (
              <RunningInfusion key={i.id} patientId={patientId} infusion={i} all={all} now={now} />
            ))}
          </ul>
        )}
      </section>
      <StartVasopressorForm patientId={patientId} />
      {ended.length > 0 && (
        <section className="bs-form" aria-labelledby="pressors-ended">
          <h2 id="pressors-ended">Earlier infusions and doses</h2>
          <ul className="bs-pressors bs-pressors--ended">
            {ended.map((i) => (
              <li key={i.id}>
                <strong>{VASOPRESSOR_LABELS[i.drug]}</strong> {i.doseNote ?? ''} ·{' '}
                {formatLocalDateTime(i.startedAt)} to {i.stoppedAt ? formatLocalDateTime(i.stoppedAt) : '—'}
                {i.enteredInError && <span className="tag"> entered in error</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
