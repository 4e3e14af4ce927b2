import { describe, expect, it } from 'vitest';
import { gradeCrs } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';
import { celsiusToFahrenheit, fahrenheitToCelsius, formatTemperature } from './units.ts';

describe('units', () => {
  it('100.4 °F is exactly 38.0 °C, a fever', () => {
    expect(fahrenheitToCelsius(100.4)).toBe(38);
    expect(
      gradeCrs({
        temperatureC: fahrenheitToCelsius(100.4),
        hypotension: false,
        vasopressors: [],
        oxygen: { device: 'room_air' },
      }).grade,
    ).toBe(1);
    expect(fahrenheitToCelsius(100.3)).toBe(37.94);
  });
  it('round-trips', () => {
    expect(celsiusToFahrenheit(37)).toBe(98.6);
    expect(fahrenheitToCelsius(celsiusToFahrenheit(39.2))).toBe(39.2);
  });
  it('shows temperatures truthfully', () => {
    expect(formatTemperature(38)).toBe('38.0 °C');
    expect(formatTemperature(38.6)).toBe('38.6 °C');
    expect(formatTemperature(37.96)).toBe('37.96 °C');
  });
  it('refuses non-numbers', () => {
    expect(() => fahrenheitToCelsius(Number.NaN)).toThrow(InvalidFindingsError);
  });
});
