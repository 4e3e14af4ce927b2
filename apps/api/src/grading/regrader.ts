import { createHash } from 'node:crypto';
import {
  type AlertInput,
  type ChartedFact,
  type Course,
  type CourseOptions,
  type CoursePoint,
  calendarDayNumbering,
  type DayNumbering,
  defaultHypotensionThresholdMmHg,
  evaluateAlerts,
  loadCourse,
  type MonitoringPlan,
} from '@cellwatch/clinical';
import { type Kysely, type Selectable, sql } from 'kysely';
import { raiseAlerts, resolveAlertsOf } from '../alerts/alert-store.ts';
import { engineFactId, type FactRef } from '../charting/fact-ref.ts';
import { type Config, serverTimeZone, unitFollowUpOptions } from '../config.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';
import { FOLLOW_UP_TABLES, syncFollowUpAlerts } from '../follow-up/alerts.ts';
import type { FollowUpOptions } from '../follow-up/picture.ts';
import { ageInYears, findPatientRow } from '../patients/patients.ts';
import { isFullCheckRow, planOf } from '../ward/monitoring.ts';
import { type ComputedStep, gradeSteps, stepKey } from './grade-steps.ts';
import { COURSE_TABLES, loadCourseFact, loadCourseFacts } from './load-facts.ts';
import { refreshPatientState } from './patient-state.ts';
import type { CourseRegraderPort, FactChange } from './regrader-port.ts';

interface Cached {
  course: Course;
  /** The stored course version (course_versions) this course is at. */
  version: number;
  /** The patient fields the course was built from: a change to either rebuilds it. */
  infusionAt: string;
  birthDate: string;
}

const REVIEW_AUDIENCE = ['hematologist', 'nurse', 'coordinator'] as const;

export function patientContext(patient: Selectable<PatientsTable>) {
  const infusionAt = Date.parse(patient.infusion_at as string);
  // The routes refuse an infusion before birth or more than a year ahead, so the age lies in
  // 0–130; a row stored before those checks existed is held to that range rather than making
  // every report of the unit fail.
  const age = Math.min(130, Math.max(0, ageInYears(patient.birth_date, infusionAt)));
  return { infusionAt, ageYears: age };
}

/** SHA-256 over the facts a grade used, as charted: a signature records what it was based on. */
export function factsHash(facts: readonly ChartedFact[]): string {
  const sorted = [...facts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * Keeps each patient's CRS/ICANS course current: one engine per patient, kept in memory and
 * updated incrementally by every write (the engine's incremental path), rebuilt from the
 * charted facts whenever it is not in memory. Inside the write's transaction it then stores the
 * new grade steps for review and raises the alerts they call for.
 */
export class CourseRegrader implements CourseRegraderPort {
  private readonly cache = new Map<number, Cached>();

  /**
   * How the unit counts Days: its calendar days in CELLWATCH_UNIT_TIME_ZONE (Day 0 = the calendar
   * day of the infusion there; packages/clinical time.ts). Every Day number the API gives (the
   * course, the ward, monitoring windows, follow-up, reports) uses this one rule.
   */
  readonly dayNumbering: DayNumbering;
  readonly followUp: FollowUpOptions;
  private readonly options: CourseOptions;

  constructor(
    options: CourseOptions = {},
    private readonly maxCached = 256,
    followUp: FollowUpOptions = {},
  ) {
    this.dayNumbering = options.dayNumbering ?? calendarDayNumbering(serverTimeZone());
    this.options = { ...options, dayNumbering: this.dayNumbering };
    this.followUp = { dayNumbering: this.dayNumbering, ...followUp };
  }

  /** The regrader of a unit: Day numbers by its calendar days in its time zone. */
  static forUnit(config: Pick<Config, 'CELLWATCH_UNIT_TIME_ZONE'>): CourseRegrader {
    const followUp = unitFollowUpOptions(config);
    return new CourseRegrader({ dayNumbering: followUp.dayNumbering }, 256, followUp);
  }

  /** Drops a patient's course, e.g. when the transaction that changed it rolled back. */
  forget(patientId: number): void {
    this.cache.delete(patientId);
  }

  private fresh(patient: Selectable<PatientsTable>, version: number): Cached | undefined {
    const hit = this.cache.get(patient.id);
    return hit &&
      hit.version === version &&
      hit.infusionAt === patient.infusion_at &&
      hit.birthDate === patient.birth_date
      ? hit
      : undefined;
  }

  /** The stored version of the patient's course: 0 before its first regrade. */
  private async storedVersion(db: Kysely<Database>, patientId: number): Promise<number> {
    const row = await db
      .selectFrom('course_versions')
      .select('version')
      .where('patient_id', '=', patientId)
      .executeTakeFirst();
    return row?.version ?? 0;
  }

  /**
   * The patient's course, from memory if it is at the stored version, else rebuilt from the
   * charted facts; null before infusion.
   */
  async courseOf(
    db: Kysely<Database>,
    patient: Selectable<PatientsTable>,
    version?: number,
  ): Promise<Course | null> {
    if (!patient.infusion_at) return null;
    const at = version ?? (await this.storedVersion(db, patient.id));
    const hit = this.fresh(patient, at);
    if (hit) {
      this.cache.delete(patient.id); // most recently used last
      this.cache.set(patient.id, hit);
      return hit.course;
    }
    const course = loadCourse(patientContext(patient), await loadCourseFacts(db, patient.id), this.options);
    this.cache.set(patient.id, {
      course,
      version: at,
      infusionAt: patient.infusion_at,
      birthDate: patient.birth_date,
    });
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as number);
    return course;
  }

  async afterChange(
    trx: Kysely<Database>,
    patientId: number,
    change: FactChange,
    at: Date,
  ): Promise<CareEvent[]> {
    const patient = await findPatientRow(trx, patientId);
    const events: CareEvent[] = [];
    const version = await this.storedVersion(trx, patientId);
    // Incremental only from a course at the stored version: one another process (or a rolled
    // back transaction) changed since is rebuilt from the charted facts, this write's included.
    const wasCached = this.fresh(patient, version) !== undefined;
    const course = await this.courseOf(trx, patient, version);
    let changedFrom = Number.NEGATIVE_INFINITY;
    let firstIndex = 0;
    const added = new Set<string>();
    if (course && wasCached) {
      // Incremental: feed the engine just what this write changed.
      changedFrom = Number.POSITIVE_INFINITY;
      firstIndex = Number.POSITIVE_INFINITY;
      for (const ref of change.refs) {
        if (!COURSE_TABLES.includes(ref.table)) continue;
        const result =
          change.kind === 'added'
            ? await this.addToCourse(trx, course, ref, added)
            : course.markEnteredInError(engineFactId(ref));
        if (result && result.changedFrom !== null) {
          changedFrom = Math.min(changedFrom, result.changedFrom);
          firstIndex = Math.min(firstIndex, result.firstPointIndex);
        }
      }
    } else if (course) {
      for (const ref of change.refs) added.add(engineFactId(ref));
    }

    let newSteps: ComputedStep[] = [];
    if (course && Number.isFinite(firstIndex)) {
      newSteps = await this.syncGradeSteps(trx, patient, course, changedFrom, firstIndex, change, at, events);
    }
    events.push(...(await this.raiseAlertsFor(trx, patient, course, change, added, newSteps, at)));
    await refreshPatientState(trx, patientId, course, at);
    if (change.refs.some((ref) => FOLLOW_UP_TABLES.has(ref.table))) {
      events.push(...(await syncFollowUpAlerts(trx, patient, at.getTime(), this.followUp)));
    }
    await this.advanceVersion(trx, patientId);
    return events;
  }

  /** This write's course is the next version; the course in memory (if any) is at it. */
  private async advanceVersion(trx: Kysely<Database>, patientId: number): Promise<void> {
    const { version } = await trx
      .insertInto('course_versions')
      .values({ patient_id: patientId, version: 1 })
      .onConflict((oc) => oc.column('patient_id').doUpdateSet({ version: sql`course_versions.version + 1` }))
      .returning('version')
      .executeTakeFirstOrThrow();
    const hit = this.cache.get(patientId);
    if (hit) hit.version = version;
  }

  private async addToCourse(trx: Kysely<Database>, course: Course, ref: FactRef, added: Set<string>) {
    const fact = await loadCourseFact(trx, ref);
    if (!fact) return null;
    added.add(fact.id);
    return course.addFact(fact);
  }

  /**
   * Brings the stored grade steps in line with the course from `changedFrom` on: new steps go
   * to the review queue; steps no longer computed are superseded (kept, never deleted); a signed
   * step touched by an entered-in-error fact returns to the queue, flagged.
   */
  private async syncGradeSteps(
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

  private async raiseAlertsFor(
    trx: Kysely<Database>,
    patient: Selectable<PatientsTable>,
    course: Course | null,
    change: FactChange,
    added: Set<string>,
    steps: ComputedStep[],
    at: Date,
  ): Promise<CareEvent[]> {
    if (change.kind !== 'added') return [];
    const input = {
      gradeSteps: steps,
      crsOnsets: [] as AlertInput['crsOnsets'],
      vitals: [] as AlertInput['vitals'][number][],
      neuro: [] as AlertInput['neuro'][number][],
      labs: [] as AlertInput['labs'][number][],
      tocilizumab: [] as AlertInput['tocilizumab'][number][],
      hypotensionSystolicBelowMmHg: defaultHypotensionThresholdMmHg(
        ageInYears(patient.birth_date, at.getTime()),
      ),
    };
    const resolved: string[] = [];
    const observe = new AlertObservations(trx, patient.id);
    const labIds: number[] = [];
    for (const ref of change.refs) {
      if (ref.table === 'vital_sets') {
        input.vitals.push(await observe.vitals(ref.id));
        // Only a full vitals check resets the vitals clock, so only it closes "vitals overdue".
        if (await observe.isFullVitalCheck(ref.id, planOf(patient.product))) resolved.push('vitals_overdue');
      } else if (ref.table === 'neuro_assessments') {
        const neuro = await observe.neuro(ref.id);
        input.neuro.push(neuro);
        resolved.push('ice_overdue');
      } else if (ref.table === 'lab_results') {
        labIds.push(ref.id);
      } else if (ref.table === 'medication_administrations') {
        const toci = await observe.tocilizumab(ref.id);
        if (toci) input.tocilizumab.push(toci);
      }
    }
    // A panel's results are read together, not one query per result.
    if (labIds.length) input.labs.push(...(await observe.latestLabs(labIds)));
    if (course && added.size) {
      const onsets = course
        .result()
        .crsEpisodes.filter((e) => e.onsetFactIds.some((id) => added.has(id)))
        .map((e) => ({ episode: e.index, factIds: e.onsetFactIds, temperatureC: null }));
      input.crsOnsets = await Promise.all(
        onsets.map(async (o) => ({ ...o, temperatureC: await observe.temperatureOf(o.factIds) })),
      );
    }
    const events = await resolveAlertsOf(trx, patient.id, resolved, at, 'charted');
    events.push(...(await raiseAlerts(trx, patient.id, evaluateAlerts(input), at)));
    return events;
  }
}

/** Bound values per `id in (…)` read, well under SQLite's limit. */
const LAB_READ_CHUNK = 2000;

/** Reads what the alert rules compare a new fact with (the previous valid value). */
class AlertObservations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly patientId: number,
  ) {}

  async isFullVitalCheck(id: number, plan: MonitoringPlan): Promise<boolean> {
    const row = await this.db
      .selectFrom('vital_sets')
      .select(['temperature_c', 'heart_rate', 'systolic', 'respiratory_rate', 'spo2'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return isFullCheckRow(row, plan);
  }

  async vitals(id: number) {
    const row = await this.db
      .selectFrom('vital_sets')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const previous = await this.db
      .selectFrom('vital_sets')
      .select('oxygen_device')
      .where('patient_id', '=', this.patientId)
      .where('id', '!=', id)
      .where('taken_at_ms', '<=', row.taken_at_ms)
      .where(notEnteredInError('vital_sets'))
      .orderBy('taken_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      id: engineFactId({ table: 'vital_sets', id }),
      temperatureC: row.temperature_c,
      systolic: row.systolic,
      hypotension: row.hypotension_recorded === null ? null : row.hypotension_recorded === 1,
      spo2: row.spo2,
      oxygenDevice: row.oxygen_device,
      previousOxygenDevice: previous?.oxygen_device ?? null,
    };
  }

  async neuro(id: number) {
    const row = await this.db
      .selectFrom('neuro_assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const previous = await this.db
      .selectFrom('neuro_assessments')
      .select(['id', 'ice_score'])
      .where('patient_id', '=', this.patientId)
      .where('id', '!=', id)
      .where('ice_score', 'is not', null)
      .where('assessed_at_ms', '<=', row.assessed_at_ms)
      .where(notEnteredInError('neuro_assessments'))
      .orderBy('assessed_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      id: engineFactId({ table: 'neuro_assessments', id }),
      iceScore: row.ice_score,
      previous:
        previous && previous.ice_score !== null
          ? {
              id: engineFactId({ table: 'neuro_assessments', id: previous.id }),
              iceScore: previous.ice_score,
            }
          : null,
    };
  }

  /**
   * The new results that count for an alert: a lab value counts only if it is the latest valid
   * one of its analyte (ANC and platelets are the analytes the alert rules read). One query reads
   * the results, and one per analyte looks for a later valid result.
   */
  async latestLabs(ids: number[]) {
    const rows: { id: number; analyte: string; value: number; collected_at_ms: number }[] = [];
    for (let i = 0; i < ids.length; i += LAB_READ_CHUNK) {
      rows.push(
        ...(await this.db
          .selectFrom('lab_results')
          .select(['id', 'analyte', 'value', 'collected_at_ms'])
          .where('id', 'in', ids.slice(i, i + LAB_READ_CHUNK))
          .where('analyte', 'in', ['anc', 'platelets'])
          .execute()),
      );
    }
    const latestAt = new Map<string, number>();
    for (const r of rows)
      latestAt.set(r.analyte, Math.max(latestAt.get(r.analyte) ?? r.collected_at_ms, r.collected_at_ms));
    const superseded = new Set<string>();
    for (const [analyte, at] of latestAt) {
      const newer = await this.db
        .selectFrom('lab_results')
        .select('id')
        .where('patient_id', '=', this.patientId)
        .where('analyte', '=', analyte)
        .where('collected_at_ms', '>', at)
        .where(notEnteredInError('lab_results'))
        .limit(1)
        .executeTakeFirst();
      if (newer) superseded.add(analyte);
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row || superseded.has(row.analyte) || row.collected_at_ms !== latestAt.get(row.analyte)) return [];
      return [{ id: engineFactId({ table: 'lab_results', id }), analyte: row.analyte, value: row.value }];
    });
  }

  async tocilizumab(id: number) {
    const row = await this.db
      .selectFrom('medication_administrations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.drug !== 'tocilizumab') return null;
    const doses = await this.db
      .selectFrom('medication_administrations')
      .select('given_at_ms')
      .where('patient_id', '=', this.patientId)
      .where('drug', '=', 'tocilizumab')
      .where(notEnteredInError('medication_administrations'))
      .execute();
    const dayStart = row.given_at_ms - 24 * 3_600_000;
    return {
      id: engineFactId({ table: 'medication_administrations', id }),
      dosesIn24h: doses.filter((d) => d.given_at_ms > dayStart && d.given_at_ms <= row.given_at_ms).length,
      totalDoses: doses.length,
    };
  }

  async temperatureOf(factIds: readonly string[]): Promise<number | null> {
    const ids = factIds.filter((f) => f.startsWith('vital_sets:')).map((f) => Number(f.split(':')[1]));
    if (!ids.length) return null;
    const row = await this.db
      .selectFrom('vital_sets')
      .select((eb) => eb.fn.max('temperature_c').as('t'))
      .where('id', 'in', ids)
      .executeTakeFirst();
    return row?.t ?? null;
  }
}
