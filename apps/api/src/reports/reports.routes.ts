import { CohortSummary, ReportQuery, ToxicityReport } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, answersJsonOrCsv, REPORTS } from '../http/route-declaration.ts';

export const toxicityReport = createRoute({
  method: 'get',
  path: '/toxicity',
  summary: 'Trial toxicity table per patient (CSV, or JSON with the cohort summary)',
  ...allow(REPORTS),
  request: { query: ReportQuery },
  responses: answersJsonOrCsv('Trial toxicity table per patient', ToxicityReport),
});

export const toxicitySummary = createRoute({
  method: 'get',
  path: '/toxicity/summary',
  summary: 'Cohort summary: patients per maximum grade, with %',
  ...allow(REPORTS),
  request: { query: ReportQuery },
  responses: answersJsonOrCsv('Cohort summary: patients per maximum grade, with %', CohortSummary),
});

export const cibmtrExtract = createRoute({
  method: 'get',
  path: '/cibmtr.json',
  summary:
    'CIBMTR Form 4100-oriented extract per infused patient (CRS, ICANS, ICE, recovery, infections, malignancy), each field with its basis',
  ...allow(REPORTS),
  responses: answers('CIBMTR Form 4100-oriented extract per infused patient'),
});

export const cibmtrExtractCsv = createRoute({
  method: 'get',
  path: '/cibmtr.csv',
  summary: 'The CIBMTR Form 4100-oriented extract as CSV, each field followed by its basis',
  ...allow(REPORTS),
  responses: answers('The CIBMTR Form 4100-oriented extract as CSV'),
});
