/**
 * SLE remission (DORIS 2021) and Lupus Low Disease Activity State (LLDAS), computed from their
 * components.
 *
 * Sources:
 * - DORIS 2021: van Vollenhoven RF et al., "2021 DORIS definition of remission in SLE",
 *   Ann Rheum Dis 2021;80:181–188. Remission = clinical SLEDAI-2K 0 (serology — anti-dsDNA and low
 *   complement — not counted), physician global assessment (PGA, 0–3) < 0.5, prednisolone
 *   ≤ 5 mg/day; stable antimalarials, immunosuppressants and biologics allowed.
 * - Drug-free remission (the autoimmune CAR-T series, Müller F et al., N Engl J Med 2024;390:687–700):
 *   DORIS remission with no glucocorticoid, antimalarial, immunosuppressant or biologic.
 * - LLDAS: Franklyn K et al., Ann Rheum Dis 2016;75:1615–1621. SLEDAI-2K ≤ 4 with no activity in
 *   major organs (renal, CNS, cardiopulmonary, vasculitis, fever) and no haemolytic anaemia or
 *   gastrointestinal activity; no new activity since the previous assessment; PGA ≤ 1;
 *   prednisolone ≤ 7.5 mg/day; standard maintenance immunosuppressants and biologics allowed.
 *
 * Thresholds are protocol settings: the cited defaults are in SLE_REMISSION_DEFAULTS and a
 * protocol may pass its own.
 */
import { InvalidFindingsError } from './errors.ts';
import { RULE_VERSION } from './version.ts';

export const DORIS_SOURCE = 'van Vollenhoven 2021 Ann Rheum Dis 80:181 (DORIS 2021)';
export const LLDAS_SOURCE = 'Franklyn 2016 Ann Rheum Dis 75:1615 (LLDAS)';

export interface SleRemissionSettings {
  /** DORIS: PGA strictly below this (van Vollenhoven 2021: < 0.5). */
  dorisPgaBelow: number;
  /** DORIS: prednisolone at most this, mg/day (van Vollenhoven 2021: ≤ 5). */
  dorisPrednisoloneMaxMg: number;
  /** LLDAS: SLEDAI-2K at most this (Franklyn 2016: ≤ 4). */
  lldasSledaiMax: number;
  /** LLDAS: PGA at most this (Franklyn 2016: ≤ 1). */
  lldasPgaMax: number;
  /** LLDAS: prednisolone at most this, mg/day (Franklyn 2016: ≤ 7.5). */
  lldasPrednisoloneMaxMg: number;
}

export const SLE_REMISSION_DEFAULTS: Readonly<SleRemissionSettings> = Object.freeze({
  dorisPgaBelow: 0.5,
  dorisPrednisoloneMaxMg: 5,
  lldasSledaiMax: 4,
  lldasPgaMax: 1,
  lldasPrednisoloneMaxMg: 7.5,
});

export interface SleActivityComponents {
  /** Clinical SLEDAI-2K: the total without the anti-dsDNA and low-complement items (0–101). */
  clinicalSledai: number;
  /** Full SLEDAI-2K total including serology (0–105); for LLDAS. */
  sledai: number;
  /** Physician global assessment, 0–3. */
  pga: number;
  /** Prednisolone-equivalent dose, mg/day. */
  prednisoloneMgPerDay: number;
  /** Any activity in renal, CNS, cardiopulmonary, vasculitis or fever items (LLDAS). */
  majorOrganActivity: boolean;
  /** Haemolytic anaemia or gastrointestinal activity (LLDAS). */
  haemolyticOrGiActivity: boolean;
  /** New lupus activity compared with the previous assessment (LLDAS). */
  newActivitySincePrevious: boolean;
  antimalarial: boolean;
  immunosuppressantOrBiologic: boolean;
}

export interface SleRemissionResult {
  doris: boolean;
  drugFreeDoris: boolean;
  lldas: boolean;
  reasons: string[];
  inputs: SleActivityComponents;
  settings: SleRemissionSettings;
  source: string;
  ruleVersion: string;
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidFindingsError(field, `must be a number from ${min} to ${max}`);
  }
}

/** DORIS 2021, drug-free DORIS and LLDAS from one assessment's components, each with its reasons. */
export function sleRemission(
  inputs: SleActivityComponents,
  settings: SleRemissionSettings = SLE_REMISSION_DEFAULTS,
): SleRemissionResult {
  checkRange('clinicalSledai', inputs.clinicalSledai, 0, 101);
  checkRange('sledai', inputs.sledai, 0, 105);
  if (!Number.isInteger(inputs.clinicalSledai) || !Number.isInteger(inputs.sledai)) {
    throw new InvalidFindingsError('sledai', 'SLEDAI-2K is a whole number');
  }
  if (inputs.clinicalSledai > inputs.sledai) {
    throw new InvalidFindingsError('clinicalSledai', 'cannot exceed the full SLEDAI-2K total');
  }
  checkRange('pga', inputs.pga, 0, 3);
  checkRange('prednisoloneMgPerDay', inputs.prednisoloneMgPerDay, 0, 2000);

  const reasons: string[] = [];
  const sledaiOk = inputs.clinicalSledai === 0;
  const pgaOk = inputs.pga < settings.dorisPgaBelow;
  const predOk = inputs.prednisoloneMgPerDay <= settings.dorisPrednisoloneMaxMg;
  reasons.push(
    `DORIS: clinical SLEDAI-2K ${inputs.clinicalSledai} ${sledaiOk ? '= 0' : '> 0, not met'}`,
    `DORIS: PGA ${inputs.pga} ${pgaOk ? '<' : '≥'} ${settings.dorisPgaBelow}${pgaOk ? '' : ', not met'}`,
    `DORIS: prednisolone ${inputs.prednisoloneMgPerDay} mg/day ${predOk ? '≤' : '>'} ${settings.dorisPrednisoloneMaxMg}${predOk ? '' : ', not met'}`,
  );
  const doris = sledaiOk && pgaOk && predOk;
  const noDrugs =
    inputs.prednisoloneMgPerDay === 0 && !inputs.antimalarial && !inputs.immunosuppressantOrBiologic;
  const drugFreeDoris = doris && noDrugs;
  reasons.push(
    noDrugs
      ? 'Drug-free: no glucocorticoid, antimalarial, immunosuppressant or biologic'
      : 'Not drug-free: glucocorticoid, antimalarial, immunosuppressant or biologic still taken',
  );

  const lldasSledai = inputs.sledai <= settings.lldasSledaiMax;
  const lldasPga = inputs.pga <= settings.lldasPgaMax;
  const lldasPred = inputs.prednisoloneMgPerDay <= settings.lldasPrednisoloneMaxMg;
  const lldas =
    lldasSledai &&
    lldasPga &&
    lldasPred &&
    !inputs.majorOrganActivity &&
    !inputs.haemolyticOrGiActivity &&
    !inputs.newActivitySincePrevious;
  reasons.push(
    `LLDAS: SLEDAI-2K ${inputs.sledai} ${lldasSledai ? '≤' : '>'} ${settings.lldasSledaiMax}`,
    `LLDAS: PGA ${inputs.pga} ${lldasPga ? '≤' : '>'} ${settings.lldasPgaMax}`,
    `LLDAS: prednisolone ${inputs.prednisoloneMgPerDay} mg/day ${lldasPred ? '≤' : '>'} ${settings.lldasPrednisoloneMaxMg}`,
  );
  if (inputs.majorOrganActivity) reasons.push('LLDAS: major organ activity, not met');
  if (inputs.haemolyticOrGiActivity) reasons.push('LLDAS: haemolytic anaemia or GI activity, not met');
  if (inputs.newActivitySincePrevious)
    reasons.push('LLDAS: new activity since the previous assessment, not met');

  return {
    doris,
    drugFreeDoris,
    lldas,
    reasons,
    inputs,
    settings: { ...settings },
    source: `${DORIS_SOURCE}; ${LLDAS_SOURCE}`,
    ruleVersion: RULE_VERSION,
  };
}
