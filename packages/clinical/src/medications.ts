/**
 * The drugs charted after infusion, grouped the way the CRS rules need them. ASTCT 2019: after
 * antipyretic or anti-cytokine therapy (tocilizumab, corticosteroids) fever is no longer required
 * to grade CRS; the course engine counts these categories (facts.ts FEVER_MASKING_MEDICATIONS).
 */
import type { MedicationKind } from './facts.ts';

export type DrugName =
  | 'tocilizumab'
  | 'dexamethasone'
  | 'methylprednisolone'
  | 'hydrocortisone'
  | 'prednisolone'
  | 'paracetamol'
  | 'ibuprofen'
  | 'metamizole'
  | 'anakinra'
  | 'siltuximab'
  | 'levetiracetam'
  | 'ivig';

export interface DrugDefinition {
  label: string;
  category: MedicationKind;
  /** Unit the dose is charted in. */
  doseUnit: 'mg' | 'g';
  /** Largest single dose that is plausible at all, in doseUnit: above it is a typing error. */
  maxSingleDose: number;
}

export const DRUGS: Record<DrugName, DrugDefinition> = {
  tocilizumab: { label: 'Tocilizumab', category: 'tocilizumab', doseUnit: 'mg', maxSingleDose: 800 },
  dexamethasone: { label: 'Dexamethasone', category: 'corticosteroid', doseUnit: 'mg', maxSingleDose: 100 },
  methylprednisolone: {
    label: 'Methylprednisolone',
    category: 'corticosteroid',
    doseUnit: 'mg',
    maxSingleDose: 2000,
  },
  hydrocortisone: {
    label: 'Hydrocortisone',
    category: 'corticosteroid',
    doseUnit: 'mg',
    maxSingleDose: 1000,
  },
  prednisolone: { label: 'Prednisolone', category: 'corticosteroid', doseUnit: 'mg', maxSingleDose: 1000 },
  paracetamol: { label: 'Paracetamol', category: 'antipyretic', doseUnit: 'mg', maxSingleDose: 2000 },
  ibuprofen: { label: 'Ibuprofen', category: 'antipyretic', doseUnit: 'mg', maxSingleDose: 1200 },
  metamizole: { label: 'Metamizole', category: 'antipyretic', doseUnit: 'mg', maxSingleDose: 2500 },
  anakinra: { label: 'Anakinra', category: 'anakinra', doseUnit: 'mg', maxSingleDose: 1000 },
  siltuximab: { label: 'Siltuximab', category: 'siltuximab', doseUnit: 'mg', maxSingleDose: 2000 },
  levetiracetam: { label: 'Levetiracetam', category: 'other', doseUnit: 'mg', maxSingleDose: 4500 },
  ivig: { label: 'IVIG', category: 'other', doseUnit: 'g', maxSingleDose: 200 },
};
