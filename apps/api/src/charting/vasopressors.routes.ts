import {
  EnteredInErrorRequest,
  FactCorrectionResponse,
  IdParam,
  VasopressorDoseChangeRequest,
  VasopressorDoseChangeResponse,
  VasopressorInfusionList,
  VasopressorInfusionResponse,
  VasopressorStartRequest,
  VasopressorStopRequest,
  VasopressorStopResponse,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, BEDSIDE, CARE_TEAM, jsonBody } from '../http/route-declaration.ts';
import { FactParams } from './facts.ts';

export const listVasopressorInfusions = createRoute({
  method: 'get',
  path: '/',
  summary: 'Vasopressor infusions',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers('Vasopressor infusions', VasopressorInfusionList),
});

export const startVasopressor = createRoute({
  method: 'post',
  path: '/',
  summary: 'Start a vasopressor infusion',
  ...allow(BEDSIDE),
  request: { params: IdParam, body: jsonBody(VasopressorStartRequest) },
  responses: answers('Start a vasopressor infusion', VasopressorInfusionResponse, 201),
});

export const stopVasopressor = createRoute({
  method: 'post',
  path: '/{factId}/stop',
  summary: 'Stop an infusion',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(VasopressorStopRequest) },
  responses: answers('Stop an infusion', VasopressorStopResponse, 201),
});

export const changeVasopressorDose = createRoute({
  method: 'post',
  path: '/{factId}/dose',
  summary: 'Change the dose of a running infusion (it stops; the same drug starts at the new dose)',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(VasopressorDoseChangeRequest) },
  responses: answers('Change the dose of a running infusion', VasopressorDoseChangeResponse, 201),
});

export const vasopressorInfusionEnteredInError = createRoute({
  method: 'post',
  path: '/{factId}/entered-in-error',
  summary: 'Mark a vasopressor infusion entered-in-error (kept, ignored by the rules)',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a vasopressor infusion entered-in-error', FactCorrectionResponse),
});

export const vasopressorStopEnteredInError = createRoute({
  method: 'post',
  path: '/stops/{factId}/entered-in-error',
  summary: 'Mark a vasopressor stop entered-in-error (kept, ignored by the rules)',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a vasopressor stop entered-in-error', FactCorrectionResponse),
});
