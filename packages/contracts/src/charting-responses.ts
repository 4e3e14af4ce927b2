import type { TocilizumabCheck as TocilizumabCheckResult } from '@cellwatch/clinical';
import { z } from 'zod';
import { LabResult, MedicationAdministration, VasopressorInfusion } from './charting.ts';

/**
 * What the API answers to the bedside writes of labs, medications and vasopressors, and to the
 * tocilizumab check: the request schemas are in charting.ts, these are the bodies sent back.
 */

/** A lab panel as charted: every result of it, converted to its stored unit, with its flags. */
export const LabPanelResponse = z.object({ panelId: z.string(), results: z.array(LabResult) });
export type LabPanelResponse = z.infer<typeof LabPanelResponse>;

/**
 * The tocilizumab rules for one dose, as packages/clinical tocilizumab.ts checks them (tocilizumab
 * label, shared/clinical-reference.md: 8 mg/kg, 12 mg/kg under 30 kg, at most 800 mg per dose,
 * at most 3 doses in 24 h and 4 in total).
 */
export const TocilizumabCheck = z.object({
  recommendedMg: z.number(),
  mgPerKg: z.union([z.literal(8), z.literal(12)]),
  capped: z.boolean(),
  dosesInLast24h: z.number().int(),
  totalPriorDoses: z.number().int(),
  status: z.enum(['allowed', 'refused', 'needs_hematologist_override']),
  /** Epoch ms; null when the total limit is reached. */
  nextWithin24hLimitAt: z.number().nullable(),
  reasons: z.array(z.string()),
}) satisfies z.ZodType<TocilizumabCheckResult>;
export type TocilizumabCheck = z.infer<typeof TocilizumabCheck>;

export const TocilizumabCheckResponse = z.object({ check: TocilizumabCheck });

/** A charted medication; a tocilizumab dose carries the check it passed (null for other drugs). */
export const MedicationResponse = z.object({
  medication: MedicationAdministration.extend({ tocilizumabCheck: TocilizumabCheck.nullable() }),
});
export type MedicationResponse = z.infer<typeof MedicationResponse>;

export const VasopressorInfusionResponse = z.object({ infusion: VasopressorInfusion });

/** The stop of an infusion, a charted fact of its own (it can be entered in error apart). */
export const VasopressorStop = z.object({
  id: z.number().int(),
  infusionId: z.number().int(),
  stoppedAt: z.string(),
});
export const VasopressorStopResponse = z.object({ stop: VasopressorStop });

/** A new dose: the running infusion stopped and the same drug started at the new dose, at once. */
export const VasopressorDoseChangeResponse = z.object({
  stop: VasopressorStop,
  infusion: VasopressorInfusion,
  previousDoseNote: z.string().nullable(),
});

/** A charted fact marked entered in error: kept, shown struck through, ignored by the rules. */
export const FactCorrection = z.object({
  id: z.number().int(),
  factTable: z.string(),
  factId: z.number().int(),
  reason: z.string(),
  recordedAt: z.string(),
});
export const FactCorrectionResponse = z.object({ correction: FactCorrection });
