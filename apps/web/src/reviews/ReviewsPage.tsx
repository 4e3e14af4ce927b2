import type { GradeReview } from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { GradeBadge } from '../alerts/badges.tsx';
import { useSignedInUser } from '../auth/user-context.ts';
import { formatLocalDate, formatLocalDateTime, formatLocalTime } from '../format/time.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { dayText, type ReviewStatus, reviewsQuery, SYNDROME_LABEL } from './queries.ts';
import { SigningDialog } from './SigningDialog.tsx';
import type { SigningMode } from './signing-request.ts';
import './reviews.css';

const STATUS_LABELS: Record<ReviewStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  overridden: 'Overridden',
  superseded: 'Superseded',
  all: 'All',
};

function missingText(m: unknown): string {
  if (typeof m === 'string') return m;
  if (m && typeof m === 'object') {
    const o = m as { item?: string; message?: string; lastAt?: string | null };
    const base = o.message ?? o.item ?? JSON.stringify(m);
    return o.lastAt && !o.message ? `${base} (last ${formatLocalDateTime(o.lastAt)})` : base;
  }
  return String(m);
}

function ReviewCard({
  review,
  canSign,
  onSign,
}: {
  review: GradeReview;
  canSign: boolean;
  onSign: (review: GradeReview, mode: SigningMode) => void;
}) {
  const titleId = useId();
  const syndrome = SYNDROME_LABEL[review.syndrome];
  const name = review.patient?.name ?? 'Unknown patient';
  return (
    <li className="review-card" aria-labelledby={titleId}>
      <div className="review-card__head">
        <h2 id={titleId} className="review-card__title">
          {review.patient ? <Link to={`/patients/${review.patient.id}`}>{name}</Link> : name}
          <span className="cell-sub">
            {review.patient && <>MRN {review.patient.mrn} · </>}
            {syndrome} · <strong>{dayText(review.day)}</strong> · {formatLocalDateTime(review.at)}
          </span>
        </h2>
        <p className="review-card__change">
          <GradeBadge syndrome={review.syndrome} grade={review.fromGrade} />
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> changes to </span>
          <GradeBadge syndrome={review.syndrome} grade={review.toGrade} />
        </p>
      </div>
      {review.returnedReason && (
        <p className="notice notice--warning">
          <span className="notice__icon" aria-hidden="true">
            ↩
          </span>
          <span>
            <strong>Returned for review:</strong> a signed grade came back after a correction —{' '}
            {review.returnedReason}
          </span>
        </p>
      )}
      <div className="review-card__body">
        <div>
          <h3>Why</h3>
          {review.reasons.length ? (
            <ul>
              {[...new Set(review.reasons)].map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">No reasons given.</p>
          )}
        </div>
        <div>
          <h3>Facts used</h3>
          {review.facts?.length ? (
            <ul className="review-card__facts">
              {review.facts.map((f) => (
                <li key={f.id} className={f.enteredInError ? 'is-invalidated' : undefined}>
                  <strong>
                    <time dateTime={f.at}>{formatLocalTime(f.at)}</time>
                  </strong>{' '}
                  {f.summary}
                  <span className="cell-sub">
                    {formatLocalDate(f.at)} · charted by {f.recordedBy ?? 'unknown'}
                    {f.enteredInError && ' · entered in error'}
                  </span>
                </li>
              ))}
            </ul>
          ) : review.factIds.length ? (
            <ul className="review-card__facts">
              {[...new Set(review.factIds)].map((f) => (
                <li key={f}>
                  {review.patient ? (
                    <Link to={`/patients/${review.patient.id}`}>
                      <code>{f}</code>
                      <span className="visually-hidden"> on the patient page of {name}</span>
                    </Link>
                  ) : (
                    <code>{f}</code>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No facts listed.</p>
          )}
        </div>
        <div>
          <h3>Missing data</h3>
          {review.missing.length ? (
            <ul>
              {review.missing.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for a grade change.
                <li key={i}>{missingText(m)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing missing.</p>
          )}
        </div>
      </div>
      <p className="muted small">
        Rule version <code>{review.ruleVersion}</code> · Status: {review.status}
      </p>
      {review.signatures.length > 0 && (
        <ul className="review-card__signatures" aria-label="Signatures">
          {review.signatures.map((s) => (
            <li
              key={`${s.signedAt}-${s.signer.printedName}`}
              className={s.invalidatedAt ? 'is-invalidated' : undefined}
            >
              <strong>{s.signer.printedName}</strong> {s.meaning} on {formatLocalDateTime(s.signedAt)}
              {s.reason && <> — “{s.reason}”</>}
              {s.invalidatedAt && <> (invalidated {formatLocalDateTime(s.invalidatedAt)})</>}
            </li>
          ))}
        </ul>
      )}
      {canSign && review.status === 'pending' && (
        <div className="row-actions">
          <button type="button" className="button button--primary" onClick={() => onSign(review, 'confirm')}>
            Confirm {syndrome} grade {review.toGrade}
            <span className="visually-hidden"> for {name}</span>
          </button>
          <button type="button" className="button" onClick={() => onSign(review, 'override')}>
            Override
            <span className="visually-hidden">
              {' '}
              {syndrome} grade for {name}
            </span>
          </button>
        </div>
      )}
    </li>
  );
}

export function ReviewsPage() {
  const user = useSignedInUser();
  const canSign = user.role === 'hematologist';
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [signing, setSigning] = useState<{ review: GradeReview; mode: SigningMode } | null>(null);
  const [signed, setSigned] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const reviews = useQuery(reviewsQuery(status));

  return (
    <section className="stack" aria-labelledby="reviews-title">
      <title>Review queue · CellWatch</title>
      <h1 id="reviews-title" ref={headingRef} tabIndex={-1}>
        Review queue
      </h1>
      {!canSign && <p className="muted">Only hematologists sign grades; you can read the queue.</p>}
      <p role="status" className={signed ? 'notice notice--success' : 'visually-hidden'}>
        {signed && (
          <>
            <span className="notice__icon" aria-hidden="true">
              ✓
            </span>
            Signed: {signed}
          </>
        )}
      </p>
      <form className="form--filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="reviews-status">Show</label>
          <select
            id="reviews-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReviewStatus)}
          >
            {(Object.keys(STATUS_LABELS) as ReviewStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {reviews.isPending ? (
        <LoadingState label="Loading the review queue…" />
      ) : reviews.isError ? (
        <ErrorState
          title="The review queue could not be loaded"
          error={reviews.error}
          onRetry={() => reviews.refetch()}
        />
      ) : reviews.data.reviews.length === 0 ? (
        <EmptyState title={status === 'pending' ? 'Nothing to review' : 'No grade changes match'}>
          <p>Computed grade changes wait here for a hematologist's signature.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {reviews.data.reviews.length} grade {reviews.data.reviews.length === 1 ? 'change' : 'changes'},
            most urgent first: unsigned grade 3 or more, then the highest grade, newest first.
          </p>
          <ul className="review-list" aria-label="Grade changes">
            {reviews.data.reviews.map((r) => (
              <ReviewCard
                key={r.id}
                review={r}
                canSign={canSign}
                onSign={(review, mode) => {
                  setSigned(null);
                  setSigning({ review, mode });
                }}
              />
            ))}
          </ul>
        </>
      )}
      {signing && (
        <SigningDialog
          review={signing.review}
          mode={signing.mode}
          onClose={(done) => {
            const { review, mode } = signing;
            setSigning(null);
            if (done) {
              const syndrome = SYNDROME_LABEL[review.syndrome];
              setSigned(
                `${review.patient?.name ?? 'patient'}, ${mode === 'confirm' ? `confirmed ${syndrome} grade ${review.toGrade}` : `${syndrome} grade overridden`}`,
              );
              headingRef.current?.focus();
            }
          }}
        />
      )}
    </section>
  );
}
