/**
 * The remission definition each disease's protocol uses: its instruments and the protocol settings
 * with their cited defaults. Rules and sources: disease-remission.ts.
 */
import type { DiseaseScoreKind } from './disease-scores.ts';
import { checkBoolean, checkNumber } from './follow-up-input.ts';

export const REMISSION_DISEASES = [
  'sle',
  'myositis',
  'systemic_sclerosis',
  'musk_myasthenia_gravis',
  'pemphigus_vulgaris',
] as const;
export type RemissionDisease = (typeof REMISSION_DISEASES)[number];

/** The instruments charted for each disease (the list; IMACS core set for myositis). */
export const DISEASE_INSTRUMENTS: Readonly<Record<RemissionDisease, readonly DiseaseScoreKind[]>> = {
  sle: ['sledai_2k'],
  myositis: ['myositis_tis'],
  systemic_sclerosis: ['mrss', 'eustar_ai'],
  musk_myasthenia_gravis: ['mg_adl', 'qmg'],
  pemphigus_vulgaris: ['pdai'],
};

/** The remission definition each disease is held against, as the clinic names it. */
export const REMISSION_DEFINITIONS: Readonly<Record<RemissionDisease, string>> = {
  sle: 'DORIS 2021 remission (clinical SLEDAI-2K 0, PGA < 0.5, prednisolone ≤ 5 mg/day)',
  myositis: 'Major improvement on the ACR/EULAR Total Improvement Score',
  systemic_sclerosis: 'Low activity (EUSTAR activity index) with the skin score fallen from baseline',
  musk_myasthenia_gravis: 'Minimal symptom expression (MG-ADL 0–1)',
  pemphigus_vulgaris: 'Complete remission off therapy (PDAI 0, no systemic therapy)',
};

export const DISEASE_REMISSION_SOURCES: Readonly<Record<RemissionDisease, string>> = {
  sle: 'van Vollenhoven 2021 Ann Rheum Dis 80:181 (DORIS 2021); Müller 2024 NEJM 390:687 (drug-free)',
  myositis: 'Aggarwal 2017 Arthritis Rheumatol 69:898 (ACR/EULAR myositis response criteria, IMACS core set)',
  systemic_sclerosis:
    'Valentini 2017 Ann Rheum Dis 76:270 (revised EUSTAR activity index, < 2.5 low activity); Maurer 2015 Ann Rheum Dis 74:1124 (25 % mRSS change)',
  musk_myasthenia_gravis:
    'Vissing 2018 (minimal symptom expression, MG-ADL 0–1); MGFA post-intervention status, Jaretzki 2000 Neurology 55:16',
  pemphigus_vulgaris: 'Murrell 2008 J Am Acad Dermatol 58:1043 (pemphigus consensus definitions)',
};

export interface DiseaseRemissionSettings {
  /** SLE: the protocol also asks for no immunosuppressant, antimalarial or glucocorticoid (CellWatch drug-free variant). Default false: DORIS as published. */
  sleRequiresDrugFree: boolean;
  /** Myositis: remission from this TIS (Aggarwal 2017: ≥ 60 is major improvement). */
  myositisRemissionTisAtLeast: number;
  /** SSc: EUSTAR activity index below this is low activity (Valentini 2017: < 2.5). */
  sscEustarLowBelow: number;
  /** SSc: mRSS fallen from baseline by at least this percent (Maurer 2015: 25 % is a meaningful change). */
  sscMrssFallAtLeastPercent: number;
  /** MuSK-MG: minimal symptom expression at MG-ADL at most this (Vissing 2018: 0–1). */
  mgMseMgAdlMax: number;
  /** Pemphigus: off all systemic therapy at least this many days (Murrell 2008: 2 months). */
  pemphigusOffTherapyMinDays: number;
}

export const DEFAULT_DISEASE_REMISSION_SETTINGS: Readonly<DiseaseRemissionSettings> = Object.freeze({
  sleRequiresDrugFree: false,
  myositisRemissionTisAtLeast: 60,
  sscEustarLowBelow: 2.5,
  sscMrssFallAtLeastPercent: 25,
  mgMseMgAdlMax: 1,
  pemphigusOffTherapyMinDays: 60,
});

/** The settings with every one checked (a site's overrides on the cited defaults). */
export function resolveDiseaseRemissionSettings(
  partial: Partial<DiseaseRemissionSettings> = {},
): DiseaseRemissionSettings {
  const s = { ...DEFAULT_DISEASE_REMISSION_SETTINGS, ...partial };
  checkBoolean(s.sleRequiresDrugFree, 'settings.sleRequiresDrugFree');
  checkNumber(s.myositisRemissionTisAtLeast, 'settings.myositisRemissionTisAtLeast', { min: 20, max: 100 });
  checkNumber(s.sscEustarLowBelow, 'settings.sscEustarLowBelow', { min: 0, max: 10 });
  checkNumber(s.sscMrssFallAtLeastPercent, 'settings.sscMrssFallAtLeastPercent', { min: 0, max: 100 });
  checkNumber(s.mgMseMgAdlMax, 'settings.mgMseMgAdlMax', { min: 0, max: 24, integer: true });
  checkNumber(s.pemphigusOffTherapyMinDays, 'settings.pemphigusOffTherapyMinDays', {
    min: 0,
    max: 730,
    integer: true,
  });
  return s;
}

/** Myositis improvement level by TIS (Aggarwal 2017: ≥ 20 minimal, ≥ 40 moderate, ≥ 60 major). */
export function myositisImprovement(tis: number): 'major' | 'moderate' | 'minimal' | 'none' {
  if (tis >= 60) return 'major';
  if (tis >= 40) return 'moderate';
  if (tis >= 20) return 'minimal';
  return 'none';
}
