import type { GradeOfRecord, LatestGradeReview, SyndromeGrade, Toxicity } from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { formatLocalDateTime } from '../format/time.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { dayText, GradeBadge } from './clinical-ui.tsx';
import { GradeSignOff } from './GradeOfRecord.tsx';
import { IecHsWatch } from './IecHsWatch.tsx';
import { toxicityQuery } from './queries.ts';

const REVIEW_LABELS: Record<string, string> = {
  pending: 'Awaiting hematologist review',
  confirmed: 'Confirmed by a hematologist',
  overridden: 'Overridden by a hematologist',
  superseded: 'Superseded by a later grade',
};

function ReviewStatus({ review }: { review: LatestGradeReview | null }) {
  if (!review) return <p className="muted">No grade change awaiting review.</p>;
  return (
    <p className={review.status === 'pending' ? 'grade-review grade-review--pending' : 'grade-review'}>
      <strong>{REVIEW_LABELS[review.status] ?? review.status}</strong>: change to grade {review.toGrade} at{' '}
      {formatLocalDateTime(review.at)}
      {review.returnedReason && <> — returned: {review.returnedReason}</>}
    </p>
  );
}

function SyndromeCard({
  syndrome,
  grade,
  review,
  ofRecord,
  facts,
}: {
  syndrome: 'CRS' | 'ICANS';
  grade: SyndromeGrade;
  review: LatestGradeReview | null;
  ofRecord: GradeOfRecord | undefined;
  facts: Toxicity['facts'];
}) {
  const factIds = [...new Set(grade.factIds)];
  return (
    <section className="card grade-card" aria-labelledby={`grade-${syndrome}`}>
      <h3 id={`grade-${syndrome}`} className="grade-card__title">
        <GradeBadge syndrome={syndrome} grade={ofRecord ? ofRecord.grade : grade.grade} />
        <span className="muted small">
          {grade.at ? `as of ${formatLocalDateTime(grade.at)}, ${dayText(grade.day)}` : 'not graded yet'}
        </span>
      </h3>
      <GradeSignOff syndrome={syndrome} grade={ofRecord} />
      <ReviewStatus review={review} />
      <h4>
        {ofRecord?.signature && ofRecord.computedGrade !== ofRecord.grade ? 'Why it was computed' : 'Why'}
      </h4>
      <ul className="grade-card__reasons">
        {grade.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {factIds.length > 0 && (
        <>
          <h4>Facts behind it</h4>
          <ul className="grade-card__facts">
            {factIds.map((id) => {
              const fact = facts[id];
              if (!fact) return <li key={id}>{id}</li>;
              return (
                <li key={id}>
                  {fact.summary}
                  <span className="cell-sub">
                    {formatLocalDateTime(fact.at)} · charted by {fact.recordedBy ?? 'unknown'}
                    {fact.enteredInError ? ' · entered in error' : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {grade.missing.length > 0 && (
        <div className="notice notice--warning">
          <span className="notice__icon" aria-hidden="true">
            !
          </span>
          <div>
            <strong>Missing or stale data</strong>
            <ul>
              {grade.missing.map((m) => (
                <li key={`${m.item}-${m.status}`}>
                  {m.message}
                  {m.lastAt && <> (last {formatLocalDateTime(m.lastAt)})</>}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}

export function GradePanel({ patientId }: { patientId: number }) {
  const tox = useQuery(toxicityQuery(patientId));
  if (tox.isPending) return <LoadingState label="Computing CRS and ICANS grades…" />;
  if (tox.isError) {
    return (
      <ErrorState title="The grades could not be loaded" error={tox.error} onRetry={() => tox.refetch()} />
    );
  }
  const { current, facts, review, ruleVersion, icaht, iecHs, grades } = tox.data;
  return (
    <section className="stack" aria-labelledby="grades-title">
      <h2 id="grades-title">Current grades</h2>
      {current ? (
        <div className="grade-grid">
          <SyndromeCard
            syndrome="CRS"
            grade={current.crs}
            review={review.crs}
            ofRecord={grades?.crs}
            facts={facts}
          />
          <SyndromeCard
            syndrome="ICANS"
            grade={current.icans}
            review={review.icans}
            ofRecord={grades?.icans}
            facts={facts}
          />
        </div>
      ) : (
        <p className="muted">No grade yet: the patient has no infusion time or no charted data.</p>
      )}
      {icaht && (
        <p>
          <strong>Early ICAHT grade {icaht.grade}</strong>
          {!icaht.complete && ' (incomplete: the grade may still rise)'} · ANC ≤ 500/µL on{' '}
          {icaht.daysAtOrBelow500} days, ≤ 100/µL on {icaht.daysAtOrBelow100} days
        </p>
      )}
      {icaht && icaht.afterDay30.daysAtOrBelow500.length > 0 && (
        <p>
          <strong>
            ANC ≤ 500/µL after Day 30 on {icaht.afterDay30.daysAtOrBelow500.length} day
            {icaht.afterDay30.daysAtOrBelow500.length === 1 ? '' : 's'}
          </strong>{' '}
          (Day +{icaht.afterDay30.daysAtOrBelow500.join(', +')}; lowest {icaht.afterDay30.lowestAncPerUl}/µL).
          Late ICAHT is not graded: its thresholds are not confirmed.
        </p>
      )}
      {iecHs && <IecHsWatch signal={iecHs} />}
      <p className="muted small">Rule version {ruleVersion}</p>
    </section>
  );
}
