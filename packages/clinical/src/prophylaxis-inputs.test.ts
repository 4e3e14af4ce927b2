import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import { DEFAULT_PROPHYLAXIS_PROTOCOL, resolveProphylaxisProtocol } from './prophylaxis-protocol.ts';
import { at, evaluate, kind, rec } from './prophylaxis-test-support.ts';

describe('evaluateProphylaxis: steroid days, missing dates, drug switches, protocol settings, refusals', () => {
  it.each<[string, number[], boolean, number]>([
    ['no steroids', [], false, 0],
    ['4 consecutive days', [1, 2, 3, 4].map(at), false, 4],
    ['5 consecutive days (twice on one day)', [1, 2, 3, 3.5, 4, 5].map(at), true, 5],
    ['5 days with a gap', [1, 2, 4, 5, 6].map(at), false, 3],
  ])('CMV PCR monitoring: %s', (_, given, indicated, run) => {
    const r = evaluate({ now: at(20), corticosteroidGivenAt: given });
    expect(r.cmvMonitoring.indicated).toBe(indicated);
    expect(r.cmvMonitoring.longestSteroidRunDays).toBe(run);
  });

  it('without a lymphodepletion date the antiviral runs from Day 0', () => {
    const s = kind(evaluate({ now: at(10), lymphodepletionAt: null }), 'antiviral_hsv_vzv');
    expect(s.earliestStopAt).toBe(Date.parse('2025-07-10T09:00:00Z'));
  });
  it('the latest record of a kind is judged (a drug switch)', () => {
    const s = kind(
      evaluate({
        now: at(40),
        records: [
          rec('antiviral_hsv_vzv', -5, { drug: 'acyclovir', stoppedAt: at(20) }),
          rec('antiviral_hsv_vzv', 20),
        ],
      }),
      'antiviral_hsv_vzv',
    );
    expect(s.status).toBe('active');
    expect(s.record?.drug).toBe('valacyclovir');
  });
  it('protocol settings change the thresholds (12 months, CD4 > 300)', () => {
    const input = {
      now: at(250),
      records: [rec('antiviral_hsv_vzv', -5, { plannedStopAt: at(250) })],
      cd4: [{ at: at(240), perUl: 250 }],
    };
    expect(kind(evaluate(input), 'antiviral_hsv_vzv').status).toBe('due_to_stop_rule_met');
    const strict = evaluate({ ...input, protocol: { antiviralMinMonths: 12, cd4StopAbovePerUl: 300 } });
    expect(kind(strict, 'antiviral_hsv_vzv').stopRule?.reasons).toEqual([
      '12 months from lymphodepletion not reached: not before 2026-01-05',
      'CD4 250/µL (2025-09-07) not above 300/µL',
    ]);
  });
  it('refuses impossible input', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidFindingsError);
        return (e as InvalidFindingsError).field;
      }
      return null;
    };
    expect(field(() => evaluate({ now: at(10), lymphodepletionAt: at(1) }))).toBe('lymphodepletionAt');
    expect(field(() => evaluate({ now: at(10), records: [rec('pjp', 5, { stoppedAt: at(4) })] }))).toBe(
      'records[0].stoppedAt',
    );
    expect(field(() => evaluate({ now: at(10), records: [rec('pjp', 5, { stoppedAt: at(11) })] }))).toBe(
      'records[0].stoppedAt',
    );
    expect(field(() => evaluate({ now: at(10), cd4: [{ at: at(1), perUl: -1 }] }))).toBe('cd4[0].perUl');
    expect(field(() => resolveProphylaxisProtocol({ pjpMinMonths: 0 }))).toBe('protocol.pjpMinMonths');
    expect(field(() => evaluate({ now: at(10), hbvCoreAntibody: 'maybe' as 'positive' }))).toBe(
      'hbvCoreAntibody',
    );
    expect(DEFAULT_PROPHYLAXIS_PROTOCOL.cd4StopAbovePerUl).toBe(200);
  });
});
