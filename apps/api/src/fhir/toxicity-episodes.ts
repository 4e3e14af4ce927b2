import {
  type CellProduct,
  type Course,
  calendarDateOf,
  type Episode,
  gradeEarlyIcaht,
  type IcahtResult,
  type IecHsSignal,
  type InfusionWindow,
  infusionWindows,
  inInfusionWindow,
  PRODUCTS,
} from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { patientIecHs } from '../grading/iec-hs.ts';
import { infusionHeaders } from '../grading/infusion-courses.ts';
import type { CourseRegraderPort } from '../grading/regrader-port.ts';
import {
  courseEpisodes,
  icahtEpisode,
  iecHsEpisode,
  type ToxicityEpisode,
  type ToxicityInfusion,
} from './adverse-events.ts';

export interface PatientToxicities {
  course: Course | null;
  /** The valid ANC counts (cells/µL), in time order. */
  anc: readonly { at: number; ancPerUl: number }[];
  crsEpisodes: readonly Episode[];
  icansEpisodes: readonly Episode[];
  /** Early ICAHT after the latest infusion (each infusion's own is among `episodes`). */
  icaht: IcahtResult | null;
  /** The IEC-HS watch signal now (never a grade), null before the infusion. */
  iecHs: IecHsSignal | null;
  /** Every toxicity episode, each with the infusion episode it followed, for the AdverseEvent export. */
  episodes: ToxicityEpisode[];
}

type Header = Awaited<ReturnType<typeof infusionHeaders>>[number];

/** Early ICAHT of each infusion, from its own Day 0 and the ANC counts of its window. */
function icahtPerInfusion(
  windows: readonly InfusionWindow[],
  anc: readonly { id: number; collected_at_ms: number; value: number }[],
  regrader: CourseRegraderPort,
) {
  return windows.map((w, i) => {
    const counts = anc.filter((a) => inInfusionWindow(w, i === 0, a.collected_at_ms));
    const icaht = counts.length
      ? gradeEarlyIcaht(
          counts.map((a) => ({ id: `lab_results:${a.id}`, at: a.collected_at_ms, ancPerUl: a.value })),
          w.infusedAt,
          { dayNumbering: regrader.dayNumbering },
        )
      : null;
    return { window: w, icaht, day0: calendarDateOf(w.infusedAt, regrader.dayNumbering) };
  });
}

/**
 * The infusion episode an episode followed (its onset in the infusion's window,
 * packages/clinical infusion-episodes.ts), as the export names it.
 */
function infusionOf(
  headers: readonly Header[],
  windows: readonly InfusionWindow[],
  regrader: CourseRegraderPort,
  onset: number | string,
): ToxicityInfusion | undefined {
  const at = typeof onset === 'number' ? onset : Date.parse(`${onset}T00:00:00Z`);
  const i = windows.findIndex((w, index) => inInfusionWindow(w, index === 0, at));
  const w = windows[i];
  const header = headers.find((h) => h.number === w?.number);
  if (!w || !header) return undefined;
  return {
    number: w.number,
    product: PRODUCTS[header.product as CellProduct]?.name ?? header.product,
    day0: calendarDateOf(w.infusedAt, regrader.dayNumbering),
  };
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
  const headers = await infusionHeaders(trx, patient);
  const windows = infusionWindows(headers.map((h) => ({ number: h.number, infusedAt: h.infusedAt })));
  const icahts = icahtPerInfusion(windows, anc, regrader);
  const licats = await trx
    .selectFrom('licats_events')
    .selectAll()
    .where('patient_id', '=', patient.id)
    .where(notEnteredInError('licats_events'))
    .orderBy('onset_at_ms')
    .execute();
  const iecHs = await patientIecHs(trx, patient, course);
  const episodes: ToxicityEpisode[] = [
    ...courseEpisodes(crsEpisodes),
    ...courseEpisodes(icansEpisodes),
    // The first infusion's early ICAHT keeps the key it had before re-treatment existed.
    ...icahts.flatMap(({ window, icaht, day0 }, i) =>
      icahtEpisode(icaht, day0, i === 0 ? 'early' : `early-infusion-${window.number}`).map((e) => ({
        ...e,
        infusion: infusionOf(headers, windows, regrader, window.infusedAt),
      })),
    ),
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
  ];
  return {
    course,
    anc: anc.map((a) => ({ at: a.collected_at_ms, ancPerUl: a.value })),
    crsEpisodes,
    icansEpisodes,
    icaht: icahts.at(-1)?.icaht ?? null,
    iecHs,
    episodes: episodes.map((e) => {
      const infusion = e.infusion ?? infusionOf(headers, windows, regrader, e.onset);
      return infusion ? { ...e, infusion } : e;
    }),
  };
}
