import { z } from 'zod';
import { Instant, SafeText } from './common.ts';

/**
 * An entered disease activity score with its date. Ranges per instrument are checked by the
 * clinical engine (packages/clinical disease-scores.ts) so that a value out of range is a 422.
 */
export const DiseaseScoreRequest = z.strictObject({
  kind: z.enum(['sledai_2k', 'mrss', 'mg_adl', 'qmg', 'pdai', 'eustar_ai', 'myositis_tis']),
  assessedAt: Instant,
  value: z.number(),
  note: SafeText.max(2000).optional(),
});

/** The components DORIS 2021 and LLDAS are computed from (packages/clinical sle-remission.ts). */
export const SleActivityRequest = z.strictObject({
  assessedAt: Instant,
  clinicalSledai: z.number().int(),
  sledai: z.number().int(),
  pga: z.number(),
  prednisoloneMgPerDay: z.number(),
  majorOrganActivity: z.boolean(),
  haemolyticOrGiActivity: z.boolean(),
  newActivitySincePrevious: z.boolean(),
  antimalarial: z.boolean(),
  immunosuppressantOrBiologic: z.boolean(),
  note: SafeText.max(2000).optional(),
});
