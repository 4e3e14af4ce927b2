import type { GradeOfRecord as GradeOfRecordData } from '@cellwatch/contracts';
import { formatLocalDateTime } from '../format/time.ts';
import { GradeBadge } from './clinical-ui.tsx';

/**
 * The grade a view shows for CRS or ICANS (the API's grade of record): the signed grade when the
 * current grade step is signed, marked "Signed" with the signer and time, and the computed grade
 * beside it when the hematologist overrode it; otherwise the computed grade marked "awaiting
 * review" (and why, when a signed grade came back to the queue after a correction).
 * `compact` is the one-line form for the ward row and the patient header.
 */
export function GradeOfRecordBadge({
  syndrome,
  grade,
  fallback = null,
  compact = false,
}: {
  syndrome: 'CRS' | 'ICANS';
  grade: GradeOfRecordData | null | undefined;
  /** The grade to show when the API sent no grade of record. */
  fallback?: number | null;
  compact?: boolean;
}) {
  if (!grade) return <GradeBadge syndrome={syndrome} grade={fallback} />;
  const { signature } = grade;
  const differs = signature !== null && grade.computedGrade !== null && grade.computedGrade !== grade.grade;
  return (
    <span className={compact ? 'gor gor--compact' : 'gor'}>
      <GradeBadge syndrome={syndrome} grade={grade.grade} />
      {grade.status === 'awaiting_review' && <span className="gor__unsigned">Unsigned, awaiting review</span>}
      {signature && (
        <span className="gor__signed">
          <span className="gor__mark">
            <span aria-hidden="true">✓ </span>Signed
          </span>{' '}
          by {signature.signer.printedName}
          <span className={compact ? 'visually-hidden' : undefined}>
            , {formatLocalDateTime(signature.signedAt)}
          </span>
        </span>
      )}
      {differs && (
        <span className="gor__computed">
          computed {syndrome} {grade.computedGrade}
        </span>
      )}
      {!compact && signature && (
        <span className="gor__meaning">
          {signature.meaning}
          {signature.reason && <> — “{signature.reason}”</>}
        </span>
      )}
      {grade.status === 'awaiting_review' && (grade.returnedReason || grade.returnedSignature) && (
        <span className="gor__returned">
          <span aria-hidden="true">↩ </span>Returned to review
          {grade.returnedSignature && (
            <>
              : was signed {syndrome} {grade.returnedSignature.signedGrade} by{' '}
              {grade.returnedSignature.signer.printedName}
            </>
          )}
          {!compact && grade.returnedReason && <> — {grade.returnedReason}</>}
        </span>
      )}
    </span>
  );
}
