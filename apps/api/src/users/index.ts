/** User administration. */
export { userRoutes } from './users.handlers.ts';
