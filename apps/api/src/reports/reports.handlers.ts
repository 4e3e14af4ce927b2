import { FORM_4100_SOURCE } from '@cellwatch/clinical';
import { auditedList } from '../audit/audited-read.ts';
import { resourceRouter } from '../http/routes.ts';
import { cibmtrRows } from './cibmtr.ts';
import { CIBMTR_ROUTE_HEADERS, cibmtrCsv } from './cibmtr-csv.ts';
import { toCsv } from './csv.ts';
import { cibmtrExtract, cibmtrExtractCsv, toxicityReport, toxicitySummary } from './reports.routes.ts';
import { cohortSummary, type ToxicityRow, toxicityRows } from './toxicity-report.ts';

const COLUMNS: [string, keyof ToxicityRow][] = [
  ['patient_id', 'patientId'],
  ['mrn', 'mrn'],
  ['diagnosis', 'diagnosis'],
  ['product', 'product'],
  ['trial_id', 'trialId'],
  ['day0_date', 'day0'],
  ['crs_max_grade', 'crsMaxGrade'],
  ['crs_onset_day', 'crsOnsetDay'],
  ['crs_duration_days', 'crsDurationDays'],
  ['icans_max_grade', 'icansMaxGrade'],
  ['icans_onset_day', 'icansOnsetDay'],
  ['icans_duration_days', 'icansDurationDays'],
  ['tocilizumab_doses', 'tocilizumabDoses'],
  ['steroid_use', 'steroidUse'],
  ['early_icaht_grade', 'icahtGrade'],
  ['b_cell_aplasia_days', 'bCellAplasiaDays'],
  ['ivig_doses', 'ivigDoses'],
  ['infections', 'infections'],
  ['licats_max_grade', 'licatsMaxGrade'],
  // crs_max_grade and icans_max_grade count each grade step at its signed grade where signed;
  // the computed maximum and the sign-off counts follow (grading/grade-of-record.ts).
  ['crs_max_grade_computed', 'crsMaxGradeComputed'],
  ['crs_overridden_steps', 'crsOverriddenSteps'],
  ['crs_steps_awaiting_review', 'crsStepsAwaitingReview'],
  ['icans_max_grade_computed', 'icansMaxGradeComputed'],
  ['icans_overridden_steps', 'icansOverriddenSteps'],
  ['icans_steps_awaiting_review', 'icansStepsAwaitingReview'],
];

/** Trial reporting: the toxicity table per patient (CSV or JSON) and the cohort summary. */
export const reportRoutes = resourceRouter()
  .openapi(toxicityReport, async (c) => {
    const q = c.req.valid('query');
    const { regrader, followUp, now } = c.var.services;
    const rows = await auditedList(c, 'toxicity_report', q, (trx) =>
      toxicityRows(trx, regrader, followUp, now()),
    );
    if (q.format === 'json') return c.json({ rows, summary: cohortSummary(rows) }, 200);
    const csv = toCsv(
      COLUMNS.map(([name]) => name),
      rows.map((r) =>
        COLUMNS.map(([, key]) => (typeof r[key] === 'boolean' ? (r[key] ? 'yes' : 'no') : r[key])),
      ),
    );
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="cellwatch-toxicity.csv"',
    });
  })
  .openapi(toxicitySummary, async (c) => {
    const q = c.req.valid('query');
    const { regrader, followUp, now } = c.var.services;
    const rows = await auditedList(c, 'toxicity_report', q, (trx) =>
      toxicityRows(trx, regrader, followUp, now()),
    );
    const summary = cohortSummary(rows);
    if (q.format === 'json') return c.json(summary, 200);
    const csv = toCsv(
      ['syndrome', 'grade', 'patients', 'percent'],
      [
        ...(['crs', 'icans', 'icaht'] as const).flatMap((s) =>
          summary[s].map((g) => [s, g.grade, g.count, g.percent]),
        ),
        ['icaht', 'not_assessed', summary.icahtNotAssessed.count, summary.icahtNotAssessed.percent],
        ...(['crs', 'icans'] as const).flatMap((s) =>
          summary.signOff[`${s}Computed`].map((g) => [`${s}_computed`, g.grade, g.count, g.percent]),
        ),
      ],
    );
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  })
  // CIBMTR Form 4100-oriented extract: every field with its basis (cibmtr.ts).
  .openapi(cibmtrExtract, async (c) => {
    const { regrader, now } = c.var.services;
    const rows = await auditedList(c, 'cibmtr_extract', { format: 'json' }, (trx) =>
      cibmtrRows(trx, regrader, now()),
    );
    return c.json({ source: FORM_4100_SOURCE, rows }, 200, {
      'Content-Disposition': 'attachment; filename="cellwatch-cibmtr-4100.json"',
    });
  })
  .openapi(cibmtrExtractCsv, async (c) => {
    const { regrader, now } = c.var.services;
    const rows = await auditedList(c, 'cibmtr_extract', { format: 'csv' }, (trx) =>
      cibmtrRows(trx, regrader, now()),
    );
    return c.body(cibmtrCsv(rows), 200, CIBMTR_ROUTE_HEADERS);
  });
