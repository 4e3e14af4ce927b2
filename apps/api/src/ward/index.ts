/** The ward board: every patient under active monitoring, most acute first. */
export { wardRoutes } from './ward.handlers.ts';
