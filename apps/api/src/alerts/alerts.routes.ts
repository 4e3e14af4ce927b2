import {
  AcknowledgeAlertRequest,
  AlertEventData,
  AlertList,
  AlertQuery,
  IdParam,
  ResolveAlertRequest,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, jsonBody } from '../http/route-declaration.ts';

export const listAlerts = createRoute({
  method: 'get',
  path: '/',
  summary: 'Alerts, most severe first',
  ...allow(CARE_TEAM),
  request: { query: AlertQuery },
  responses: answers('The alerts', AlertList),
});

export const acknowledgeAlert = createRoute({
  method: 'post',
  path: '/{id}/acknowledge',
  summary: 'Acknowledge an alert',
  ...allow(CARE_TEAM),
  request: { params: IdParam, body: jsonBody(AcknowledgeAlertRequest) },
  responses: answers('The acknowledged alert', AlertEventData),
});

export const resolveAlert = createRoute({
  method: 'post',
  path: '/{id}/resolve',
  summary: 'Resolve an alert with a note',
  ...allow(CARE_TEAM),
  request: { params: IdParam, body: jsonBody(ResolveAlertRequest) },
  responses: answers('The resolved alert', AlertEventData),
});
