import {
  EnteredInErrorRequest,
  FactRangeQuery,
  HbvScreeningRequest,
  IdParam,
  ProphylaxisPicture,
  ProphylaxisRecordRequest,
  ProphylaxisStopRequest,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { FactParams } from '../charting/facts.ts';
import { allow, answers, CARE_TEAM, FOLLOW_UP, jsonBody } from '../http/route-declaration.ts';

/** A charted prophylaxis record of a patient. */
export const RecordParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  recordId: z.coerce.number().int().positive(),
});

/** Infection prophylaxis and HBV screening (prophylaxis.ts). */
export const prophylaxisPicture = createRoute({
  method: 'get',
  path: '/prophylaxis',
  summary:
    'Infection prophylaxis: each kind expected or not, its status and stop rule, HBV, CMV PCR; rule version',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers(
    'Infection prophylaxis: each kind expected or not, its status and stop rule, HBV, CMV PCR; rule version',
    ProphylaxisPicture,
  ),
});

export const listProphylaxisRecords = createRoute({
  method: 'get',
  path: '/prophylaxis-records',
  summary: 'Charted prophylaxis records, newest first, with entered-in-error marks',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Charted prophylaxis records, newest first, with entered-in-error marks'),
});

export const chartProphylaxisRecord = createRoute({
  method: 'post',
  path: '/prophylaxis-records',
  summary: 'Chart a prophylaxis (kind, drug, start, planned stop)',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(ProphylaxisRecordRequest) },
  responses: answers('Chart a prophylaxis (kind, drug, start, planned stop)'),
});

export const stopProphylaxis = createRoute({
  method: 'post',
  path: '/prophylaxis-records/{recordId}/stop',
  summary: 'Record a prophylaxis as stopped',
  ...allow(FOLLOW_UP),
  request: { params: RecordParams, body: jsonBody(ProphylaxisStopRequest) },
  responses: answers('Record a prophylaxis as stopped'),
});

export const prophylaxisRecordEnteredInError = createRoute({
  method: 'post',
  path: '/prophylaxis-records/{factId}/entered-in-error',
  summary: 'Mark a prophylaxis record entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a prophylaxis record entered-in-error'),
});

export const prophylaxisStopEnteredInError = createRoute({
  method: 'post',
  path: '/prophylaxis-stops/{factId}/entered-in-error',
  summary: 'Mark a prophylaxis stop entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a prophylaxis stop entered-in-error'),
});

export const recordHbvScreening = createRoute({
  method: 'post',
  path: '/hbv-screenings',
  summary: 'Record the HBV screening (core antibody) result',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(HbvScreeningRequest) },
  responses: answers('Record the HBV screening (core antibody) result'),
});

export const hbvScreeningEnteredInError = createRoute({
  method: 'post',
  path: '/hbv-screenings/{factId}/entered-in-error',
  summary: 'Mark a HBV screening entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a HBV screening entered-in-error'),
});
