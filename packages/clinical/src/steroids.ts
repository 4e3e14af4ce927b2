/**
 * Reference corticosteroid steps for CRS and ICANS grades, shown as REFERENCE TEXT, never as orders.
 * Source: ASCO guideline, Santomasso BD et al., J Clin Oncol 2021;39:3978–3992, as transcribed in
 * shared/clinical-reference.md ("Corticosteroid steps (ASCO 2021)").
 */
import type { Grade } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';

export const STEROID_SOURCE = 'ASCO 2021 (Santomasso BD et al., J Clin Oncol 2021;39:3978–3992)';
export const STEROID_LABEL = 'reference, not an order' as const;

export interface SteroidReference {
  syndrome: 'CRS' | 'ICANS';
  grade: Grade;
  /** Reference text; empty when the reference lists no corticosteroid step for this grade. */
  steps: string[];
  label: typeof STEROID_LABEL;
  source: string;
}

const CRS_STEPS: Record<Grade, string[]> = {
  0: [],
  1: [],
  2: ['if hypotension is refractory (to fluids and tocilizumab): dexamethasone 10 mg IV every 6 h'],
  3: ['dexamethasone 10 mg IV every 6 h'],
  4: ['methylprednisolone 500 mg IV every 12 h'],
  5: [],
};
const ICANS_STEPS: Record<Grade, string[]> = {
  0: [],
  1: [],
  2: ['consider dexamethasone 10 mg IV'],
  3: ['dexamethasone 10 mg IV every 6–12 h'],
  4: ['methylprednisolone 1 g IV per day'],
  5: [],
};

/** The reference corticosteroid step for a CRS or ICANS grade: reference, not an order. */
export function steroidReference(syndrome: 'CRS' | 'ICANS', grade: Grade): SteroidReference {
  if (syndrome !== 'CRS' && syndrome !== 'ICANS')
    throw new InvalidFindingsError('syndrome', 'must be CRS or ICANS');
  if (!Number.isInteger(grade) || grade < 0 || grade > 5)
    throw new InvalidFindingsError('grade', 'must be 0–5');
  const steps = (syndrome === 'CRS' ? CRS_STEPS : ICANS_STEPS)[grade];
  return { syndrome, grade, steps: [...steps], label: STEROID_LABEL, source: STEROID_SOURCE };
}
