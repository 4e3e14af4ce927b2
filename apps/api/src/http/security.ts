import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError } from './errors.ts';

/**
 * Security headers on every response: a CSP that allows only this origin, HSTS for a year,
 * nosniff, no framing, no referrer.
 */
export const securityHeaders = (): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      mediaSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
  });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser marks as coming from another site: the
 * Origin header, when present, must be this server's own origin, and Sec-Fetch-Site must not
 * say cross-site. SameSite=Strict cookies and the JSON-only rule are the other two layers.
 */
export const refuseCrossSite = (): MiddlewareHandler => async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    const ownOrigin = new URL(c.req.url).origin;
    const fetchSite = c.req.header('sec-fetch-site');
    if ((origin && origin !== ownOrigin) || fetchSite === 'cross-site') {
      throw new ApiError(403, 'cross_site_refused', 'Requests from another site are refused.');
    }
  }
  await next();
};

/** Patient data must not linger in shared caches or the browser's back-forward cache. */
export const noStore = (): MiddlewareHandler => async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};
