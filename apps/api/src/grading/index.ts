/** A patient's toxicity picture and timeline, from the graded course. */
export { timelineRoutes } from './timeline.handlers.ts';
export { toxicityRoutes } from './toxicity.handlers.ts';
