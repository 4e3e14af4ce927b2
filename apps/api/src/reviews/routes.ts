import { ConfirmGradeRequest, IdParam, OverrideGradeRequest, ReviewQuery } from '@cellwatch/contracts';
import { type Context, Hono } from 'hono';
import { type Kysely, type Selectable, sql } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import { auditedList } from '../audit/audited-read.ts';
import { currentUser } from '../auth/middleware.ts';
import { verifyPassword } from '../auth/passwords.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import type { Database, GradeChangesTable, GradeSignaturesTable } from '../db/schema.ts';
import { factDetails } from '../grading/fact-details.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { jsonBody, params, query } from '../http/validate.ts';

const SYNDROME = { crs: 'CRS', icans: 'ICANS' } as const;

function toSignature(s: Selectable<GradeSignaturesTable>) {
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

async function toReviews(db: Kysely<Database>, rows: Selectable<GradeChangesTable>[]) {
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
      missing: JSON.parse(r.missing_json) as unknown[],
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

/**
 * Signing: only the signed-in hematologist, with their password entered again. Failed
 * password entries count towards the same throttle as sign-in.
 */
async function sign(
  c: Context<AppEnv>,
  throttle: LoginThrottle,
  password: string,
  decide: (change: Selectable<GradeChangesTable>) => {
    decision: 'confirmed' | 'overridden';
    grade: number;
    reason: string | null;
    meaning: string;
  },
) {
  const { id } = params(c, IdParam);
  const { db, now } = c.var.services;
  const user = currentUser(c);
  const wait = throttle.retryAfterSeconds(user.username, 'signature', now());
  if (wait > 0) {
    throw new ApiError(429, 'too_many_attempts', 'Too many wrong passwords. Try again later.', undefined, {
      'Retry-After': String(wait),
    });
  }
  const account = await db
    .selectFrom('users')
    .select(['password_hash', 'display_name'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(password, account.password_hash))) {
    throttle.recordFailure(user.username, 'signature', now());
    throw new ApiError(401, 'signature_refused', 'The password is not correct: nothing was signed.', [
      { path: 'password', message: 'not correct' },
    ]);
  }
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
    const [review] = await toReviews(trx, [{ ...change, status: d.decision }]);
    return review;
  });
  c.var.services.events.publish([
    { type: 'review_signed', patientId: result?.patient?.id ?? null, data: { review: result } },
  ]);
  return c.json({ review: result }, 200);
}

/**
 * The hematologists' review queue: computed grade changes to confirm or override, signed.
 * Ordered by clinical priority, not age: unsigned grade 3 or more first (ASTCT 2019, Lee et al.
 * 2019, severe: CRS needing a vasopressor or high-flow oxygen, ICANS with ICE 0-2, tactile
 * arousal only, a seizure or focal oedema), then the highest grade, then the newest step.
 */
export function reviewRoutes(throttle: LoginThrottle) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const q = query(c, ReviewQuery);
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
    .post('/:id/confirm', async (c) => {
      const { password } = await jsonBody(c, ConfirmGradeRequest);
      return sign(c, throttle, password, (change) => ({
        decision: 'confirmed',
        grade: change.to_grade,
        reason: null,
        meaning: `confirmed ${SYNDROME[change.syndrome]} grade ${change.to_grade}`,
      }));
    })
    .post('/:id/override', async (c) => {
      const body = await jsonBody(c, OverrideGradeRequest);
      return sign(c, throttle, body.password, (change) => ({
        decision: 'overridden',
        grade: body.grade,
        reason: body.reason,
        meaning: `overrode computed ${SYNDROME[change.syndrome]} grade ${change.to_grade} with grade ${body.grade}`,
      }));
    });
}
