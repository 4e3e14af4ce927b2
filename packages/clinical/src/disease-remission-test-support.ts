/** Charted scores for the disease-remission tests: Day N after an infusion on 2025-01-01. */
import type { ChartedDiseaseScore } from './disease-remission.ts';
import type { DiseaseScoreKind } from './disease-scores.ts';
import type { SleActivityComponents } from './sle-remission.ts';

const DAY0 = Date.parse('2025-01-01T08:00:00Z');

export const at = (day: number) => new Date(DAY0 + day * 86_400_000).toISOString();

export const quietSle: SleActivityComponents = {
  clinicalSledai: 0,
  sledai: 0,
  pga: 0,
  prednisoloneMgPerDay: 0,
  majorOrganActivity: false,
  haemolyticOrGiActivity: false,
  newActivitySincePrevious: false,
  antimalarial: false,
  immunosuppressantOrBiologic: false,
};

export const score = (kind: DiseaseScoreKind, day: number, value: number): ChartedDiseaseScore => ({
  id: `${kind}-${day}`,
  kind,
  at: at(day),
  value,
});

export const sleScore = (day: number, change: Partial<SleActivityComponents>): ChartedDiseaseScore => {
  const sleComponents = { ...quietSle, ...change };
  return { id: `sle-${day}`, kind: 'sledai_2k', at: at(day), value: sleComponents.sledai, sleComponents };
};
