import { InvalidFindingsError } from './errors.ts';

/**
 * Unit conversion at the edge: the engine works in SI/UCUM units (°C, mm[Hg], L/min, /µL), as in
 * shared/clinical-reference.md. Temperatures are rounded to 0.01 °C so that 100.4 °F is exactly
 * 38.00 °C (the usual fever threshold) rather than 37.99999… or 38.00000…1.
 */
export function fahrenheitToCelsius(fahrenheit: number): number {
  if (!Number.isFinite(fahrenheit)) throw new InvalidFindingsError('temperatureF', 'must be a finite number');
  return roundTo((fahrenheit - 32) * (5 / 9), 2);
}

export function celsiusToFahrenheit(celsius: number): number {
  if (!Number.isFinite(celsius)) throw new InvalidFindingsError('temperatureC', 'must be a finite number');
  return roundTo((celsius * 9) / 5 + 32, 2);
}

/** Round half away from zero to `decimals` places. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON)) / factor;
}

/** "38.6", "38", "4.5": short clinical display of a number, at most one decimal. */
export function formatNumber(value: number): string {
  return String(roundTo(value, 1));
}

/** "38.6 °C", "38.0 °C", "37.96 °C": one decimal unless a second is needed to be truthful. */
export function formatTemperature(celsius: number): string {
  const rounded = roundTo(celsius, 2);
  const text = Number.isInteger(Math.round(rounded * 100) / 10) ? rounded.toFixed(1) : rounded.toFixed(2);
  return `${text} °C`;
}
