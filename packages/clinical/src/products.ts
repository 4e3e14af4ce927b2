/**
 * The cell products CellWatch follows, and what each does to B cells, which drives follow-up
 * (shared/clinical-reference.md, "Who is treated, with what"):
 * - CD19 CAR-T: deep B-cell aplasia for months; B cells back after a mean of ~110 days
 *   (Mackensen 2022 Nat Med; Müller 2024 NEJM).
 * - CD19-BCMA CAR-T: also removes long-lived plasma cells: deeper, longer hypogammaglobulinemia.
 * - CAAR-T (Dsg3, MuSK): kills only B cells with that receptor: global aplasia is NOT expected.
 * - CAR-Treg: suppresses, does not kill: no B-cell aplasia expected.
 */
export type CellProduct =
  | 'cd19_car_t'
  | 'cd19_bcma_car_t'
  | 'dsg3_caar_t'
  | 'musk_caar_t'
  | 'car_treg'
  | 'other';

export type Diagnosis =
  | 'sle'
  | 'myositis'
  | 'systemic_sclerosis'
  | 'musk_myasthenia_gravis'
  | 'pemphigus_vulgaris'
  | 'other';

export interface ProductDefinition {
  name: string;
  target: string;
  /** Whether global B-cell aplasia is the expected effect. null: unknown (other products). */
  expectsBCellAplasia: boolean | null;
  /** Whether long-lived plasma cells are removed too (deeper, longer low IgG). */
  depletesPlasmaCells: boolean;
  exampleTrials: string[];
}

export const PRODUCTS: Record<CellProduct, ProductDefinition> = {
  cd19_car_t: {
    name: 'CD19 CAR-T',
    target: 'CD19',
    expectsBCellAplasia: true,
    depletesPlasmaCells: false,
    exampleTrials: ['CABA-201'],
  },
  cd19_bcma_car_t: {
    name: 'CD19-BCMA dual CAR-T',
    target: 'CD19 and BCMA',
    expectsBCellAplasia: true,
    depletesPlasmaCells: true,
    exampleTrials: ['NCT06279923'],
  },
  dsg3_caar_t: {
    name: 'Dsg3-CAAR-T',
    target: 'anti-Dsg3 B cells',
    expectsBCellAplasia: false,
    depletesPlasmaCells: false,
    exampleTrials: ['NCT04422912'],
  },
  musk_caar_t: {
    name: 'MuSK-CAAR-T',
    target: 'anti-MuSK B cells',
    expectsBCellAplasia: false,
    depletesPlasmaCells: false,
    exampleTrials: ['NCT05451212'],
  },
  car_treg: {
    name: 'CAR-Treg',
    target: 'regulatory T cells (suppressive)',
    expectsBCellAplasia: false,
    depletesPlasmaCells: false,
    exampleTrials: [],
  },
  other: {
    name: 'Other cell product',
    target: 'other',
    expectsBCellAplasia: null,
    depletesPlasmaCells: false,
    exampleTrials: [],
  },
};

export const DIAGNOSES: Record<Diagnosis, { name: string; keyAutoantibody: string }> = {
  sle: { name: 'Systemic lupus erythematosus', keyAutoantibody: 'anti-dsDNA' },
  myositis: {
    name: 'Idiopathic inflammatory myositis',
    keyAutoantibody: 'anti-synthetase (anti-Jo-1) / anti-Mi2',
  },
  systemic_sclerosis: { name: 'Systemic sclerosis', keyAutoantibody: 'anti-Scl-70 (topoisomerase I)' },
  musk_myasthenia_gravis: { name: 'Myasthenia gravis, MuSK+', keyAutoantibody: 'anti-MuSK' },
  pemphigus_vulgaris: { name: 'Pemphigus vulgaris', keyAutoantibody: 'anti-Dsg3' },
  other: { name: 'Other autoimmune disease', keyAutoantibody: 'disease-specific' },
};
