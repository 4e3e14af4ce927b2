import {
  type Course,
  calendarDateOf,
  type Episode,
  gradeEarlyIcaht,
  type IcahtResult,
  type IecHsSignal,
} from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { patientIecHs } from '../grading/iec-hs.ts';
import type { CourseRegraderPort } from '../grading/regrader-port.ts';
import { courseEpisodes, icahtEpisode, iecHsEpisode, type ToxicityEpisode } from './adverse-events.ts';

export interface PatientToxicities {
  course: Course | null;
  /** The valid ANC counts (cells/µL), in time order. */
  anc: readonly { at: number; ancPerUl: number }[];
  crsEpisodes: readonly Episode[];
  icansEpisodes: readonly Episode[];
  icaht: IcahtResult | null;
  /** The IEC-HS watch signal now (never a grade), null before the infusion. */
  iecHs: IecHsSignal | null;
  /** Every toxicity episode, for the AdverseEvent export. */
  episodes: ToxicityEpisode[];
}

/**
 * What the engine finds for one patient, from the charted facts: CRS and ICANS episodes (the
 * course), early ICAHT from the ANC counts, a suspected IEC-HS (the watch signal over the labs
 * after CRS improved) and the charted LICATS events (not entered in error).
 */
export async function patientToxicities(
  trx: Kysely<Database>,
  regrader: CourseRegraderPort,
  patient: Selectable<PatientsTable>,
): Promise<PatientToxicities> {
  const course = patient.infusion_at ? await regrader.courseOf(trx, patient) : null;
  const { crsEpisodes, icansEpisodes } = course ? course.episodes() : { crsEpisodes: [], icansEpisodes: [] };
  const anc = await trx
    .selectFrom('lab_results')
    .select(['id', 'collected_at_ms', 'value'])
    .where('patient_id', '=', patient.id)
    .where('analyte', '=', 'anc')
    .where(notEnteredInError('lab_results'))
    .orderBy('collected_at_ms')
    .execute();
  const infusionMs = patient.infusion_at ? Date.parse(patient.infusion_at) : null;
  const icaht =
    infusionMs !== null && anc.length
      ? gradeEarlyIcaht(
          anc.map((a) => ({ id: `lab_results:${a.id}`, at: a.collected_at_ms, ancPerUl: a.value })),
          infusionMs,
          { dayNumbering: regrader.dayNumbering },
        )
      : null;
  const licats = await trx
    .selectFrom('licats_events')
    .selectAll()
    .where('patient_id', '=', patient.id)
    .where(notEnteredInError('licats_events'))
    .orderBy('onset_at_ms')
    .execute();
  const iecHs = await patientIecHs(trx, patient, course);
  const day0 = infusionMs !== null ? calendarDateOf(infusionMs, regrader.dayNumbering) : null;
  return {
    course,
    anc: anc.map((a) => ({ at: a.collected_at_ms, ancPerUl: a.value })),
    crsEpisodes,
    icansEpisodes,
    icaht,
    iecHs,
    episodes: [
      ...courseEpisodes(crsEpisodes),
      ...courseEpisodes(icansEpisodes),
      ...(day0 ? icahtEpisode(icaht, day0) : []),
      ...iecHsEpisode(iecHs),
      ...licats.map(
        (l): ToxicityEpisode => ({
          kind: 'LICATS',
          key: String(l.id),
          grade: l.grade,
          onset: l.onset_at_ms,
          resolved: l.resolved_at,
          status: l.resolved_at ? 'resolved' : 'ongoing',
          detail: l.organ.replace(/_/g, ' '),
        }),
      ),
    ],
  };
}
