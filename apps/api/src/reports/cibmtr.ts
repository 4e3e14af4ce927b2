import {
  calendarDateOf,
  cibmtrForm4100PerInfusion,
  type Form4100Fields,
  type Form4100Input,
  infusionWindows,
  inInfusionWindow,
} from '@cellwatch/clinical';
import type { Kysely } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database } from '../db/schema.ts';
import { patientToxicities } from '../fhir/toxicity-episodes.ts';
import { reportedMaxima } from '../grading/grade-of-record.ts';
import { infusionHeaders } from '../grading/infusion-courses.ts';
import type { CourseRegraderPort } from '../grading/regrader-port.ts';
import { infusedPatients } from './toxicity-report.ts';

export interface CibmtrRow {
  patientId: number;
  mrn: string;
  trialId: string | null;
  /** The infusion episode's Day 0 (the unit's calendar date). */
  day0: string | null;
  /** Which infusion episode the row reports: CIBMTR reports each infusion on its own forms. */
  infusion: { number: number; product: string; reason: string };
  fields: Form4100Fields;
}

/** The Form 4100 fields in the form's order: the CSV's columns, each followed by its basis. */
export const FORM_4100_COLUMNS: [string, keyof Form4100Fields][] = [
  ['crs', 'crs'],
  ['crs_onset_date', 'crsOnsetDate'],
  ['crs_max_astct_grade', 'crsMaxGrade'],
  ['crs_tocilizumab', 'crsTocilizumab'],
  ['crs_corticosteroids', 'crsCorticosteroids'],
  ['icans', 'icans'],
  ['icans_onset_date', 'icansOnsetDate'],
  ['icans_max_astct_grade', 'icansMaxGrade'],
  ['icans_tocilizumab', 'icansTocilizumab'],
  ['icans_corticosteroids', 'icansCorticosteroids'],
  ['ice_or_cartox10_done', 'iceOrCartox10Done'],
  ['neutrophil_recovery_date', 'neutrophilRecoveryDate'],
  ['infections', 'infections'],
  ['new_malignancy', 'newMalignancy'],
];

/**
 * One row per infusion episode of each infused patient (a re-treated patient has one row per
 * infusion) with the CIBMTR Form 4100-oriented fields (packages/clinical cibmtr-form-4100.ts),
 * from the charted facts that are not entered in error; each fact counts for the infusion it
 * followed, the maximum grade of record from that infusion's grade steps.
 */
export async function cibmtrRows(
  trx: Kysely<Database>,
  regrader: CourseRegraderPort,
  now: number,
): Promise<CibmtrRow[]> {
  const patients = await infusedPatients(trx);
  const rows: CibmtrRow[] = [];
  for (const p of patients) {
    const { course, anc, crsEpisodes, icansEpisodes } = await patientToxicities(trx, regrader, p);
    const meds = await trx
      .selectFrom('medication_administrations')
      .select(['given_at_ms', 'drug', 'category'])
      .where('patient_id', '=', p.id)
      .where(notEnteredInError('medication_administrations'))
      .execute();
    const neuro = await trx
      .selectFrom('neuro_assessments')
      .select(['assessed_at_ms', 'ice_score'])
      .where('patient_id', '=', p.id)
      .where(notEnteredInError('neuro_assessments'))
      .execute();
    const infections = await trx
      .selectFrom('infections')
      .selectAll()
      .where('patient_id', '=', p.id)
      .where(notEnteredInError('infections'))
      .execute();
    const malignancies = await trx
      .selectFrom('malignancy_events')
      .selectAll()
      .where('patient_id', '=', p.id)
      .where(notEnteredInError('malignancy_events'))
      .orderBy('diagnosed_on_ms')
      .execute();
    const headers = await infusionHeaders(trx, p);
    const infusions = headers.map((h) => ({ number: h.number, infusedAt: h.infusedAt }));
    // The maximum grade of record of each infusion's own grade steps.
    const maxima = new Map<number, Form4100Input['maxGrade']>();
    for (const [i, w] of infusionWindows(infusions).entries()) {
      const m = await reportedMaxima(trx, p.id, course, (at) => inInfusionWindow(w, i === 0, at));
      maxima.set(w.number, {
        crs: { ofRecord: m.crs.maxGrade, computed: m.crs.computedMaxGrade },
        icans: { ofRecord: m.icans.maxGrade, computed: m.icans.computedMaxGrade },
      });
    }
    const none = { crs: { ofRecord: 0, computed: 0 }, icans: { ofRecord: 0, computed: 0 } };
    const perInfusion = cibmtrForm4100PerInfusion(
      infusions,
      {
        crsEpisodes,
        icansEpisodes,
        medications: meds.map((m) => ({ at: m.given_at_ms, drug: m.drug, category: m.category })),
        neuroAssessments: neuro.map((n) => ({ at: n.assessed_at_ms, iceScore: n.ice_score })),
        anc,
        infections: infections.map((i) => ({
          onsetAt: i.onset_at_ms,
          site: i.site,
          organism: i.organism,
          ctcaeGrade: i.ctcae_grade,
        })),
        malignancies: malignancies.map((m) => ({
          diagnosedOn: m.diagnosed_on,
          type: m.malignancy_type,
          site: m.site,
        })),
        now,
      },
      (w) => maxima.get(w.number) ?? none,
    );
    for (const { infusion, fields } of perInfusion) {
      const header = headers.find((h) => h.number === infusion.number);
      rows.push({
        patientId: p.id,
        mrn: p.mrn,
        trialId: p.trial_id,
        day0: calendarDateOf(infusion.infusedAt, regrader.dayNumbering),
        infusion: {
          number: infusion.number,
          product: header?.product ?? p.product,
          reason: header?.reason ?? 'first_infusion',
        },
        fields,
      });
    }
  }
  return rows;
}
