import {
  type CellProduct,
  calendarDateOf,
  DIAGNOSES,
  type Diagnosis,
  gradeEarlyIcaht,
  PRODUCTS,
} from '@cellwatch/clinical';
import type { CohortSummary, ToxicityReportRow } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { FollowUpOptions } from '../config.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { followUpPicture } from '../follow-up/picture.ts';
import { reportedMaxima } from '../grading/grade-of-record.ts';
import type { CourseRegraderPort } from '../grading/regrader-port.ts';

/** One row of the trial toxicity table: its contract is the answer's (contracts reports.ts). */
export type ToxicityRow = ToxicityReportRow;

const days = (ms: number | null) => (ms === null ? null : Math.round((ms / 86_400_000) * 10) / 10);

/** Every patient with an infusion date, by id: the patients the trial reports list. */
export const infusedPatients = (trx: Kysely<Database>) =>
  trx.selectFrom('patients').selectAll().where('infusion_at', 'is not', null).orderBy('id').execute();

/**
 * One row per infused patient, as trial toxicity tables report it: the highest CRS and ICANS
 * grade over all episodes (ASTCT 2019), each grade step counted at the grade the hematologist
 * signed where signed (grade-of-record.ts), with the computed maximum, the overridden and the
 * unsigned steps beside it; the first onset Day and the summed episode duration (computed), treatment counts, early ICAHT, B-cell aplasia days, IVIG, infections and LICATS.
 */
export async function toxicityRows(
  trx: Kysely<Database>,
  regrader: CourseRegraderPort,
  followUp: FollowUpOptions,
  now: number,
): Promise<ToxicityRow[]> {
  const patients = await infusedPatients(trx);
  const rows: ToxicityRow[] = [];
  for (const p of patients) rows.push(await toxicityRow(trx, regrader, followUp, p, now));
  return rows;
}

async function toxicityRow(
  trx: Kysely<Database>,
  regrader: CourseRegraderPort,
  followUpOptions: FollowUpOptions,
  p: Selectable<PatientsTable>,
  now: number,
): Promise<ToxicityRow> {
  const course = await regrader.courseOf(trx, p);
  const { crsEpisodes, icansEpisodes } = course ? course.episodes() : { crsEpisodes: [], icansEpisodes: [] };
  const summary = (episodes: typeof crsEpisodes) => ({
    max: Math.max(0, ...episodes.map((e) => e.maxGrade)),
    onset: episodes[0]?.onsetDay ?? null,
    duration: episodes.length
      ? days(episodes.reduce((sum, e) => sum + (e.durationMs ?? now - e.onsetAt), 0))
      : null,
  });
  const crs = summary(crsEpisodes);
  const icans = summary(icansEpisodes);
  const signed = await reportedMaxima(trx, p.id, course);
  const meds = await trx
    .selectFrom('medication_administrations')
    .select(['drug', 'category'])
    .where('patient_id', '=', p.id)
    .where(notEnteredInError('medication_administrations'))
    .execute();
  const anc = await trx
    .selectFrom('lab_results')
    .select(['collected_at_ms', 'value'])
    .where('patient_id', '=', p.id)
    .where('analyte', '=', 'anc')
    .where(notEnteredInError('lab_results'))
    .execute();
  const infusionAt = Date.parse(p.infusion_at as string);
  const icaht = anc.length
    ? gradeEarlyIcaht(
        anc.map((a) => ({ at: a.collected_at_ms, ancPerUl: a.value })),
        infusionAt,
        { dayNumbering: regrader.dayNumbering },
      )
    : null;
  const followUp = await followUpPicture(trx, p, now, followUpOptions);
  return {
    patientId: p.id,
    mrn: p.mrn,
    diagnosis: DIAGNOSES[p.diagnosis as Diagnosis]?.name ?? p.diagnosis,
    product: PRODUCTS[p.product as CellProduct]?.name ?? p.product,
    trialId: p.trial_id,
    // The calendar date of Day 0 in the unit's time zone (the same rule as every Day number).
    day0: calendarDateOf(infusionAt, regrader.dayNumbering),
    crsMaxGrade: signed.crs.maxGrade,
    crsOnsetDay: crs.onset,
    crsDurationDays: crs.duration,
    icansMaxGrade: signed.icans.maxGrade,
    icansOnsetDay: icans.onset,
    icansDurationDays: icans.duration,
    tocilizumabDoses: meds.filter((m) => m.drug === 'tocilizumab').length,
    steroidUse: meds.some((m) => m.category === 'corticosteroid'),
    icahtGrade: icaht?.grade ?? null,
    bCellAplasiaDays: followUp.bCells?.daysInAplasia ?? null,
    ivigDoses: followUp.doses.filter((d) => d.status === 'given').length,
    infections: followUp.infections.length,
    licatsMaxGrade: followUp.licats.events.length
      ? Math.max(...followUp.licats.events.map((e) => e.grade))
      : null,
    crsMaxGradeComputed: Math.max(crs.max, signed.crs.computedMaxGrade),
    crsOverriddenSteps: signed.crs.overriddenSteps,
    crsStepsAwaitingReview: signed.crs.stepsAwaitingReview,
    icansMaxGradeComputed: Math.max(icans.max, signed.icans.computedMaxGrade),
    icansOverriddenSteps: signed.icans.overriddenSteps,
    icansStepsAwaitingReview: signed.icans.stepsAwaitingReview,
  };
}

/** The cohort table of published series: patients per maximum grade, with percentages. */
export function cohortSummary(rows: readonly ToxicityRow[]): CohortSummary {
  const n = rows.length;
  const percent = (count: number) => (n ? Math.round((count / n) * 1000) / 10 : 0);
  const table = (grades: readonly number[], grade: (r: ToxicityRow) => number | null) =>
    grades.map((g) => {
      const count = rows.filter((r) => grade(r) === g).length;
      return { grade: g, count, percent: percent(count) };
    });
  // ASTCT CRS and ICANS run from grade 0 (no episode) to 5 (death); ICAHT (EHA/EBMT 2023) from 0
  // to 4 and needs ANC counts: a patient without any is "not assessed", never grade 0.
  const icahtNotAssessed = rows.filter((r) => r.icahtGrade === null).length;
  return {
    patients: n,
    crs: table([0, 1, 2, 3, 4, 5], (r) => r.crsMaxGrade ?? 0),
    icans: table([0, 1, 2, 3, 4, 5], (r) => r.icansMaxGrade ?? 0),
    icaht: table([0, 1, 2, 3, 4], (r) => r.icahtGrade),
    icahtNotAssessed: { count: icahtNotAssessed, percent: percent(icahtNotAssessed) },
    tocilizumab: { patients: rows.filter((r) => r.tocilizumabDoses > 0).length },
    // The tables above count each patient at the signed maximum; these say how far that is
    // from the computed one and how much is still unsigned.
    signOff: {
      crsComputed: table([0, 1, 2, 3, 4, 5], (r) => r.crsMaxGradeComputed),
      icansComputed: table([0, 1, 2, 3, 4, 5], (r) => r.icansMaxGradeComputed),
      patientsWithOverriddenMaximum: {
        crs: rows.filter((r) => r.crsMaxGrade !== r.crsMaxGradeComputed).length,
        icans: rows.filter((r) => r.icansMaxGrade !== r.icansMaxGradeComputed).length,
      },
      patientsWithStepsAwaitingReview: {
        crs: rows.filter((r) => r.crsStepsAwaitingReview > 0).length,
        icans: rows.filter((r) => r.icansStepsAwaitingReview > 0).length,
      },
    },
    steroids: { patients: rows.filter((r) => r.steroidUse).length },
  };
}
