/**
 * Infection prophylaxis: the kinds, and the protocol settings with their cited defaults. Source and
 * interpretations: prophylaxis.ts.
 */
import { checkNumber } from './follow-up-input.ts';

export const PROPHYLAXIS_SOURCE =
  'ASTCT/EBMT practice recommendations on infection prevention after CAR T-cell therapy; Blood Adv 2021;5:143 (late PJP and zoster after stopping early)';

export const PROPHYLAXIS_KINDS = [
  'antiviral_hsv_vzv',
  'pjp',
  'antibacterial',
  'antifungal',
  'hbv_antiviral',
] as const;
export type ProphylaxisKind = (typeof PROPHYLAXIS_KINDS)[number];

export const PROPHYLAXIS_LABELS: Record<ProphylaxisKind, string> = {
  antiviral_hsv_vzv: 'Antiviral (HSV/VZV)',
  pjp: 'PJP (co-trimoxazole)',
  antibacterial: 'Antibacterial',
  antifungal: 'Antifungal',
  hbv_antiviral: 'HBV antiviral',
};

export const HBV_CORE_ANTIBODY = ['positive', 'negative', 'not_screened'] as const;
export type HbvCoreAntibody = (typeof HBV_CORE_ANTIBODY)[number];

export interface ProphylaxisProtocol {
  /** Antiviral (HSV/VZV) at least this many months from lymphodepletion (reference: 6–12). */
  antiviralMinMonths: number;
  /** PJP at least this many months from its start (reference: 6–12). */
  pjpMinMonths: number;
  /** PJP is expected from this Day (reference: about Day 14–30). */
  pjpExpectedFromDay: number;
  /** Antiviral and PJP continue until CD4 is above this (reference: 200/µL). */
  cd4StopAbovePerUl: number;
  /** Antibacterial/antifungal while ANC is below this (reference: 500/µL). */
  neutropeniaBelowPerUl: number;
  /** HBV antiviral at least this many months after the infusion (reference: 12). */
  hbvMinMonths: number;
  /** CMV PCR monitoring when corticosteroids run this many days (reference: 5). */
  cmvSteroidDays: number;
  /** A planned stop this close (days) makes the prophylaxis "due to stop". */
  dueToStopWithinDays: number;
}

export const DEFAULT_PROPHYLAXIS_PROTOCOL: ProphylaxisProtocol = {
  antiviralMinMonths: 6,
  pjpMinMonths: 6,
  pjpExpectedFromDay: 30,
  cd4StopAbovePerUl: 200,
  neutropeniaBelowPerUl: 500,
  hbvMinMonths: 12,
  cmvSteroidDays: 5,
  dueToStopWithinDays: 14,
};

/** The protocol with every setting checked (a site's overrides on the cited defaults). */
export function resolveProphylaxisProtocol(partial: Partial<ProphylaxisProtocol> = {}): ProphylaxisProtocol {
  const p = { ...DEFAULT_PROPHYLAXIS_PROTOCOL, ...partial };
  const month = { min: 1, max: 60, integer: true };
  checkNumber(p.antiviralMinMonths, 'protocol.antiviralMinMonths', month);
  checkNumber(p.pjpMinMonths, 'protocol.pjpMinMonths', month);
  checkNumber(p.hbvMinMonths, 'protocol.hbvMinMonths', month);
  checkNumber(p.pjpExpectedFromDay, 'protocol.pjpExpectedFromDay', { min: 0, max: 365, integer: true });
  checkNumber(p.cd4StopAbovePerUl, 'protocol.cd4StopAbovePerUl', { min: 0, max: 3000 });
  checkNumber(p.neutropeniaBelowPerUl, 'protocol.neutropeniaBelowPerUl', { min: 0, max: 5000 });
  checkNumber(p.cmvSteroidDays, 'protocol.cmvSteroidDays', { min: 1, max: 60, integer: true });
  checkNumber(p.dueToStopWithinDays, 'protocol.dueToStopWithinDays', { min: 0, max: 90 });
  return p;
}
