/** Signing in and out, and the signed-in user's own credentials. */
export { accountRoutes } from './account.handlers.ts';
export { authRoutes } from './auth.handlers.ts';
