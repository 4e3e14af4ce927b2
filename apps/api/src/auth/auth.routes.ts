import { LoginRequest, LoginResponse, MeResponse } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, EVERYONE, jsonBody, PUBLIC } from '../http/route-declaration.ts';

export const signIn = createRoute({
  method: 'post',
  path: '/login',
  summary: 'Sign in; sets the session cookie',
  ...allow(PUBLIC),
  request: { body: jsonBody(LoginRequest) },
  responses: answers('Signed in: the user, the session and what they must do first', LoginResponse),
});

export const signOut = createRoute({
  method: 'post',
  path: '/logout',
  summary: 'Sign out; ends the session',
  ...allow(PUBLIC),
  responses: answers('Signed out (no body)', undefined, 204),
});

export const currentSession = createRoute({
  method: 'get',
  path: '/me',
  summary: 'The signed-in user and session expiry',
  ...allow(EVERYONE),
  responses: answers('The signed-in user and session expiry', MeResponse),
});
