/** The alert list, acknowledged and resolved. */
export { alertRoutes } from './alerts.handlers.ts';
