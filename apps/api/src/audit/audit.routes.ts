import { AuditQuery, AuditVerifyRequest } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { ADMIN, allow, answers, jsonBody } from '../http/route-declaration.ts';

export const listAuditTrail = createRoute({
  method: 'get',
  path: '/',
  summary: 'The audit trail, newest first',
  ...allow(ADMIN),
  request: { query: AuditQuery },
  responses: answers('The audit trail, newest first'),
});

export const verifyAuditChain = createRoute({
  method: 'get',
  path: '/verify',
  summary: 'Verify the audit chain and the charted facts it covers',
  ...allow(ADMIN),
  responses: answers('Verify the audit chain and the charted facts it covers'),
});

export const verifyAuditAgainstCheckpoint = createRoute({
  method: 'post',
  path: '/verify',
  summary: 'Verify the audit chain against a checkpoint kept elsewhere (detects removed rows)',
  ...allow(ADMIN),
  request: { body: jsonBody(AuditVerifyRequest) },
  responses: answers('Verify the audit chain against a checkpoint kept elsewhere'),
});

export const signAuditCheckpoint = createRoute({
  method: 'get',
  path: '/checkpoint',
  summary: 'A signed checkpoint of the audit trail',
  ...allow(ADMIN),
  responses: answers('A signed checkpoint of the audit trail'),
});
