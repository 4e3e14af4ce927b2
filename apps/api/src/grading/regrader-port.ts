import type { Course, DayNumbering } from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import type { FactRef } from '../charting/fact-ref.ts';
import type { Database, PatientsTable, VitalSetsTable } from '../db/schema.ts';
import type { CareEvent } from '../events/care-event.ts';

/** What a write did to a patient's charted facts. */
export type FactChange =
  | {
      kind: 'added';
      refs: FactRef[];
      /**
       * The vital sets just inserted, by id, exactly as stored: the engine and the alert rules
       * take them from here instead of reading back what the write has just written.
       */
      writtenVitals?: ReadonlyMap<number, Selectable<VitalSetsTable>>;
    }
  | { kind: 'entered_in_error'; refs: FactRef[] };

/**
 * How the routes reach the regrader (regrader.ts implements it): the request layer (http/env.ts)
 * types its services against this, so it depends on no grading code.
 */
export interface CourseRegraderPort {
  /** How the unit counts Days (packages/clinical time.ts): Day 0 = the infusion's calendar day. */
  readonly dayNumbering: DayNumbering;
  /**
   * Recomputes what the changed facts affect; returns the events to publish after commit. A
   * caller that has read the patient row in this transaction and not changed it passes it on.
   */
  afterChange(
    trx: Kysely<Database>,
    patientId: number,
    change: FactChange,
    at: Date,
    patient?: Selectable<PatientsTable>,
  ): Promise<CareEvent[]>;
  /** Forgets what it keeps in memory of a patient (the write's transaction rolled back). */
  forget(patientId: number): void;
  /** The patient's CRS/ICANS course at the stored version; null before infusion. */
  courseOf(
    db: Kysely<Database>,
    patient: Selectable<PatientsTable>,
    version?: number,
  ): Promise<Course | null>;
}
