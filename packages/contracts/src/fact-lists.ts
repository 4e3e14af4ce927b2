import { z } from 'zod';
import {
  LabResult,
  MedicationAdministration,
  NeuroAssessment,
  VasopressorInfusion,
  VitalSet,
} from './charting.ts';

/**
 * What the charted-fact lists answer (GET /api/patients/:id/vitals, …/neuro-assessments,
 * …/medications, …/vasopressors, …/labs): newest first, each fact with who recorded it and its
 * entered-in-error mark.
 */
export const VitalSetList = z.object({ vitals: z.array(VitalSet) });
export type VitalSetList = z.infer<typeof VitalSetList>;

export const NeuroAssessmentList = z.object({ assessments: z.array(NeuroAssessment) });
export type NeuroAssessmentList = z.infer<typeof NeuroAssessmentList>;

export const MedicationList = z.object({ medications: z.array(MedicationAdministration) });
export type MedicationList = z.infer<typeof MedicationList>;

export const VasopressorInfusionList = z.object({ infusions: z.array(VasopressorInfusion) });
export type VasopressorInfusionList = z.infer<typeof VasopressorInfusionList>;

export const LabResultList = z.object({ results: z.array(LabResult) });
export type LabResultList = z.infer<typeof LabResultList>;
