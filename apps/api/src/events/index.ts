/** The live event stream (server-sent events) of the signed-in user. */
export { eventRoutes } from './events.handlers.ts';
