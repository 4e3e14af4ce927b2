/** The audit trail, its verification and checkpoints. */
export { auditRoutes } from './audit.handlers.ts';
