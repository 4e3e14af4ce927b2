import type { Course } from '@cellwatch/clinical';
import type { GradeOfRecord, GradeSignatureView, GradesOfRecord } from '@cellwatch/contracts';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Database, GradeChangesTable, GradeSignaturesTable, PatientsTable } from '../db/schema.ts';
import { gradeSteps, stepKey } from './grade-steps.ts';

/**
 * Which grade each view shows. The regulatory frame (shared/clinical-reference.md, "Regulatory
 * frame"): a hematologist confirms or corrects each computed grade and signs it with name, time
 * and meaning, and nothing is silently regraded after a correction. So:
 *
 * - the grade of record of a syndrome is the signed grade of its current step (the latest grade
 *   change still computed) when that step is signed, else the computed grade, marked as
 *   awaiting review;
 * - a signature stops holding when a fact behind it is entered in error: the step goes back to
 *   the queue (regrader.ts) and the views show the computed grade awaiting review, with the
 *   reason and the signature that was returned, never the old signed grade as if still valid;
 * - report maxima take, step by step, the signed grade where the step is signed and the computed
 *   grade elsewhere, with the computed maximum and the count of overridden steps beside them.
 */

type Syndrome = 'crs' | 'icans';
type StepRow = Selectable<GradeChangesTable>;
type SignatureRow = Selectable<GradeSignaturesTable>;

export function signatureView(s: SignatureRow): GradeSignatureView {
  return {
    decision: s.decision,
    signedGrade: s.signed_grade,
    computedGrade: s.computed_grade,
    reason: s.reason,
    meaning: s.meaning,
    signer: { id: s.signer_id, printedName: s.signer_name },
    signedAt: s.signed_at,
  };
}

const isSigned = (step: StepRow) => step.status === 'confirmed' || step.status === 'overridden';

/** The signature that holds for a step: the latest one not invalidated, on a signed step. */
export function validSignature(step: StepRow, signatures: readonly SignatureRow[]): SignatureRow | null {
  if (!isSigned(step)) return null;
  const valid = signatures.filter((s) => s.grade_change_id === step.id && s.invalidated_at === null);
  return valid.at(-1) ?? null;
}

async function signaturesOf(db: Kysely<Database>, stepIds: number[]): Promise<SignatureRow[]> {
  const out: SignatureRow[] = [];
  for (let i = 0; i < stepIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('grade_signatures')
        .selectAll()
        .where('grade_change_id', 'in', stepIds.slice(i, i + 500))
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

/**
 * Each patient's current CRS and ICANS step: the latest grade change neither superseded nor
 * replaced. Two index seeks per patient (grade_changes_patient), then the rows by id.
 */
async function currentSteps(db: Kysely<Database>, patientIds: number[]): Promise<StepRow[]> {
  const latest = (syndrome: Syndrome) => (eb: ExpressionBuilder<Database & { p: PatientsTable }, 'p'>) =>
    eb
      .selectFrom('grade_changes as h')
      .select('h.id')
      .whereRef('h.patient_id', '=', 'p.id')
      .where('h.syndrome', '=', syndrome)
      .where('h.status', '!=', 'superseded')
      .where('h.superseded_at', 'is', null)
      .orderBy('h.at_ms', 'desc')
      .orderBy('h.id', 'desc')
      .limit(1);
  const out: StepRow[] = [];
  for (let i = 0; i < patientIds.length; i += 500) {
    const ids = await db
      .selectFrom('patients as p')
      .select((eb) => [latest('crs')(eb).as('crs'), latest('icans')(eb).as('icans')])
      .where('p.id', 'in', patientIds.slice(i, i + 500))
      .execute();
    const stepIds = ids.flatMap((r) => [r.crs, r.icans]).filter((id): id is number => id !== null);
    if (stepIds.length) {
      out.push(...(await db.selectFrom('grade_changes').selectAll().where('id', 'in', stepIds).execute()));
    }
  }
  return out;
}

function gradeOfRecord(
  computed: number | null,
  step: StepRow | undefined,
  signatures: readonly SignatureRow[],
): GradeOfRecord {
  const none: GradeOfRecord = {
    grade: computed,
    computedGrade: computed,
    status: 'no_step',
    gradeChangeId: null,
    stepAt: null,
    signature: null,
    returnedReason: null,
    returnedSignature: null,
  };
  if (computed === null) return none;
  // A stored step that does not end at the computed grade is not the current one (the stored
  // steps lag the course): the computed grade stands, unsigned.
  if (!step || step.to_grade !== computed) {
    return computed === 0 ? none : { ...none, status: 'awaiting_review' };
  }
  const signature = validSignature(step, signatures);
  const returned = signatures
    .filter((s) => s.grade_change_id === step.id && s.invalidated_at !== null)
    .at(-1);
  return {
    grade: signature ? signature.signed_grade : computed,
    computedGrade: computed,
    status: signature ? 'signed' : 'awaiting_review',
    gradeChangeId: step.id,
    stepAt: step.at,
    signature: signature ? signatureView(signature) : null,
    returnedReason: signature ? null : step.returned_reason,
    returnedSignature: !signature && returned ? signatureView(returned) : null,
  };
}

/**
 * The grades of record of many patients at once (the ward), from each one's computed current
 * grades (null when not graded).
 */
export async function gradesOfRecord(
  db: Kysely<Database>,
  patients: readonly { id: number; crs: number | null; icans: number | null }[],
): Promise<Map<number, GradesOfRecord>> {
  const steps = await currentSteps(
    db,
    patients.map((p) => p.id),
  );
  const signatures = await signaturesOf(
    db,
    steps.map((s) => s.id),
  );
  const stepOf = new Map(steps.map((s) => [`${s.patient_id}|${s.syndrome}`, s]));
  const out = new Map<number, GradesOfRecord>();
  for (const p of patients) {
    const of = (syndrome: Syndrome) =>
      gradeOfRecord(p[syndrome], stepOf.get(`${p.id}|${syndrome}`), signatures);
    out.set(p.id, { crs: of('crs'), icans: of('icans') });
  }
  return out;
}

/** The grades of record of one patient from a `gradesOfRecord` answer, which has every patient asked. */
export function gradesOfRecordOf(
  graded: ReadonlyMap<number, GradesOfRecord>,
  patientId: number,
): GradesOfRecord {
  const grades = graded.get(patientId);
  if (!grades) throw new Error(`no grades of record were worked out for patient ${patientId}`);
  return grades;
}

export interface ReportedMaximum {
  /** The highest grade over the course, each step counted at its signed grade where signed. */
  maxGrade: number;
  /** The highest computed grade (ASTCT 2019 engine), whatever was signed. */
  computedMaxGrade: number;
  /** Grade steps a hematologist signed with a grade other than the computed one. */
  overriddenSteps: number;
  /** Grade steps not (or no longer) signed. */
  stepsAwaitingReview: number;
}

/**
 * The maximum CRS and ICANS grades a trial report gives for one patient: the course's grade
 * steps (recomputed from the charted facts), each taken at its signed grade when its stored step
 * carries a valid signature. With `inWindow`, only the steps at the instants it accepts (one
 * infusion episode's, for a per-infusion extract).
 */
export async function reportedMaxima(
  db: Kysely<Database>,
  patientId: number,
  course: Course | null,
  inWindow: (at: number) => boolean = () => true,
): Promise<Record<Syndrome, ReportedMaximum>> {
  const empty = (): ReportedMaximum => ({
    maxGrade: 0,
    computedMaxGrade: 0,
    overriddenSteps: 0,
    stepsAwaitingReview: 0,
  });
  const out = { crs: empty(), icans: empty() };
  if (!course) return out;
  const points = [];
  for (let i = 0; i < course.pointCount(); i++) points.push(course.pointAt(i));
  const computed = gradeSteps(null, points).filter((step) => inWindow(step.at));
  if (!computed.length) return out;
  const stored = await db
    .selectFrom('grade_changes')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '!=', 'superseded')
    .where('superseded_at', 'is', null)
    .execute();
  const signatures = await signaturesOf(
    db,
    stored.map((s) => s.id),
  );
  const byKey = new Map(
    stored.map((s) => [
      stepKey({ syndrome: s.syndrome, at: s.at_ms, fromGrade: s.from_grade, toGrade: s.to_grade }),
      s,
    ]),
  );
  for (const step of computed) {
    const row = byKey.get(stepKey(step));
    const signature = row ? validSignature(row, signatures) : null;
    const m = out[step.syndrome];
    m.computedMaxGrade = Math.max(m.computedMaxGrade, step.toGrade);
    m.maxGrade = Math.max(m.maxGrade, signature ? signature.signed_grade : step.toGrade);
    if (!signature) m.stepsAwaitingReview++;
    else if (signature.signed_grade !== signature.computed_grade) m.overriddenSteps++;
  }
  return out;
}
