/**
 * The laboratory analytes CellWatch charts, with their LOINC codes and the UCUM unit each is
 * stored in (shared/clinical-reference.md, "Codes"). Results arriving in another common unit are
 * converted at the edge. Known public mislabels are avoided on purpose: 2532-0 is LDH, 2458-8 is
 * IgA (not IgG), 8124-0 is CD3 % (not CD19).
 *
 * Codes marked `verify` are not in the reference list and must be checked against LOINC before
 * release, as the reference asks for all codes.
 */
import type { Limit } from './plausibility.ts';

export type Analyte =
  | 'crp'
  | 'ferritin'
  | 'il6'
  | 'anc'
  | 'lymphocytes'
  | 'platelets'
  | 'hemoglobin'
  | 'fibrinogen'
  | 'ldh'
  | 'creatinine'
  | 'alt'
  | 'ast'
  | 'bilirubin'
  | 'triglycerides'
  | 'igg'
  | 'cd19_absolute'
  | 'cd19_percent'
  | 'cd4_absolute'
  | 'urine_protein_creatinine'
  | 'cmv_dna'
  | 'autoantibody';

export interface AnalyteDefinition {
  name: string;
  /** null where no single code fits (a disease autoantibody depends on the antibody and assay). */
  loinc: string | null;
  verify?: true;
  /** The UCUM unit it is stored in. */
  unit: string;
  /** Other units accepted on entry, with the factor that converts them into `unit`. */
  alternativeUnits: Record<string, number>;
  limits: Omit<Limit, 'unit'>;
}

const wide = (max: number, usualMax = max, usualMin = 0) => ({ min: 0, max, usualMin, usualMax });

export const ANALYTES: Record<Analyte, AnalyteDefinition> = {
  crp: {
    name: 'C-reactive protein',
    loinc: '1988-5',
    unit: 'mg/L',
    alternativeUnits: { 'mg/dL': 10 },
    limits: wide(1000, 500),
  },
  ferritin: {
    name: 'Ferritin',
    loinc: '2276-4',
    unit: 'ng/mL',
    alternativeUnits: { 'ug/L': 1 },
    limits: wide(1_000_000, 100_000),
  },
  il6: {
    name: 'Interleukin-6',
    loinc: '26881-3',
    unit: 'pg/mL',
    alternativeUnits: { 'ng/L': 1 },
    limits: wide(1_000_000, 50_000),
  },
  anc: {
    name: 'Neutrophils (ANC)',
    loinc: '751-8',
    unit: '/uL',
    alternativeUnits: { '10*3/uL': 1000, '10*9/L': 1000 },
    limits: wide(500_000, 50_000),
  },
  lymphocytes: {
    name: 'Lymphocytes',
    loinc: '731-0',
    verify: true,
    unit: '/uL',
    alternativeUnits: { '10*3/uL': 1000, '10*9/L': 1000 },
    limits: wide(500_000, 50_000),
  },
  platelets: {
    name: 'Platelets',
    loinc: '777-3',
    unit: '10*3/uL',
    alternativeUnits: { '10*9/L': 1, '/uL': 0.001 },
    limits: wide(5000, 1500),
  },
  hemoglobin: {
    name: 'Hemoglobin',
    loinc: '718-7',
    unit: 'g/dL',
    alternativeUnits: { 'g/L': 0.1 },
    limits: wide(30, 22, 4),
  },
  fibrinogen: {
    name: 'Fibrinogen',
    loinc: '3255-7',
    unit: 'mg/dL',
    alternativeUnits: { 'g/L': 100 },
    limits: wide(3000, 1000, 50),
  },
  ldh: {
    name: 'Lactate dehydrogenase (LDH)',
    loinc: '2532-0',
    unit: 'U/L',
    alternativeUnits: {},
    limits: wide(100_000, 10_000),
  },
  creatinine: {
    name: 'Creatinine',
    loinc: '2160-0',
    unit: 'mg/dL',
    alternativeUnits: { 'umol/L': 1 / 88.42 },
    limits: wide(40, 15, 0.1),
  },
  alt: {
    name: 'Alanine aminotransferase (ALT)',
    loinc: '1742-6',
    unit: 'U/L',
    alternativeUnits: {},
    limits: wide(50_000, 5_000),
  },
  ast: {
    name: 'Aspartate aminotransferase (AST)',
    loinc: '1920-8',
    unit: 'U/L',
    alternativeUnits: {},
    limits: wide(50_000, 5_000),
  },
  bilirubin: {
    name: 'Bilirubin, total',
    loinc: '1975-2',
    unit: 'mg/dL',
    alternativeUnits: { 'umol/L': 1 / 17.1 },
    limits: wide(100, 30),
  },
  triglycerides: {
    name: 'Triglycerides',
    loinc: '2571-8',
    unit: 'mg/dL',
    alternativeUnits: { 'mmol/L': 88.57 },
    limits: wide(20_000, 3_000),
  },
  igg: {
    name: 'Immunoglobulin G (IgG)',
    loinc: '2465-3',
    unit: 'mg/dL',
    alternativeUnits: { 'g/L': 100 },
    limits: wide(10_000, 4_000, 50),
  },
  cd19_absolute: {
    name: 'CD19+ B cells',
    loinc: '8116-6',
    unit: '/uL',
    // 1 × 10^9/L = 10^9 cells per 10^6 µL = 1,000/µL (as for ANC and lymphocytes).
    alternativeUnits: { '10*9/L': 1000 },
    limits: wide(20_000, 3_000),
  },
  cd19_percent: {
    name: 'CD19+ B cells (% of lymphocytes)',
    loinc: '8117-4',
    unit: '%',
    alternativeUnits: {},
    limits: { min: 0, max: 100, usualMin: 0, usualMax: 60 },
  },
  // CD4 helper T cells, followed after CAR-T for infection risk (T-cell recovery after
  // lymphodepletion). LOINC 24467-3 "CD3+CD4+ (T4 helper) cells [#/volume] in Blood", unit /uL.
  // Adult reference about 500–1,500/µL; above 3,000/µL is flagged as unusual, above 20,000/µL
  // (beyond any lymphocytosis) refused, as for CD19 counts.
  cd4_absolute: {
    name: 'CD4+ T cells',
    loinc: '24467-3',
    unit: '/uL',
    alternativeUnits: { '10*9/L': 1000, '10*3/uL': 1000 },
    limits: wide(20_000, 3_000),
  },
  urine_protein_creatinine: {
    name: 'Urine protein/creatinine ratio',
    loinc: '2890-2',
    verify: true,
    unit: 'mg/g',
    alternativeUnits: { 'mg/mmol': 8.84 },
    limits: wide(100_000, 20_000),
  },
  // CMV DNA load by PCR, monitored when corticosteroids run 5 days or more (ASTCT/EBMT practice
  // recommendations; cmv-monitoring.ts). IU/mL against the WHO international standard; 0 is
  // charted for "not detected". LOINC 72493-8 "Cytomegalovirus DNA [Units/volume] (viral load) in
  // Plasma by NAA with probe detection" is not in the reference list. Above 10^7 IU/mL is unusual,
  // above 10^10 refused.
  cmv_dna: {
    name: 'CMV DNA (PCR)',
    loinc: '72493-8',
    verify: true,
    unit: '[IU]/mL',
    alternativeUnits: { 'IU/mL': 1 },
    limits: wide(1e10, 1e7),
  },
  autoantibody: {
    name: 'Disease autoantibody titre',
    loinc: null,
    unit: "[arb'U]/mL",
    alternativeUnits: { 'U/mL': 1, 'IU/mL': 1 },
    limits: wide(1e9, 1e6),
  },
};

export const ANALYTE_KEYS = Object.keys(ANALYTES) as Analyte[];

export type LabConversion =
  | { ok: true; value: number; unit: string; converted: boolean }
  | { ok: false; reason: string };

/** Converts a result into the analyte's stored unit; an unknown unit is refused, never guessed. */
export function toStoredUnit(analyte: Analyte, value: number, unit: string | undefined): LabConversion {
  const def = ANALYTES[analyte];
  if (unit === undefined || unit === def.unit) return { ok: true, value, unit: def.unit, converted: false };
  const factor = def.alternativeUnits[unit];
  if (factor === undefined) {
    const accepted = [def.unit, ...Object.keys(def.alternativeUnits)].join(', ');
    return { ok: false, reason: `unit "${unit}" is not accepted for ${def.name}; use one of: ${accepted}` };
  }
  // Round away binary noise from the factor (e.g. 0.1 g/L steps) without losing precision.
  return { ok: true, value: Number((value * factor).toPrecision(12)), unit: def.unit, converted: true };
}

/** The analyte stored under a LOINC code, for imports (FHIR, HL7 v2). */
export function analyteByLoinc(loinc: string): Analyte | undefined {
  return ANALYTE_KEYS.find((key) => ANALYTES[key].loinc === loinc);
}
