import { ChangePasswordRequest, ConfirmEnrolmentRequest, StartEnrolmentRequest } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, EVERYONE, jsonBody } from '../http/route-declaration.ts';

export const changeOwnPassword = createRoute({
  method: 'post',
  path: '/password',
  summary: 'Change your own password (required after an administrator reset it)',
  ...allow(EVERYONE),
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: answers('Change your own password'),
});

export const startSecondFactorEnrolment = createRoute({
  method: 'post',
  path: '/second-factor/enrol',
  summary: 'Start setting up a one-time password app (the otpauth:// URI and secret, shown once)',
  ...allow(EVERYONE),
  request: { body: jsonBody(StartEnrolmentRequest) },
  responses: answers('Start setting up a one-time password app'),
});

export const confirmSecondFactorEnrolment = createRoute({
  method: 'post',
  path: '/second-factor/confirm',
  summary: 'Finish setting up the one-time password app with a code; returns recovery codes once',
  ...allow(EVERYONE),
  request: { body: jsonBody(ConfirmEnrolmentRequest) },
  responses: answers('Finish setting up the one-time password app with a code'),
});
