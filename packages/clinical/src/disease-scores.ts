/**
 * Entered disease activity scores and their possible ranges: a value outside the range is
 * clinically impossible and refused.
 *
 * Sources (range of each instrument):
 * - SLEDAI-2K 0–105: Gladman DD et al., J Rheumatol 2002;29:288–291.
 * - Modified Rodnan skin score 0–51 (17 areas × 0–3): Khanna D et al., J Scleroderma Relat Disord
 *   2017;2:11–18.
 * - MG-ADL 0–24 (8 items × 0–3): Wolfe GI et al., Neurology 1999;52:1487–1489.
 * - QMG 0–39 (13 items × 0–3): Barohn RJ et al., Ann N Y Acad Sci 1998;841:769–772.
 * - PDAI total 0–263 (activity 0–250, damage 0–13): Rosenbach M et al., J Invest Dermatol
 *   2009;129:2404–2410.
 * - EUSTAR activity index (revised) 0–10: Valentini G et al., Ann Rheum Dis 2017;76:270–276.
 * - ACR/EULAR myositis Total Improvement Score 0–100: Aggarwal R et al., Arthritis Rheumatol
 *   2017;69:898–910.
 */
import { InvalidFindingsError } from './errors.ts';

export const DISEASE_SCORE_KINDS = [
  'sledai_2k',
  'mrss',
  'mg_adl',
  'qmg',
  'pdai',
  'eustar_ai',
  'myositis_tis',
] as const;
export type DiseaseScoreKind = (typeof DISEASE_SCORE_KINDS)[number];

export interface ScoreRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  label: string;
  source: string;
}

export const DISEASE_SCORE_RANGES: Readonly<Record<DiseaseScoreKind, ScoreRange>> = Object.freeze({
  sledai_2k: { min: 0, max: 105, integer: true, label: 'SLEDAI-2K', source: 'Gladman 2002 J Rheumatol' },
  mrss: { min: 0, max: 51, integer: true, label: 'mRSS', source: 'Khanna 2017 J Scleroderma Relat Disord' },
  mg_adl: { min: 0, max: 24, integer: true, label: 'MG-ADL', source: 'Wolfe 1999 Neurology' },
  qmg: { min: 0, max: 39, integer: true, label: 'QMG', source: 'Barohn 1998 Ann N Y Acad Sci' },
  pdai: { min: 0, max: 263, integer: false, label: 'PDAI', source: 'Rosenbach 2009 J Invest Dermatol' },
  eustar_ai: {
    min: 0,
    max: 10,
    integer: false,
    label: 'EUSTAR activity index',
    source: 'Valentini 2017 Ann Rheum Dis',
  },
  myositis_tis: {
    min: 0,
    max: 100,
    integer: true,
    label: 'Myositis TIS',
    source: 'Aggarwal 2017 Arthritis Rheumatol',
  },
});

/** Refuses an entered score outside its instrument's range (InvalidFindingsError on `value`). */
export function checkDiseaseScore(kind: DiseaseScoreKind, value: number): ScoreRange {
  const range = DISEASE_SCORE_RANGES[kind];
  if (!range) throw new InvalidFindingsError('kind', `unknown disease score ${String(kind)}`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw new InvalidFindingsError('value', `${range.label} runs from ${range.min} to ${range.max}`);
  }
  if (range.integer && !Number.isInteger(value)) {
    throw new InvalidFindingsError('value', `${range.label} is a whole number`);
  }
  return range;
}
