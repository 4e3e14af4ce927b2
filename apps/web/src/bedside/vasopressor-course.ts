import type { VasopressorInfusion } from '@cellwatch/contracts';
import type { z } from 'zod';

export type Infusion = z.infer<typeof VasopressorInfusion>;
export type VasopressorDrug = Infusion['drug'];

export const VASOPRESSOR_LABELS: Record<VasopressorDrug, string> = {
  norepinephrine: 'Norepinephrine',
  epinephrine: 'Epinephrine',
  phenylephrine: 'Phenylephrine',
  dopamine: 'Dopamine',
  vasopressin: 'Vasopressin',
};

/**
 * The rate units a pressor is charted in. Catecholamines run weight-based (µg/kg/min) on most
 * units, or as a fixed rate (µg/min); vasopressin is given in units/min (0.03–0.04 units/min is
 * the usual fixed dose). The dose is documentation: the ASTCT grade counts which pressors run,
 * never their dose (Lee 2019).
 */
export const DOSE_UNITS: Record<VasopressorDrug, readonly string[]> = {
  norepinephrine: ['µg/kg/min', 'µg/min'],
  epinephrine: ['µg/kg/min', 'µg/min'],
  phenylephrine: ['µg/kg/min', 'µg/min'],
  dopamine: ['µg/kg/min'],
  vasopressin: ['units/min'],
};

/** "0.05 µg/kg/min" from what was typed; null unless the dose is a positive number. */
export function doseNote(dose: string, unit: string): string | null {
  const value = Number(dose.trim().replace(',', '.'));
  if (dose.trim() === '' || !Number.isFinite(value) || value <= 0) return null;
  return `${value} ${unit}`;
}

/**
 * When the pressor a running infusion belongs to was first started: a dose change is charted as
 * the same drug stopping and starting at the same instant, so the chain is followed back through
 * infusions of that drug that stopped exactly when the next began.
 */
export function runningSince(infusion: Infusion, all: readonly Infusion[]): string {
  let current = infusion;
  const seen = new Set<number>([current.id]);
  for (;;) {
    const previous = all.find(
      (i) =>
        !seen.has(i.id) &&
        i.enteredInError === null &&
        i.drug === current.drug &&
        i.stoppedAt !== null &&
        Date.parse(i.stoppedAt) === Date.parse(current.startedAt),
    );
    if (!previous) return current.startedAt;
    seen.add(previous.id);
    current = previous;
  }
}

/** "45 min", "3 h 05 min", "2 d 4 h": how long since `from`. */
export function durationText(from: string, now: number): string {
  const min = Math.max(0, Math.floor((now - Date.parse(from)) / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Infusions running now (not stopped, not entered in error), earliest first. */
export function runningInfusions(all: readonly Infusion[]): Infusion[] {
  return all
    .filter((i) => i.stoppedAt === null && i.enteredInError === null)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
