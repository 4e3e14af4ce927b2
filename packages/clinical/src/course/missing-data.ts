/**
 * Missing or stale data at a moment: the grade may be wrong because of it. Vital signs are stale after
 * 4 h (inpatient vitals at least every 4 h, clinical-reference.md); a neuro assessment after 12 h (ICE
 * at least twice daily, clinical-reference.md).
 */
import { HOUR_MS } from '../time.ts';
import type { MissingData, MissingItem, NNeuro, NVitals } from './types.ts';

export const NOTHING_MISSING: readonly MissingData[] = [];

const VITAL_LABEL: Record<MissingItem, string> = {
  temperature: 'temperature',
  blood_pressure: 'blood pressure',
  oxygen: 'oxygen device',
  neuro_assessment: 'neuro assessment',
  ice: 'ICE',
  capd: 'CAPD',
};

function vitalGap(
  gaps: MissingData[],
  item: MissingItem,
  latest: NVitals | undefined,
  staleBefore: number,
  staleAfterMs: number,
): void {
  const label = VITAL_LABEL[item];
  if (latest === undefined)
    gaps.push({ item, status: 'missing', lastAt: null, message: `no ${label} recorded` });
  else if (latest.at < staleBefore) {
    gaps.push({
      item,
      status: 'stale',
      lastAt: latest.at,
      message: `no ${label} in the last ${staleAfterMs / HOUR_MS} h`,
    });
  }
}

/** The CRS vital signs missing or older than `staleAfterMs` at moment t. */
export function missingVitals(
  t: number,
  staleAfterMs: number,
  temperature: NVitals | undefined,
  bloodPressure: NVitals | undefined,
  oxygen: NVitals | undefined,
): readonly MissingData[] {
  const stale = t - staleAfterMs;
  if (
    temperature !== undefined &&
    temperature.at >= stale &&
    bloodPressure !== undefined &&
    bloodPressure.at >= stale &&
    oxygen !== undefined &&
    oxygen.at >= stale
  ) {
    return NOTHING_MISSING;
  }
  const gaps: MissingData[] = [];
  vitalGap(gaps, 'temperature', temperature, stale, staleAfterMs);
  vitalGap(gaps, 'blood_pressure', bloodPressure, stale, staleAfterMs);
  vitalGap(gaps, 'oxygen', oxygen, stale, staleAfterMs);
  return gaps;
}

/** The neuro assessment missing or stale, and its tool not recorded or not assessable. */
export function missingNeuro(
  neuro: NNeuro | undefined,
  stale: boolean,
  staleAfterMs: number,
): readonly MissingData[] {
  if (neuro === undefined) {
    return [
      { item: 'neuro_assessment', status: 'missing', lastAt: null, message: 'no neuro assessment recorded' },
    ];
  }
  const missing: MissingData[] = [];
  if (stale) {
    missing.push({
      item: 'neuro_assessment',
      status: 'stale',
      lastAt: neuro.at,
      message: `no neuro assessment in the last ${staleAfterMs / HOUR_MS} h`,
    });
  }
  // The tool not recorded, or not assessable (not-performed.ts): the grade may be an underestimate.
  const toolMissing = neuro.assessment.encephalopathyMissing;
  if (toolMissing !== null) {
    missing.push({
      item: neuro.assessment.tool === 'ICE' ? 'ice' : 'capd',
      status: 'missing',
      lastAt: null,
      message: toolMissing,
    });
  }
  return missing.length === 0 ? NOTHING_MISSING : missing;
}
