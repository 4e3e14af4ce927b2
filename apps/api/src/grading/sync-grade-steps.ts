import { createHash } from 'node:crypto';
import type { ChartedFact, Course, CoursePoint } from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { engineFactId } from '../charting/fact-ref.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';
import { type ComputedStep, gradeSteps, stepKey } from './grade-steps.ts';
import type { FactChange } from './regrader-port.ts';

const REVIEW_AUDIENCE = ['hematologist', 'nurse', 'coordinator'] as const;

/** SHA-256 over the facts a grade used, as charted: a signature records what it was based on. */
export function factsHash(facts: readonly ChartedFact[]): string {
  const sorted = [...facts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * Brings the stored grade steps in line with the course from `changedFrom` on: new steps go
 * to the review queue; steps no longer computed are superseded (kept, never deleted); a signed
 * step touched by an entered-in-error fact returns to the queue, flagged.
 */
export async function syncGradeSteps(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  course: Course,
  changedFrom: number,
  firstIndex: number,
  change: FactChange,
  at: Date,
  events: CareEvent[],
): Promise<ComputedStep[]> {
  const total = course.pointCount();
  const before: CoursePoint | null = firstIndex > 0 ? course.pointAt(firstIndex - 1) : null;
  const points: CoursePoint[] = [];
  for (let i = firstIndex; i < total; i++) points.push(course.pointAt(i));
  const computed = gradeSteps(before, points);
  const computedKeys = new Set(computed.map(stepKey));

  let storedQuery = trx
    .selectFrom('grade_changes')
    .selectAll()
    .where('patient_id', '=', patient.id)
    .where('status', '!=', 'superseded');
  if (Number.isFinite(changedFrom)) storedQuery = storedQuery.where('at_ms', '>=', changedFrom);
  const stored = await storedQuery.execute();
  const storedKeys = new Set<string>();
  const iso = at.toISOString();
  const corrected = change.kind === 'entered_in_error' ? change.refs.map(engineFactId) : [];
  let returnedNote: string | null = null;

  for (const row of stored) {
    const key = stepKey({
      syndrome: row.syndrome,
      at: row.at_ms,
      fromGrade: row.from_grade,
      toGrade: row.to_grade,
    });
    const signed = row.status === 'confirmed' || row.status === 'overridden';
    const factIds = JSON.parse(row.fact_ids_json) as string[];
    const touched = corrected.find((id) => factIds.includes(id));
    if (signed && touched) {
      const reason = `${touched} was marked entered-in-error after this grade was signed`;
      await trx
        .updateTable('grade_signatures')
        .set({ invalidated_at: iso })
        .where('grade_change_id', '=', row.id)
        .where('invalidated_at', 'is', null)
        .execute();
      const stillComputed = computedKeys.has(key);
      await trx
        .updateTable('grade_changes')
        .set({
          status: 'pending',
          returned_reason: stillComputed
            ? reason
            : `${reason}; the recomputed course no longer shows this change`,
          superseded_at: stillComputed ? null : iso,
        })
        .where('id', '=', row.id)
        .execute();
      returnedNote = reason;
      events.push({
        type: 'grade_changed',
        patientId: patient.id,
        roles: REVIEW_AUDIENCE,
        data: { returnedToReview: row.id },
      });
      if (stillComputed) storedKeys.add(key);
      continue;
    }
    if (computedKeys.has(key)) {
      storedKeys.add(key);
    } else if (!signed && row.returned_reason === null) {
      await trx
        .updateTable('grade_changes')
        .set({ status: 'superseded', superseded_at: iso })
        .where('id', '=', row.id)
        .execute();
    } else if (!signed) {
      storedKeys.add(key); // a returned step stays in the queue until signed
    }
  }

  const fresh = computed.filter((s) => !storedKeys.has(stepKey(s)));
  if (fresh.length) {
    const facts = course.facts();
    for (const step of fresh) {
      const used = new Set(step.factIds);
      const row = await trx
        .insertInto('grade_changes')
        .values({
          patient_id: patient.id,
          syndrome: step.syndrome,
          at: new Date(step.at).toISOString(),
          at_ms: step.at,
          day: step.day,
          from_grade: step.fromGrade,
          to_grade: step.toGrade,
          reasons_json: JSON.stringify(step.reasons),
          fact_ids_json: JSON.stringify(step.factIds),
          missing_json: JSON.stringify(step.missing),
          facts_hash: factsHash(facts.filter((f) => used.has(f.id))),
          rule_version: step.ruleVersion,
          computed_at: iso,
          status: 'pending',
          returned_reason: returnedNote ? `replaces a signed grade: ${returnedNote}` : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      events.push({
        type: 'grade_changed',
        patientId: patient.id,
        roles: REVIEW_AUDIENCE,
        data: {
          gradeChangeId: row.id,
          syndrome: step.syndrome,
          fromGrade: step.fromGrade,
          toGrade: step.toGrade,
          at: step.at,
        },
      });
    }
  }
  return fresh;
}
