/** Liveness, with the database and live events checked. */
export { healthRoutes } from './health.handlers.ts';
