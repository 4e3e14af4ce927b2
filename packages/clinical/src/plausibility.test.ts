import { describe, expect, it } from 'vitest';
import { checkVitalSigns, meanArterialPressure, VITAL_LIMITS } from './plausibility.ts';

describe('vital-sign plausibility', () => {
  it.each(Object.entries(VITAL_LIMITS))(
    '%s: impossible outside its range, unusual outside the usual one',
    (field, l) => {
      expect(checkVitalSigns({ [field]: l.min - 0.1 }).impossible.map((f) => f.field)).toEqual([field]);
      expect(checkVitalSigns({ [field]: l.max + 0.1 }).impossible.map((f) => f.field)).toEqual([field]);
      expect(checkVitalSigns({ [field]: l.min }).impossible).toEqual([]);
      expect(checkVitalSigns({ [field]: l.max }).impossible).toEqual([]);
      const mid = (l.usualMin + l.usualMax) / 2;
      expect(checkVitalSigns({ [field]: mid })).toEqual({ impossible: [], unusual: [] });
      if (l.usualMax < l.max)
        expect(checkVitalSigns({ [field]: l.usualMax + 0.1 }).unusual.map((f) => f.field)).toEqual([field]);
      if (l.usualMin > l.min)
        expect(checkVitalSigns({ [field]: l.usualMin - 0.1 }).unusual.map((f) => f.field)).toEqual([field]);
    },
  );

  it('refuses NaN and infinities', () => {
    expect(checkVitalSigns({ heartRate: Number.NaN }).impossible).toHaveLength(1);
    expect(checkVitalSigns({ spo2: Number.POSITIVE_INFINITY }).impossible).toHaveLength(1);
  });

  it('refuses a diastolic at or above the systolic', () => {
    expect(checkVitalSigns({ systolic: 90, diastolic: 90 }).impossible[0]?.field).toBe('diastolic');
    expect(checkVitalSigns({ systolic: 90, diastolic: 60 }).impossible).toEqual([]);
  });

  it('ignores absent values', () => {
    expect(checkVitalSigns({ temperatureC: null, heartRate: undefined })).toEqual({
      impossible: [],
      unusual: [],
    });
  });

  it('derives the mean arterial pressure', () => {
    expect(meanArterialPressure(120, 80)).toBe(93);
    expect(meanArterialPressure(85, 40)).toBe(55);
  });
});
