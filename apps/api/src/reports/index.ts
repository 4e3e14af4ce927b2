/** Trial reports: the toxicity report and the CIBMTR extract. */
export { reportRoutes } from './reports.handlers.ts';
