import { DISEASE_SCORE_KINDS } from '@cellwatch/clinical';
import { z } from 'zod';
import { Instant, SafeText } from './common.ts';

/** The components DORIS 2021 and LLDAS are computed from (packages/clinical sle-remission.ts). */
export const SleActivityComponents = z.strictObject({
  /** SLEDAI-2K without the anti-dsDNA and low-complement items. */
  clinicalSledai: z.number().int(),
  /** The full SLEDAI-2K total: the charted score. */
  sledai: z.number().int(),
  /** Physician global assessment, 0–3. */
  pga: z.number(),
  prednisoloneMgPerDay: z.number(),
  majorOrganActivity: z.boolean(),
  haemolyticOrGiActivity: z.boolean(),
  newActivitySincePrevious: z.boolean(),
  antimalarial: z.boolean(),
  immunosuppressantOrBiologic: z.boolean(),
});
export type SleActivityComponents = z.infer<typeof SleActivityComponents>;

const ENTERED_KINDS = DISEASE_SCORE_KINDS.filter(
  (k): k is Exclude<(typeof DISEASE_SCORE_KINDS)[number], 'sledai_2k'> => k !== 'sledai_2k',
);

/**
 * A charted disease activity score with its date. SLEDAI-2K comes with its DORIS/LLDAS components
 * (its total is theirs); the other instruments are entered totals. Ranges per instrument are
 * checked by the clinical engine (packages/clinical disease-scores.ts): out of range is a 422.
 */
export const DiseaseScoreRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('sledai_2k'),
    assessedAt: Instant,
    components: SleActivityComponents,
    note: SafeText.max(2000).optional(),
  }),
  z.strictObject({
    kind: z.enum(ENTERED_KINDS as [(typeof ENTERED_KINDS)[number], ...(typeof ENTERED_KINDS)[number][]]),
    assessedAt: Instant,
    value: z.number(),
    note: SafeText.max(2000).optional(),
  }),
]);
export type DiseaseScoreRequest = z.infer<typeof DiseaseScoreRequest>;
