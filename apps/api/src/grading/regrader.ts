import {
  type Course,
  type CourseOptions,
  calendarDayNumbering,
  type DayNumbering,
  loadCourse,
} from '@cellwatch/clinical';
import { type Kysely, type Selectable, sql } from 'kysely';
import { engineFactId, type FactRef } from '../charting/fact-ref.ts';
import { type Config, serverTimeZone, unitFollowUpOptions } from '../config.ts';
import type { Database, PatientsTable, VitalSetsTable } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';
import { FOLLOW_UP_TABLES, syncFollowUpAlerts } from '../follow-up/alerts.ts';
import type { FollowUpOptions } from '../follow-up/picture.ts';
import { courseDayZero } from '../infusions/infusion-episodes.ts';
import { ageInYears, findPatientRow } from '../patients/patients.ts';
import { raiseCourseAlerts } from './course-alerts.ts';
import type { ComputedStep } from './grade-steps.ts';
import { COURSE_TABLES, loadCourseFact, loadCourseFacts, vitalsFact } from './load-facts.ts';
import { refreshPatientState } from './patient-state.ts';
import type { CourseRegraderPort, FactChange } from './regrader-port.ts';
import { syncGradeSteps } from './sync-grade-steps.ts';

interface Cached {
  course: Course;
  /** The stored course version (course_versions) this course is at. */
  version: number;
  /** The patient fields the course was built from: a change to either rebuilds it. */
  dayZero: string;
  /**
   * patients.infusion_at (the latest infusion) when it was built: every change to the infusion
   * episodes changes it (a re-treatment, or redating the only infusion), so while it holds, the
   * first infusion's Day 0 is known without reading the episodes again.
   */
  latestInfusionAt: string;
  birthDate: string;
}

/**
 * What the course engine needs of the patient. Day 0 is the first infusion's (courseDayZero):
 * one course over time holds every infusion episode; with one infusion it is patients.infusion_at.
 */
export function patientContext(patient: Selectable<PatientsTable>, dayZero = patient.infusion_at) {
  const infusionAt = Date.parse(dayZero as string);
  // The routes refuse an infusion before birth or more than a year ahead, so the age lies in
  // 0–130; a row stored before those checks existed is held to that range rather than making
  // every report of the unit fail.
  const age = Math.min(130, Math.max(0, ageInYears(patient.birth_date, infusionAt)));
  return { infusionAt, ageYears: age };
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

  /** The course's Day 0 (the first infusion), from the cached course while the episodes are unchanged. */
  private async dayZeroOf(db: Kysely<Database>, patient: Selectable<PatientsTable>): Promise<string | null> {
    const hit = this.cache.get(patient.id);
    if (hit && patient.infusion_at !== null && hit.latestInfusionAt === patient.infusion_at)
      return hit.dayZero;
    return courseDayZero(db, patient);
  }

  private fresh(
    patient: Selectable<PatientsTable>,
    dayZero: string | null,
    version: number,
  ): Cached | undefined {
    const hit = this.cache.get(patient.id);
    return hit && hit.version === version && hit.dayZero === dayZero && hit.birthDate === patient.birth_date
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
    const dayZero = await this.dayZeroOf(db, patient);
    if (!dayZero) return null;
    const at = version ?? (await this.storedVersion(db, patient.id));
    const hit = this.fresh(patient, dayZero, at);
    if (hit) {
      this.cache.delete(patient.id); // most recently used last
      this.cache.set(patient.id, hit);
      return hit.course;
    }
    const facts = await loadCourseFacts(db, patient.id);
    const course = loadCourse(patientContext(patient, dayZero), facts, this.options);
    this.cache.set(patient.id, {
      course,
      version: at,
      dayZero,
      latestInfusionAt: patient.infusion_at as string,
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
    known?: Selectable<PatientsTable>,
  ): Promise<CareEvent[]> {
    const patient = known ?? (await findPatientRow(trx, patientId));
    const events: CareEvent[] = [];
    const version = await this.storedVersion(trx, patientId);
    // Incremental only from a course at the stored version: one another process (or a rolled
    // back transaction) changed since is rebuilt from the charted facts, this write's included.
    const wasCached = this.fresh(patient, await this.dayZeroOf(trx, patient), version) !== undefined;
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
            ? await this.addToCourse(trx, course, ref, added, change.writtenVitals)
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
      newSteps = await syncGradeSteps(trx, patient, course, changedFrom, firstIndex, change, at, events);
    }
    events.push(...(await raiseCourseAlerts(trx, patient, course, change, added, newSteps, at)));
    await refreshPatientState(trx, patient, course, at);
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

  private async addToCourse(
    trx: Kysely<Database>,
    course: Course,
    ref: FactRef,
    added: Set<string>,
    writtenVitals: ReadonlyMap<number, Selectable<VitalSetsTable>> | undefined,
  ) {
    const written = ref.table === 'vital_sets' ? writtenVitals?.get(ref.id) : undefined;
    const fact = written ? vitalsFact(written, false) : await loadCourseFact(trx, ref);
    if (!fact) return null;
    added.add(fact.id);
    return course.addFact(fact);
  }
}
