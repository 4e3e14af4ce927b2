import { describe, expect, it } from 'vitest';
import { prophylaxisAlerts } from './prophylaxis-alerts.ts';
import { at, evaluate, rec } from './prophylaxis-test-support.ts';

describe('prophylaxisAlerts', () => {
  it('due to stop with CD4 low, PJP missing, HBV not screened', () => {
    const r = evaluate({
      now: at(180),
      hbvCoreAntibody: 'not_screened',
      records: [rec('antiviral_hsv_vzv', -5, { plannedStopAt: at(182) })],
      cd4: [{ at: at(175), perUl: 140 }],
    });
    expect(prophylaxisAlerts(r).map((a) => [a.rule, a.severity])).toEqual([
      ['prophylaxis_stop_rule_not_met_antiviral_hsv_vzv', 'warning'],
      ['prophylaxis_missing_pjp', 'warning'],
      ['hbv_screening_missing', 'info'],
    ]);
    expect(prophylaxisAlerts(r)[0]?.dueAt).toBe(at(182));
    expect(prophylaxisAlerts(r)[1]?.message).toContain('PJP (co-trimoxazole): none charted');
  });
  it('nothing to say when all is in order', () => {
    const r = evaluate({ now: at(40), records: [rec('antiviral_hsv_vzv', -5), rec('pjp', 21)] });
    expect(prophylaxisAlerts(r)).toEqual([]);
  });
});
