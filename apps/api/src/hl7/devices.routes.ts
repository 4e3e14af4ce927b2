import { CreateDeviceRequest, EmptyBody, IdParam } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { ADMIN, allow, answers, jsonBody } from '../http/route-declaration.ts';

export const listDevices = createRoute({
  method: 'get',
  path: '/',
  summary: 'Device keys for HL7 v2 senders',
  ...allow(ADMIN),
  responses: answers('Device keys for HL7 v2 senders'),
});

export const createDevice = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a device key (shown once)',
  ...allow(ADMIN),
  request: { body: jsonBody(CreateDeviceRequest) },
  responses: answers('Create a device key'),
});

export const revokeDevice = createRoute({
  method: 'post',
  path: '/{id}/revoke',
  summary: 'Revoke a device key',
  ...allow(ADMIN),
  request: { params: IdParam, body: jsonBody(EmptyBody) },
  responses: answers('Revoke a device key'),
});
