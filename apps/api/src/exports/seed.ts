/** `@cellwatch/api/seed`: building a cohort of synthetic patients (bench/, scripts). */
export { bulkLoadCohort } from '../seed/bulk-load.ts';
export { createFirstRunAccounts } from '../seed/demo-users.ts';
export { type Random, seededRandom } from '../seed/random.ts';
