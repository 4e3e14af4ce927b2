import { ToxicityReport } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** The CSV of the same table; the API sends it as an attachment (cellwatch-toxicity.csv). */
export const TOXICITY_CSV_PATH = '/api/reports/toxicity';
/** The CIBMTR Form 4100-oriented extract, every field followed by its basis. */
export const CIBMTR_CSV_PATH = '/api/reports/cibmtr.csv';

/**
 * The per-patient table and its cohort summary in one read (`?format=json`), so both describe
 * the same moment and the API audits one listing.
 */
export const toxicityReportQuery = () =>
  queryOptions({
    queryKey: queryKeys.toxicityReport(),
    queryFn: ({ signal }) =>
      apiRequest(TOXICITY_CSV_PATH, { query: { format: 'json' }, schema: ToxicityReport, signal }),
  });
