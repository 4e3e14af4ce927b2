import {
  ChangePasswordRequest,
  ConfirmEnrolmentRequest,
  ConfirmEnrolmentResponse,
  StartEnrolmentRequest,
  StartEnrolmentResponse,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, EVERYONE, jsonBody } from '../http/route-declaration.ts';

export const changeOwnPassword = createRoute({
  method: 'post',
  path: '/password',
  summary: 'Change your own password (required after an administrator reset it)',
  ...allow(EVERYONE),
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: answers('Password changed; other sessions of the user ended (no body)', undefined, 204),
});

export const startSecondFactorEnrolment = createRoute({
  method: 'post',
  path: '/second-factor/enrol',
  summary: 'Start setting up a one-time password app (the otpauth:// URI and secret, shown once)',
  ...allow(EVERYONE),
  request: { body: jsonBody(StartEnrolmentRequest) },
  responses: answers('The one-time password app’s URI and secret, shown once', StartEnrolmentResponse),
});

export const confirmSecondFactorEnrolment = createRoute({
  method: 'post',
  path: '/second-factor/confirm',
  summary: 'Finish setting up the one-time password app with a code; returns recovery codes once',
  ...allow(EVERYONE),
  request: { body: jsonBody(ConfirmEnrolmentRequest) },
  responses: answers('The app is set up: the recovery codes, shown once', ConfirmEnrolmentResponse),
});
