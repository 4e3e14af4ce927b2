import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { alertRoutes } from './alerts/index.ts';
import { auditRoutes } from './audit/index.ts';
import { accountRoutes, authRoutes } from './auth/index.ts';
import { authorize, loadSession } from './auth/middleware.ts';
import { LoginThrottle, SignatureThrottle } from './auth/throttle.ts';
import {
  annotationRoutes,
  labRoutes,
  medicationRoutes,
  neuroRoutes,
  vasopressorRoutes,
  vitalsRoutes,
} from './charting/index.ts';
import { eventRoutes } from './events/index.ts';
import { fhirExportRoutes, fhirImportRoutes } from './fhir/index.ts';
import {
  calendarFeedRoutes,
  diseaseScoreRoutes,
  followUpRoutes,
  malignancyRoutes,
  prophylaxisRoutes,
  vaccineRoutes,
  worklistRoutes,
} from './follow-up/index.ts';
import { timelineRoutes, toxicityRoutes } from './grading/index.ts';
import { healthRoutes } from './health/index.ts';
import { deviceRoutes, hl7Routes } from './hl7/index.ts';
import { admissionControl, anonymousPerAddressCap } from './http/admission.ts';
import type { AppEnv, Services } from './http/env.ts';
import { errorBody, handleError } from './http/errors.ts';
import { idempotentWrites } from './http/idempotency.ts';
import { openApiRoutes } from './http/openapi.ts';
import { receiveBody } from './http/request-body.ts';
import { RouteTable, refuseInvalidRequest, requireJsonBodies } from './http/routes.ts';
import { noStore, refuseCrossSite, securityHeaders } from './http/security.ts';
import { infusionRoutes } from './infusions/index.ts';
import { patientRoutes } from './patients/index.ts';
import { reportRoutes } from './reports/index.ts';
import { reviewRoutes } from './reviews/index.ts';
import { userRoutes } from './users/index.ts';
import { wardRoutes } from './ward/index.ts';

export interface AppOptions {
  throttle?: LoginThrottle;
  /** Password (and code) entries at signing and credential changes, per user. */
  signatureThrottle?: SignatureThrottle;
  /** The built dashboard to serve at `/`; omitted in API-only tests. */
  webDist?: string;
  /** SSE heartbeat interval; tests shorten it. */
  heartbeatMs?: number;
}

/**
 * The whole HTTP surface. Order matters: headers, then cross-site refusals before any work, then
 * the session, the per-address cap on anonymous requests, the permission check against the
 * matched route, the body (size and deadline), and admission control.
 */
export function createApp(services: Services, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalidRequest });
  // Who may call each route, read from the declarations once every route is mounted (below).
  const routes = new RouteTable();
  app.onError(handleError);
  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });

  app.use('/api/*', noStore());
  app.use('/api/*', refuseCrossSite());
  // Availability: the session (from the cookie) is known before any body is read, so requests
  // without one are capped per address and refused ones are never read; bodies must arrive in
  // time; only then does a signed-in user's write take a place in admission control.
  const { config } = services;
  app.use('/api/*', loadSession());
  app.use('/api/*', anonymousPerAddressCap(config.CELLWATCH_MAX_ANON_PER_ADDRESS));
  app.use('/api/*', authorize(routes));
  app.use(
    '/api/*',
    receiveBody({ maxBytes: config.CELLWATCH_MAX_BODY_BYTES, deadlineMs: config.CELLWATCH_BODY_TIMEOUT_MS }),
  );
  app.use('/api/*', admissionControl(config.CELLWATCH_MAX_PENDING_WRITES, routes));
  app.use('/api/*', idempotentWrites());
  app.use('/api/*', requireJsonBodies(routes));

  app.route('/api/health', healthRoutes);
  const throttle = options.throttle ?? new LoginThrottle();
  const signatureThrottle = options.signatureThrottle ?? new SignatureThrottle();
  app.route('/api/auth', authRoutes(throttle));
  app.route('/api/auth', accountRoutes(signatureThrottle));
  app.route('/api/users', userRoutes);
  app.route('/api/audit', auditRoutes);
  app.route('/api/patients', patientRoutes);
  app.route('/api/patients/:id/vitals', vitalsRoutes);
  app.route('/api/patients/:id/neuro-assessments', neuroRoutes);
  app.route('/api/patients/:id/medications', medicationRoutes);
  app.route('/api/patients/:id/vasopressors', vasopressorRoutes);
  app.route('/api/patients/:id/labs', labRoutes);
  app.route('/api/patients/:id/annotations', annotationRoutes);
  app.route('/api/patients/:id/toxicity', toxicityRoutes);
  app.route('/api/patients/:id/timeline', timelineRoutes);
  app.route('/api/patients/:id/fhir', fhirExportRoutes);
  app.route('/api/patients/:id', followUpRoutes);
  app.route('/api/patients/:id', malignancyRoutes);
  app.route('/api/patients/:id', prophylaxisRoutes);
  app.route('/api/patients/:id', diseaseScoreRoutes);
  app.route('/api/patients/:id', vaccineRoutes);
  app.route('/api/patients/:id', infusionRoutes);
  app.route('/api', worklistRoutes);
  app.route('/api', calendarFeedRoutes);
  app.route('/api/fhir', fhirImportRoutes);
  app.route('/api/hl7v2', hl7Routes);
  app.route('/api/devices', deviceRoutes);
  app.route('/api/ward', wardRoutes);
  app.route('/api/reports', reportRoutes);
  app.route('/api/reviews', reviewRoutes(signatureThrottle));
  app.route('/api/alerts', alertRoutes);
  app.route('/api/events', eventRoutes(options.heartbeatMs));
  app.route('/api/openapi.json', openApiRoutes(app));

  routes.load(app);

  app.all('/api/*', (c) => c.json(errorBody('not_found', 'No such API route.'), 404));

  const dist = options.webDist;
  if (dist && existsSync(join(dist, 'index.html'))) {
    // serveStatic resolves `root` against the working directory.
    const root = relative(process.cwd(), dist) || '.';
    app.use('/assets/*', async (c, next) => {
      await next();
      // Vite fingerprints asset names, so they can be cached for good.
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root }));
    // Client-side routes (/ward, /patients/12…) all load the app shell.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  app.notFound((c) => c.json(errorBody('not_found', 'Not found.'), 404));
  return app;
}

export type App = ReturnType<typeof createApp>;
