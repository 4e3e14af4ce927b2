import type { GradeOfRecord as GradeOfRecordData } from '@cellwatch/contracts';
import { formatLocalDateTime } from '../format/time.ts';
import { GradeBadge } from './clinical-ui.tsx';

/*
 * The grade a view shows for CRS or ICANS (the API's grade of record, grading/grade-of-record.ts):
 * the signed grade when the current grade step is signed, marked "Signed" with the signer, and
 * the computed grade beside it when the hematologist overrode it; otherwise the computed grade
 * marked unsigned, awaiting review (and "returned to review" when a signed grade came back to
 * the queue after a correction).
 */

const differs = (g: GradeOfRecordData) =>
  g.signature !== null && g.computedGrade !== null && g.computedGrade !== g.grade;

/** The one-line form for the ward row and the patient header. */
export function GradeOfRecordBadge({
  syndrome,
  grade,
  fallback = null,
}: {
  syndrome: 'CRS' | 'ICANS';
  grade: GradeOfRecordData | null | undefined;
  /** The grade to show when the API sent no grade of record. */
  fallback?: number | null;
}) {
  if (!grade) return <GradeBadge syndrome={syndrome} grade={fallback} />;
  const { signature } = grade;
  return (
    <span className="gor">
      <GradeBadge syndrome={syndrome} grade={grade.grade} />
      {signature && (
        <span className="gor__signed">
          <span className="gor__mark">
            <span aria-hidden="true">✓ </span>Signed
          </span>{' '}
          by {signature.signer.printedName}
          <span className="visually-hidden">, {formatLocalDateTime(signature.signedAt)}</span>
        </span>
      )}
      {differs(grade) && (
        <span className="gor__computed">
          computed {syndrome} {grade.computedGrade}
        </span>
      )}
      {grade.status === 'awaiting_review' && (
        <span className="gor__unsigned">
          {grade.returnedReason || grade.returnedSignature ? (
            <>
              <span aria-hidden="true">↩ </span>Returned to review
            </>
          ) : (
            <>
              Unsigned<span className="visually-hidden">, awaiting review</span>
            </>
          )}
        </span>
      )}
    </span>
  );
}

/**
 * The sign-off of the grade panel: who signed, when, what the signature means, or that it is
 * unsigned (the review line below it gives the reason a grade was returned).
 */
export function GradeSignOff({
  syndrome,
  grade,
}: {
  syndrome: 'CRS' | 'ICANS';
  grade: GradeOfRecordData | null | undefined;
}) {
  if (!grade || grade.status === 'no_step') return null;
  const { signature, returnedSignature } = grade;
  if (signature) {
    return (
      <p className="gor-signoff gor-signoff--signed">
        <span className="gor__mark">
          <span aria-hidden="true">✓ </span>Signed {syndrome} {grade.grade}
        </span>{' '}
        by <strong>{signature.signer.printedName}</strong>, {formatLocalDateTime(signature.signedAt)}:{' '}
        {signature.meaning}
        {signature.reason && <> — “{signature.reason}”</>}
        {differs(grade) && (
          <span className="gor-signoff__computed">
            computed {syndrome} {grade.computedGrade} (ASTCT 2019 engine, below)
          </span>
        )}
      </p>
    );
  }
  return (
    <p className="gor-signoff gor-signoff--unsigned">
      <strong>Unsigned, awaiting review:</strong> {syndrome} {grade.grade} is the computed grade.
      {(grade.returnedReason || returnedSignature) && (
        <span className="gor-signoff__returned">
          <span aria-hidden="true">↩ </span>Returned to review
          {returnedSignature && (
            <>
              {' '}
              (was signed {syndrome} {returnedSignature.signedGrade} by {returnedSignature.signer.printedName}
              , {formatLocalDateTime(returnedSignature.signedAt)})
            </>
          )}
        </span>
      )}
    </p>
  );
}
