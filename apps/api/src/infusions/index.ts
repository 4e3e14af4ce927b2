/** Infusion episodes: the first infusion and every re-treatment, each with its own Day 0. */
export { infusionRoutes } from './infusions.handlers.ts';
