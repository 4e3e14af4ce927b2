import { describe, expect, it } from 'vitest';
import { backoffMs, keysToInvalidate } from './invalidation.ts';

describe('keysToInvalidate', () => {
  it('refreshes the ward, the patient and the alerts on a new alert', () => {
    const keys = keysToInvalidate({ type: 'alert_raised', patientId: 4, data: {} });
    expect(keys).toContainEqual(['ward']);
    expect(keys).toContainEqual(['patients', 4]);
    expect(keys).toContainEqual(['alerts']);
  });
  it('refreshes the review queue when a fact is charted or a grade signed', () => {
    expect(keysToInvalidate({ type: 'fact_charted', patientId: 1, data: {} })).toContainEqual(['reviews']);
    expect(keysToInvalidate({ type: 'review_signed', patientId: 1, data: {} })).toContainEqual(['reviews']);
  });
  it('refreshes the ward, the patient and the trial report when a grade is signed', () => {
    const keys = keysToInvalidate({ type: 'review_signed', patientId: 1, data: {} });
    expect(keys).toContainEqual(['ward']);
    expect(keys).toContainEqual(['patients', 1]);
    expect(keys).toContainEqual(['reports']);
  });
  it('skips the patient key for events without a patient', () => {
    const keys = keysToInvalidate({ type: 'grade_changed', patientId: null, data: {} });
    expect(keys.some((k) => k[0] === 'patients')).toBe(false);
  });
});

describe('backoffMs', () => {
  it('doubles up to 30 s', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(10, () => 0.5)).toBe(30000);
  });
});
