/** Long-term follow-up: one router per resource, each mounted under its patient or the unit. */
export { calendarFeedRoutes } from './calendar-feed.handlers.ts';
export { diseaseScoreRoutes } from './disease-scores.handlers.ts';
export { followUpRoutes } from './follow-up.handlers.ts';
export { malignancyRoutes } from './malignancy.handlers.ts';
export { prophylaxisRoutes } from './prophylaxis.handlers.ts';
export { vaccineRoutes } from './vaccines.handlers.ts';
export { worklistRoutes } from './worklist.handlers.ts';
