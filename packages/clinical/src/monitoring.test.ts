import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MONITORING_PLAN,
  isFullVitalCheck,
  monitoringPlanFor,
  monitoringStatus,
  VITAL_SIGNS,
} from './monitoring.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('monitoring plan', () => {
  it('defaults to the label: vitals every 4 h, every 2 h while febrile, ICE every 8 h, Day 0 to 14', () => {
    expect(DEFAULT_MONITORING_PLAN).toEqual({
      fromDay: 0,
      toDay: 14,
      vitalsEveryHours: 4,
      vitalsEveryHoursWhileFebrile: 2,
      iceEveryHours: 8,
      fullVitalCheck: ['temperature', 'heart_rate', 'blood_pressure', 'respiratory_rate', 'spo2'],
    });
  });

  it('only a set with every vital sign the plan names is a full vitals check', () => {
    const all = {
      temperature: true,
      heart_rate: true,
      blood_pressure: true,
      respiratory_rate: true,
      spo2: true,
    };
    expect(isFullVitalCheck(DEFAULT_MONITORING_PLAN, all)).toBe(true);
    expect(isFullVitalCheck(DEFAULT_MONITORING_PLAN, { temperature: true })).toBe(false);
    for (const sign of VITAL_SIGNS) {
      expect(isFullVitalCheck(DEFAULT_MONITORING_PLAN, { ...all, [sign]: false })).toBe(false);
    }
    // A protocol may ask less (or more) of a check.
    const lean = monitoringPlanFor('cd19_car_t', {
      cd19_car_t: { fullVitalCheck: ['temperature', 'blood_pressure'] },
    });
    expect(isFullVitalCheck(lean, { temperature: true, blood_pressure: true })).toBe(true);
  });

  it('lets a protocol override one product', () => {
    expect(monitoringPlanFor('cd19_car_t', { cd19_car_t: { iceEveryHours: 12 } }).iceEveryHours).toBe(12);
    expect(monitoringPlanFor('car_treg', { cd19_car_t: { iceEveryHours: 12 } }).iceEveryHours).toBe(8);
  });

  it('is overdue 4 h after the last vitals, 2 h while febrile', () => {
    const base = { infusionAt: T0, lastIceAt: T0 + 10 * H, febrile: false };
    expect(
      monitoringStatus(DEFAULT_MONITORING_PLAN, { ...base, lastVitalsAt: T0 + 10 * H, now: T0 + 14 * H })
        .vitalsOverdue,
    ).toBe(false);
    const late = monitoringStatus(DEFAULT_MONITORING_PLAN, {
      ...base,
      lastVitalsAt: T0 + 10 * H,
      now: T0 + 14 * H + 1,
    });
    expect(late).toMatchObject({ vitalsOverdue: true, vitalsDueAt: T0 + 14 * H, vitalsEveryHours: 4 });
    const febrile = monitoringStatus(DEFAULT_MONITORING_PLAN, {
      ...base,
      febrile: true,
      lastVitalsAt: T0 + 10 * H,
      now: T0 + 12 * H + 1,
    });
    expect(febrile).toMatchObject({ vitalsOverdue: true, vitalsDueAt: T0 + 12 * H, vitalsEveryHours: 2 });
  });

  it('is overdue 8 h after the last ICE, and at once when nothing was charted', () => {
    const s = monitoringStatus(DEFAULT_MONITORING_PLAN, {
      infusionAt: T0,
      lastVitalsAt: null,
      lastIceAt: T0,
      febrile: false,
      now: T0 + 8 * H + 1,
    });
    expect(s).toMatchObject({ iceOverdue: true, iceDueAt: T0 + 8 * H, vitalsOverdue: true, vitalsDueAt: T0 });
  });

  it('asks nothing outside Day 0 to 14', () => {
    const s = monitoringStatus(DEFAULT_MONITORING_PLAN, {
      infusionAt: T0,
      lastVitalsAt: null,
      lastIceAt: null,
      febrile: true,
      now: T0 + 15 * 24 * H,
    });
    expect(s).toMatchObject({ inWindow: false, vitalsOverdue: false, iceOverdue: false, vitalsDueAt: null });
    const before = monitoringStatus(DEFAULT_MONITORING_PLAN, {
      infusionAt: T0,
      lastVitalsAt: null,
      lastIceAt: null,
      febrile: false,
      now: T0 - H,
    });
    expect(before.inWindow).toBe(false);
  });
});
