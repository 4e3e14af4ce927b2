/**
 * CAR-HEMATOTOX score, from labs taken before lymphodepletion.
 * Source: Rejeski K et al., Blood 2021;138:2499–2513, as transcribed in shared/clinical-reference.md:
 *   platelets > 175 000/µL 0, 75 000–175 000 1, < 75 000 2; ANC ≥ 1200/µL 0, < 1200 1;
 *   hemoglobin ≥ 9.0 g/dL 0, < 9.0 1; CRP ≤ 3.0 mg/dL 0, > 3.0 1;
 *   ferritin < 650 ng/mL 0, 650–2000 1, > 2000 2. Total 0–1 low risk, ≥ 2 high risk.
 * Validated in lymphoma and myeloma, NOT in autoimmune disease: every result says so.
 */
import { InvalidFindingsError } from './errors.ts';

export interface HematotoxLabs {
  plateletsPerUl: number;
  ancPerUl: number;
  hemoglobinGPerDL: number;
  crpMgPerDL: number;
  ferritinNgPerML: number;
}

export type HematotoxItem = 'platelets' | 'anc' | 'hemoglobin' | 'crp' | 'ferritin';

export interface HematotoxResult {
  score: number;
  risk: 'low' | 'high';
  items: { item: HematotoxItem; value: number; unit: string; points: number; rule: string }[];
  reasons: string[];
  /** Always "not validated in autoimmune disease". */
  label: 'not validated in autoimmune disease';
  source: string;
}

export const HEMATOTOX_SOURCE = 'CAR-HEMATOTOX, Rejeski K et al., Blood 2021;138:2499–2513';
export const HEMATOTOX_LABEL = 'not validated in autoimmune disease' as const;

function labValue(value: unknown, field: string, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new InvalidFindingsError(field, `must be 0–${max} ${unit}`);
  }
  return value;
}

/** CAR-HEMATOTOX score with the points of each item. */
export function carHematotox(labs: HematotoxLabs): HematotoxResult {
  if (typeof labs !== 'object' || labs === null) throw new InvalidFindingsError('labs', 'must be an object');
  const platelets = labValue(labs.plateletsPerUl, 'plateletsPerUl', 2_000_000, '/µL');
  const anc = labValue(labs.ancPerUl, 'ancPerUl', 100_000, '/µL');
  const hb = labValue(labs.hemoglobinGPerDL, 'hemoglobinGPerDL', 25, 'g/dL');
  const crp = labValue(labs.crpMgPerDL, 'crpMgPerDL', 100, 'mg/dL');
  const ferritin = labValue(labs.ferritinNgPerML, 'ferritinNgPerML', 500_000, 'ng/mL');

  const items: HematotoxResult['items'] = [
    platelets > 175_000
      ? { item: 'platelets', value: platelets, unit: '/µL', points: 0, rule: '> 175 000/µL' }
      : platelets >= 75_000
        ? { item: 'platelets', value: platelets, unit: '/µL', points: 1, rule: '75 000–175 000/µL' }
        : { item: 'platelets', value: platelets, unit: '/µL', points: 2, rule: '< 75 000/µL' },
    anc >= 1200
      ? { item: 'anc', value: anc, unit: '/µL', points: 0, rule: '≥ 1200/µL' }
      : { item: 'anc', value: anc, unit: '/µL', points: 1, rule: '< 1200/µL' },
    hb >= 9.0
      ? { item: 'hemoglobin', value: hb, unit: 'g/dL', points: 0, rule: '≥ 9.0 g/dL' }
      : { item: 'hemoglobin', value: hb, unit: 'g/dL', points: 1, rule: '< 9.0 g/dL' },
    crp <= 3.0
      ? { item: 'crp', value: crp, unit: 'mg/dL', points: 0, rule: '≤ 3.0 mg/dL' }
      : { item: 'crp', value: crp, unit: 'mg/dL', points: 1, rule: '> 3.0 mg/dL' },
    ferritin < 650
      ? { item: 'ferritin', value: ferritin, unit: 'ng/mL', points: 0, rule: '< 650 ng/mL' }
      : ferritin <= 2000
        ? { item: 'ferritin', value: ferritin, unit: 'ng/mL', points: 1, rule: '650–2000 ng/mL' }
        : { item: 'ferritin', value: ferritin, unit: 'ng/mL', points: 2, rule: '> 2000 ng/mL' },
  ];
  const score = items.reduce((sum, i) => sum + i.points, 0);
  const risk = score >= 2 ? 'high' : 'low';
  const names: Record<HematotoxItem, string> = {
    platelets: 'platelets',
    anc: 'ANC',
    hemoglobin: 'hemoglobin',
    crp: 'CRP',
    ferritin: 'ferritin',
  };
  const reasons = items.map(
    (i) => `${names[i.item]} ${i.value} ${i.unit} (${i.rule}): ${i.points} point${i.points === 1 ? '' : 's'}`,
  );
  reasons.push(`CAR-HEMATOTOX ${score}: ${risk} risk (0–1 low, ≥ 2 high) — ${HEMATOTOX_SOURCE}`);
  reasons.push('validated in lymphoma and myeloma: not validated in autoimmune disease');
  return { score, risk, items, reasons, label: HEMATOTOX_LABEL, source: HEMATOTOX_SOURCE };
}
