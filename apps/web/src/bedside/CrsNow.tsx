import { useQuery } from '@tanstack/react-query';
import { formatLocalDateTime } from '../format/time.ts';
import { GradeBadge } from '../patient/clinical-ui.tsx';
import { toxicityQuery } from '../patient/queries.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';

/** The CRS grade as it stands, with its reasons and rule version: it moves as pressors start and stop. */
export function CrsNow({ patientId }: { patientId: number }) {
  const tox = useQuery(toxicityQuery(patientId));
  if (tox.isPending) return <LoadingState label="Loading the CRS grade…" />;
  if (tox.isError) return <ErrorState title="The CRS grade could not be loaded" error={tox.error} />;
  const crs = tox.data.current?.crs;
  return (
    <section className="card bs-crs-now" aria-label="CRS grade now" aria-live="polite">
      <p className="bs-crs-now__grade">
        <GradeBadge syndrome="CRS" grade={crs ? crs.grade : null} />
        <span className="muted small">
          {crs?.at ? ` as of ${formatLocalDateTime(crs.at)}` : ' not graded yet'} · rule{' '}
          {crs?.ruleVersion ?? tox.data.ruleVersion}
        </span>
      </p>
      {crs && crs.reasons.length > 0 && (
        <ul className="bs-crs-now__reasons">
          {crs.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
