import {
  CreateUserRequest,
  EmptyBody,
  IdParam,
  ResetPasswordRequest,
  UserListResponse,
  UserResponse,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { ADMIN, allow, answers, jsonBody } from '../http/route-declaration.ts';

export const listUsers = createRoute({
  method: 'get',
  path: '/',
  summary: 'List users',
  ...allow(ADMIN),
  responses: answers('List users', UserListResponse),
});

export const createUser = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a user',
  ...allow(ADMIN),
  request: { body: jsonBody(CreateUserRequest) },
  responses: answers('Create a user', UserResponse, 201),
});

export const resetSecondFactor = createRoute({
  method: 'post',
  path: '/{id}/second-factor/reset',
  summary: "Remove another user's one-time password app (lost phone) and end their sessions",
  ...allow(ADMIN),
  request: { params: IdParam, body: jsonBody(EmptyBody) },
  responses: answers("Remove another user's one-time password app"),
});

export const deactivateUser = createRoute({
  method: 'post',
  path: '/{id}/deactivate',
  summary: 'Deactivate a user and end their sessions',
  ...allow(ADMIN),
  request: { params: IdParam, body: jsonBody(EmptyBody) },
  responses: answers('Deactivate a user and end their sessions', UserResponse),
});

export const reactivateUser = createRoute({
  method: 'post',
  path: '/{id}/reactivate',
  summary: 'Reactivate a user',
  ...allow(ADMIN),
  request: { params: IdParam, body: jsonBody(EmptyBody) },
  responses: answers('Reactivate a user', UserResponse),
});

export const resetUserPassword = createRoute({
  method: 'post',
  path: '/{id}/password',
  summary: "Reset a user's password",
  ...allow(ADMIN),
  request: { params: IdParam, body: jsonBody(ResetPasswordRequest) },
  responses: answers("Reset a user's password"),
});
