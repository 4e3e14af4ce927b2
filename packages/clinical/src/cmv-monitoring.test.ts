import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CmvMonitoringStatus, cmvPcrInWords, evaluateCmvMonitoring } from './cmv-monitoring.ts';
import { prophylaxisAlerts } from './prophylaxis-alerts.ts';
import { at, evaluate } from './prophylaxis-test-support.ts';
import { expectInvalid } from './test-support.ts';

const days = (...d: number[]) => d.map(at);
const cmv = (over: Parameters<typeof evaluate>[0]) => evaluate(over).cmvMonitoring;

describe('CMV PCR monitoring: one row per rule', () => {
  it.each<[string, number[], { day: number; iuPerMl: number }[], CmvMonitoringStatus, string]>([
    ['no steroids, no PCR', [], [], 'not_indicated', 'no corticosteroid course charted'],
    [
      '4 consecutive days: not indicated, a PCR still shown',
      days(1, 2, 3, 4),
      [{ day: 6, iuPerMl: 0 }],
      'not_indicated',
      'at most 4 consecutive days (< 5); latest CMV DNA not detected (2025-01-16)',
    ],
    [
      '5 consecutive days, no PCR: due',
      days(1, 2, 3, 4, 5),
      [],
      'due',
      'corticosteroids on 5 consecutive days from 2025-01-11 (≥ 5): monitor CMV by PCR; none charted since 2025-01-11',
    ],
    [
      '5 days, a PCR only BEFORE the course began: due',
      days(10, 11, 12, 13, 14),
      [{ day: 5, iuPerMl: 0 }],
      'due',
      'none charted since 2025-01-20',
    ],
    [
      '5 days, a PCR on the first day of the course: monitored',
      days(10, 11, 12, 13, 14),
      [{ day: 10, iuPerMl: 0 }],
      'monitored',
      'monitored by PCR; latest CMV DNA not detected (2025-01-20)',
    ],
    [
      '5 days, CMV detected afterwards: monitored, the load shown',
      days(10, 11, 12, 13, 14),
      [
        { day: 16, iuPerMl: 0 },
        { day: 23, iuPerMl: 450 },
      ],
      'monitored',
      'latest CMV DNA detected, 450 IU/mL (2025-02-02)',
    ],
    [
      'a second, later course of 5 days needs its own PCR',
      days(1, 2, 3, 4, 5, 40, 41, 42, 43, 44),
      [{ day: 7, iuPerMl: 0 }],
      'due',
      'from 2025-02-19',
    ],
  ])('%s', (_, given, pcr, status, reason) => {
    const r = cmv({
      now: at(60),
      corticosteroidGivenAt: given,
      cmvPcr: pcr.map((p) => ({ at: at(p.day), iuPerMl: p.iuPerMl })),
    });
    expect(r.status).toBe(status);
    expect(r.indicated).toBe(status !== 'not_indicated');
    expect(r.reason).toContain(reason);
  });

  it('results are listed newest first, 0 read as not detected', () => {
    const r = cmv({
      now: at(30),
      cmvPcr: [
        { at: at(10), iuPerMl: 0, id: 'a' },
        { at: at(20), iuPerMl: 1200, id: 'b' },
      ],
    });
    expect(r.results.map((x) => [x.id, x.detected])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(cmvPcrInWords({ at: at(20), iuPerMl: 1200 })).toBe('CMV DNA detected, 1200 IU/mL (2025-01-30)');
  });

  it('the day count is a protocol setting (cited default 5)', () => {
    const input = { now: at(30), corticosteroidGivenAt: days(1, 2, 3) };
    expect(cmv(input).status).toBe('not_indicated');
    expect(cmv({ ...input, protocol: { cmvSteroidDays: 3 } }).status).toBe('due');
  });

  it('the coordinator alert while a PCR is due, none once one is charted', () => {
    const given = days(1, 2, 3, 4, 5);
    const due = prophylaxisAlerts(evaluate({ now: at(8), corticosteroidGivenAt: given })).find(
      (a) => a.rule === 'cmv_pcr_due',
    );
    expect(due).toMatchObject({ severity: 'warning' });
    expect(due?.message).toMatch(/^CMV PCR: corticosteroids on 5 consecutive days/);
    const monitored = evaluate({
      now: at(8),
      corticosteroidGivenAt: given,
      cmvPcr: [{ at: at(6), iuPerMl: 0 }],
    });
    expect(prophylaxisAlerts(monitored).some((a) => a.rule === 'cmv_pcr_due')).toBe(false);
  });

  it('refuses a negative load, a future result and a non-list', () => {
    expectInvalid(() => cmv({ now: at(10), cmvPcr: [{ at: at(1), iuPerMl: -1 }] }), 'cmvPcr[0].iuPerMl');
    expectInvalid(() => cmv({ now: at(10), cmvPcr: [{ at: at(11), iuPerMl: 0 }] }), 'cmvPcr[0].at');
    expectInvalid(
      () => evaluateCmvMonitoring({ cmvPcr: 'x' as unknown as [], steroidDays: 5, nowMs: at(10) }),
      'cmvPcr',
    );
  });
});

describe('CMV PCR monitoring: properties', () => {
  const dayList = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 20 });
  it('more steroid days never lift the indication; a PCR charted later never makes it due again', () => {
    fc.assert(
      fc.property(dayList, dayList, fc.integer({ min: 0, max: 60 }), (given, more, pcrDay) => {
        const base = cmv({ now: at(61), corticosteroidGivenAt: days(...given) });
        const withMore = cmv({ now: at(61), corticosteroidGivenAt: days(...given, ...more) });
        if (base.indicated && !withMore.indicated) return false;
        const withPcr = cmv({
          now: at(61),
          corticosteroidGivenAt: days(...given),
          cmvPcr: [{ at: at(pcrDay), iuPerMl: 0 }],
        });
        // A result can only end "due", never start it.
        return !(withPcr.status === 'due' && base.status !== 'due');
      }),
    );
  });
});
