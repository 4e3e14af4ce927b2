/** The hematologists' review queue and signed grades. */
export { reviewRoutes } from './reviews.handlers.ts';
