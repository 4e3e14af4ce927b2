import {
  EnteredInErrorRequest,
  FactRangeQuery,
  IdParam,
  VaccineDoseRequest,
  VaccinesPicture,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { FactParams } from '../charting/facts.ts';
import { allow, answers, CARE_TEAM, FOLLOW_UP, jsonBody } from '../http/route-declaration.ts';

/** Revaccination (vaccines.ts). */
export const vaccinesPicture = createRoute({
  method: 'get',
  path: '/vaccines',
  summary: 'Revaccination: each vaccine group due, blocked with every reason, or given; rule version',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers(
    'Revaccination: each vaccine group due, blocked with every reason, or given; rule version',
    VaccinesPicture,
  ),
});

export const listVaccineDoses = createRoute({
  method: 'get',
  path: '/vaccine-doses',
  summary: 'Charted vaccine doses, newest first, with entered-in-error marks',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Charted vaccine doses, newest first, with entered-in-error marks'),
});

export const chartVaccineDose = createRoute({
  method: 'post',
  path: '/vaccine-doses',
  summary: 'Chart a vaccine dose given',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(VaccineDoseRequest) },
  responses: answers('Chart a vaccine dose given'),
});

export const vaccineDoseEnteredInError = createRoute({
  method: 'post',
  path: '/vaccine-doses/{factId}/entered-in-error',
  summary: 'Mark a vaccine dose entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a vaccine dose entered-in-error'),
});
