import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.ts';

export const SESSION_COOKIE = 'cellwatch_session';

const secure = (c: Context<AppEnv>) =>
  c.var.services.config.CELLWATCH_SECURE_COOKIES || new URL(c.req.url).protocol === 'https:';

/** HttpOnly so scripts cannot read it, SameSite=Strict so other sites cannot send it. */
export function setSessionCookie(c: Context<AppEnv>, token: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c),
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c), httpOnly: true, sameSite: 'Strict' });
}
