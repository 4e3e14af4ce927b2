import {
  EnrolPatientRequest,
  IdParam,
  PatientListQuery,
  PatientResponse,
  UpdatePatientRequest,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, ENROL, jsonBody } from '../http/route-declaration.ts';

export const listPatients = createRoute({
  method: 'get',
  path: '/',
  summary: 'List patients',
  ...allow(CARE_TEAM),
  request: { query: PatientListQuery },
  responses: answers('List patients'),
});

export const enrolPatient = createRoute({
  method: 'post',
  path: '/',
  summary: 'Enrol a patient',
  ...allow(ENROL),
  request: { body: jsonBody(EnrolPatientRequest) },
  responses: answers('Enrol a patient', PatientResponse, 201),
});

export const getPatient = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One patient',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers('One patient', PatientResponse),
});

export const updatePatient = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Update demographics, status or course dates',
  ...allow(ENROL),
  request: { params: IdParam, body: jsonBody(UpdatePatientRequest) },
  responses: answers('Update demographics, status or course dates', PatientResponse),
});
