import type { GradeReview, ReviewSignature, SignedReview, StepMissingData } from '@cellwatch/contracts';
import type { Context } from 'hono';
import { type Kysely, type Selectable, sql } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import { auditedList } from '../audit/audited-read.ts';
import { currentUser } from '../auth/current-user.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { spendSecondFactor } from '../auth/second-factor.ts';
import type { SignatureThrottle } from '../auth/throttle.ts';
import type { Database, GradeChangesTable, GradeSignaturesTable } from '../db/schema.ts';
import { factDetails } from '../grading/fact-details.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { confirmGrade, listReviews, overrideGrade } from './reviews.routes.ts';

const SYNDROME = { crs: 'CRS', icans: 'ICANS' } as const;

function toSignature(s: Selectable<GradeSignaturesTable>): ReviewSignature {
  return {
    id: s.id,
    decision: s.decision,
    computedGrade: s.computed_grade,
    signedGrade: s.signed_grade,
    reason: s.reason,
    meaning: s.meaning,
    signer: { id: s.signer_id, printedName: s.signer_name },
    signedAt: s.signed_at,
    factsHash: s.facts_hash,
    invalidatedAt: s.invalidated_at,
  };
}

async function toReviews(
  db: Kysely<Database>,
  rows: Selectable<GradeChangesTable>[],
): Promise<GradeReview[]> {
  const ids = rows.map((r) => r.id);
  const patientIds = [...new Set(rows.map((r) => r.patient_id))];
  const [signatures, patients] = await Promise.all([
    ids.length
      ? db
          .selectFrom('grade_signatures')
          .selectAll()
          .where('grade_change_id', 'in', ids)
          .orderBy('id')
          .execute()
      : [],
    patientIds.length
      ? db
          .selectFrom('patients')
          .select(['id', 'mrn', 'given_name', 'family_name', 'infusion_at'])
          .where('id', 'in', patientIds)
          .execute()
      : [],
  ]);
  const byPatient = new Map(patients.map((p) => [p.id, p]));
  const factIdsOf = new Map(rows.map((r) => [r.id, [...new Set(JSON.parse(r.fact_ids_json) as string[])]]));
  const details = await factDetails(db, [...factIdsOf.values()].flat());
  return rows.map((r) => {
    const p = byPatient.get(r.patient_id);
    const factIds = factIdsOf.get(r.id) ?? [];
    return {
      id: r.id,
      patient: p ? { id: p.id, mrn: p.mrn, name: `${p.family_name}, ${p.given_name}` } : null,
      syndrome: r.syndrome,
      at: r.at,
      day: r.day,
      fromGrade: r.from_grade,
      toGrade: r.to_grade,
      reasons: JSON.parse(r.reasons_json) as string[],
      factIds: JSON.parse(r.fact_ids_json) as string[],
      // The facts in words (time, values, who charted them), in charting-time order.
      facts: factIds
        .flatMap((id) => {
          const d = details[id];
          return d
            ? [
                {
                  id,
                  kind: d.kind,
                  at: d.at,
                  summary: d.summary,
                  recordedBy: d.recordedBy,
                  enteredInError: d.enteredInError,
                },
              ]
            : [];
        })
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
      missing: JSON.parse(r.missing_json) as StepMissingData[],
      factsHash: r.facts_hash,
      ruleVersion: r.rule_version,
      computedAt: r.computed_at,
      status: r.status,
      returnedReason: r.returned_reason,
      supersededAt: r.superseded_at,
      signatures: signatures.filter((s) => s.grade_change_id === r.id).map(toSignature),
    };
  });
}

/** One grade change as the queue shows it: toReviews answers one review for each row. */
async function toReview(db: Kysely<Database>, row: Selectable<GradeChangesTable>): Promise<GradeReview> {
  const [review] = await toReviews(db, [row]);
  if (!review) throw new Error(`grade change ${row.id} has no review view`);
  return review;
}

const refusal = (code: string, message: string, field?: string) =>
  new ApiError(
    code === 'second_factor_enrolment_required' || code === 'password_not_owner_chosen' ? 403 : 401,
    code,
    message,
    field
      ? [{ path: field, message: code === 'second_factor_required' ? 'required' : 'not correct' }]
      : undefined,
  );

/**
 * Signing: only the signed-in hematologist, with their own password entered again (21 CFR
 * 11.200(a)(1)), and a one-time password code when CELLWATCH_TOTP_FOR_SIGNING. A password an
 * administrator set (a reset, or a new account) is refused until its owner has chosen their own
 * (21 CFR 11.100(a), 11.300(b)). Wrong entries are throttled per signer.
 */
async function sign(
  c: Context<AppEnv>,
  throttle: SignatureThrottle,
  /** The grade change signed. */
  id: number,
  password: string,
  code: string | undefined,
  decide: (change: Selectable<GradeChangesTable>) => {
    decision: 'confirmed' | 'overridden';
    grade: number;
    reason: string | null;
    meaning: string;
  },
) {
  const { db, config, now } = c.var.services;
  const user = currentUser(c);
  const account = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'display_name', 'password_set_by', 'must_change_password', 'totp_secret'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (account.password_set_by !== user.id || account.must_change_password === 1) {
    throw refusal(
      'password_not_owner_chosen',
      'Your password was set by an administrator: choose your own before signing. Nothing was signed.',
    );
  }
  const needsCode = config.CELLWATCH_TOTP_FOR_SIGNING;
  if (needsCode && !account.totp_secret) {
    throw refusal(
      'second_factor_enrolment_required',
      'Signing needs a one-time password app: set one up under Account first. Nothing was signed.',
    );
  }
  // Reserved before the asynchronous password check, so parallel wrong entries are counted.
  const reserved = throttle.reserve(user.id, now());
  if (!reserved.ok) {
    throw new ApiError(429, 'too_many_attempts', 'Too many wrong passwords. Try again later.', undefined, {
      'Retry-After': String(reserved.retryAfterSeconds),
    });
  }
  let passwordOk = false;
  try {
    passwordOk = await verifyPassword(password, account.password_hash);
  } finally {
    if (!passwordOk) reserved.attempt.fail(now());
  }
  if (!passwordOk) {
    throw new ApiError(401, 'signature_refused', 'The password is not correct: nothing was signed.', [
      { path: 'password', message: 'not correct' },
    ]);
  }
  if (needsCode) {
    if (!code) {
      reserved.attempt.succeed(now());
      throw refusal(
        'second_factor_required',
        'Enter the code from your authenticator app to sign. Nothing was signed.',
        'code',
      );
    }
    const result = await db.transaction().execute((trx) => spendSecondFactor(trx, account, code, now()));
    if (result === 'wrong' || result === 'replayed') {
      reserved.attempt.fail(now());
      throw refusal(
        'invalid_second_factor',
        result === 'replayed'
          ? 'This code was used already: wait for the next one. Nothing was signed.'
          : 'The code is not correct: nothing was signed.',
        'code',
      );
    }
  }
  reserved.attempt.succeed(now());
  const result = await db.transaction().execute(async (trx) => {
    const change = await trx.selectFrom('grade_changes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!change) throw notFound('Grade change');
    if (change.status !== 'pending')
      throw conflict(`This grade change is ${change.status}, not waiting for review.`);
    const at = new Date(now()).toISOString();
    const d = decide(change);
    const signature = await trx
      .insertInto('grade_signatures')
      .values({
        grade_change_id: id,
        patient_id: change.patient_id,
        decision: d.decision,
        computed_grade: change.to_grade,
        signed_grade: d.grade,
        reason: d.reason,
        meaning: d.meaning,
        signer_id: user.id,
        signer_name: account.display_name,
        signed_at: at,
        facts_hash: change.facts_hash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('grade_changes').set({ status: d.decision }).where('id', '=', id).execute();
    await appendAudit(
      trx,
      {
        actor: user,
        action: d.decision === 'confirmed' ? 'sign_confirm_grade' : 'sign_override_grade',
        entity: 'grade_change',
        entityId: id,
        patientId: change.patient_id,
        before: { status: change.status },
        after: toSignature(signature),
      },
      new Date(now()),
    );
    return toReview(trx, { ...change, status: d.decision });
  });
  c.var.services.events.publish([
    { type: 'review_signed', patientId: result.patient?.id ?? null, data: { review: result } },
  ]);
  return c.json({ review: result } satisfies SignedReview, 200);
}

/**
 * The hematologists' review queue: computed grade changes to confirm or override, signed.
 * Ordered by clinical priority, not age: unsigned grade 3 or more first (ASTCT 2019, Lee et al.
 * 2019, severe: CRS needing a vasopressor or high-flow oxygen, ICANS with ICE 0-2, tactile
 * arousal only, a seizure or focal oedema), then the highest grade, then the newest step.
 */
export function reviewRoutes(throttle: SignatureThrottle) {
  return resourceRouter()
    .openapi(listReviews, async (c) => {
      const q = c.req.valid('query');
      const reviews = await auditedList(c, 'grade_change', q, async (trx) => {
        let sel = trx
          .selectFrom('grade_changes')
          .selectAll()
          .orderBy(sql`case when status = 'pending' and to_grade >= 3 then 0 else 1 end`)
          .orderBy('to_grade', 'desc')
          .orderBy('at_ms', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit);
        if (q.status !== 'all') sel = sel.where('status', '=', q.status);
        if (q.patientId) sel = sel.where('patient_id', '=', q.patientId);
        return toReviews(trx, await sel.execute());
      });
      return c.json({ reviews }, 200);
    })
    .openapi(confirmGrade, async (c) => {
      const { password, code } = c.req.valid('json');
      return sign(c, throttle, c.req.valid('param').id, password, code, (change) => ({
        decision: 'confirmed',
        grade: change.to_grade,
        reason: null,
        meaning: `confirmed ${SYNDROME[change.syndrome]} grade ${change.to_grade}`,
      }));
    })
    .openapi(overrideGrade, async (c) => {
      const body = c.req.valid('json');
      return sign(c, throttle, c.req.valid('param').id, body.password, body.code, (change) => ({
        decision: 'overridden',
        grade: body.grade,
        reason: body.reason,
        meaning: `overrode computed ${SYNDROME[change.syndrome]} grade ${change.to_grade} with grade ${body.grade}`,
      }));
    });
}
