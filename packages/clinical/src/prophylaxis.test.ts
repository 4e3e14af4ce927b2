import { describe, it } from 'vitest';
import type { ProphylaxisInput, ProphylaxisRecord, ProphylaxisStatus } from './prophylaxis.ts';
import type { ProphylaxisKind } from './prophylaxis-protocol.ts';
import { at, expectState, rec } from './prophylaxis-test-support.ts';

describe('evaluateProphylaxis: one row per rule', () => {
  // Antiviral: 6 months from lymphodepletion (2025-07-05) and CD4 > 200.
  const antiviral = (more: Partial<ProphylaxisRecord>) => [rec('antiviral_hsv_vzv', -5, more)];
  it.each<[string, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    ['no antiviral charted on Day 3', { now: at(3) }, 'missing', 'none charted'],
    ['running, no planned stop', { now: at(30), records: antiviral({}) }, 'active', 'no planned stop'],
    [
      'planned stop at 6 months, CD4 150',
      {
        now: at(170),
        records: antiviral({ plannedStopAt: Date.parse('2025-07-05T12:00:00Z') }),
        cd4: [{ at: at(160), perUl: 150 }],
      },
      'due_to_stop_rule_not_met',
      'CD4 150/µL (2025-06-19) not above 200/µL',
    ],
    [
      'planned stop at 6 months, CD4 exactly 200',
      {
        now: at(170),
        records: antiviral({ plannedStopAt: Date.parse('2025-07-05T12:00:00Z') }),
        cd4: [{ at: at(160), perUl: 200 }],
      },
      'due_to_stop_rule_not_met',
      'not above 200/µL',
    ],
    [
      'planned stop at 6 months, CD4 201',
      {
        now: at(170),
        records: antiviral({ plannedStopAt: Date.parse('2025-07-05T12:00:00Z') }),
        cd4: [{ at: at(160), perUl: 201 }],
      },
      'due_to_stop_rule_met',
      'stop rule met',
    ],
    [
      'planned stop before 6 months, CD4 high',
      { now: at(100), records: antiviral({ plannedStopAt: at(110) }), cd4: [{ at: at(90), perUl: 400 }] },
      'due_to_stop_rule_not_met',
      '6 months from lymphodepletion not reached: not before 2025-07-05',
    ],
    [
      'planned stop with no CD4 count',
      { now: at(200), records: antiviral({ plannedStopAt: at(200) }) },
      'due_to_stop_rule_not_met',
      'no CD4 count charted',
    ],
    [
      'stopped after 6 months with CD4 250',
      { now: at(220), records: antiviral({ stoppedAt: at(200) }), cd4: [{ at: at(190), perUl: 250 }] },
      'completed',
      'stop rule met',
    ],
    [
      'stopped at 4 months',
      { now: at(220), records: antiviral({ stoppedAt: at(120) }), cd4: [{ at: at(110), perUl: 250 }] },
      'stopped_early',
      'before its stop rule was met',
    ],
    [
      'stopped with a CD4 above 200 only AFTER the stop',
      {
        now: at(260),
        records: antiviral({ stoppedAt: at(200) }),
        cd4: [
          { at: at(190), perUl: 120 },
          { at: at(230), perUl: 300 },
        ],
      },
      'stopped_early',
      'CD4 120/µL',
    ],
    [
      'none charted, rule met (6 months and CD4 300)',
      { now: at(200), cd4: [{ at: at(190), perUl: 300 }] },
      'not_expected',
      'stop rule is met',
    ],
  ])('antiviral: %s', (_, input, status, reason) => expectState('antiviral_hsv_vzv', input, status, reason));

  it.each<[string, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    [
      'Day 20, none charted: not yet expected',
      { now: at(20) },
      'not_expected',
      'expected from Day 30 (2025-02-09)',
    ],
    ['Day 30, none charted', { now: at(30) }, 'missing', 'none charted'],
    [
      '6 months from its own start (Day 21) not reached',
      {
        now: at(190),
        records: [rec('pjp', 21, { plannedStopAt: at(195) })],
        cd4: [{ at: at(180), perUl: 500 }],
      },
      'due_to_stop_rule_not_met',
      '6 months from its start not reached: not before 2025-07-31',
    ],
    [
      '6 months from start and CD4 > 200',
      {
        now: at(205),
        records: [rec('pjp', 21, { plannedStopAt: at(205) })],
        cd4: [{ at: at(200), perUl: 500 }],
      },
      'due_to_stop_rule_met',
      'CD4 500/µL',
    ],
    [
      'stopped at 3 months: still expected',
      { now: at(120), records: [rec('pjp', 21, { stoppedAt: at(110) })] },
      'stopped_early',
      'before its stop rule was met',
    ],
  ])('PJP: %s', (_, input, status, reason) => expectState('pjp', input, status, reason));

  it.each<[string, ProphylaxisKind, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    [
      'ANC 300, none charted',
      'antibacterial',
      { now: at(5), anc: [{ at: at(4), perUl: 300 }] },
      'missing',
      'below 500/µL',
    ],
    [
      'ANC 300, antifungal none charted',
      'antifungal',
      { now: at(5), anc: [{ at: at(4), perUl: 300 }] },
      'missing',
      'below 500/µL',
    ],
    [
      'ANC exactly 500: not expected',
      'antibacterial',
      { now: at(5), anc: [{ at: at(4), perUl: 500 }] },
      'not_expected',
      'not below 500/µL',
    ],
    ['no ANC: not expected', 'antifungal', { now: at(5) }, 'not_expected', 'no ANC charted'],
    [
      'running while ANC 300',
      'antibacterial',
      {
        now: at(5),
        anc: [{ at: at(4), perUl: 300 }],
        records: [rec('antibacterial', 1, { drug: 'levofloxacin' })],
      },
      'active',
      'active',
    ],
    [
      'running, ANC recovered to 800',
      'antifungal',
      {
        now: at(12),
        anc: [{ at: at(11), perUl: 800 }],
        records: [rec('antifungal', 1, { drug: 'posaconazole' })],
      },
      'due_to_stop_rule_met',
      'ANC 800/µL',
    ],
    [
      'stopped while ANC 300',
      'antibacterial',
      {
        now: at(12),
        anc: [{ at: at(4), perUl: 300 }],
        records: [rec('antibacterial', 1, { drug: 'levofloxacin', stoppedAt: at(6) })],
      },
      'stopped_early',
      'ANC 300/µL',
    ],
  ])('antibacterial/antifungal: %s', (_, k, input, status, reason) => expectState(k, input, status, reason));

  it.each<[string, Partial<ProphylaxisInput> & { now: number }, ProphylaxisStatus, string]>([
    ['anti-HBc negative', { now: at(10), hbvCoreAntibody: 'negative' }, 'not_expected', 'negative'],
    ['not screened', { now: at(10), hbvCoreAntibody: 'not_screened' }, 'not_expected', 'not screened'],
    [
      'anti-HBc positive, none charted',
      { now: at(10), hbvCoreAntibody: 'positive' },
      'missing',
      'none charted',
    ],
    [
      'positive, planned stop at 10 months',
      {
        now: at(300),
        hbvCoreAntibody: 'positive',
        records: [rec('hbv_antiviral', 0, { drug: 'entecavir', plannedStopAt: at(305) })],
      },
      'due_to_stop_rule_not_met',
      '12 months after the infusion not reached: not before 2026-01-10',
    ],
    [
      'positive, stopped at 12 months',
      {
        now: at(400),
        hbvCoreAntibody: 'positive',
        records: [
          rec('hbv_antiviral', 0, { drug: 'entecavir', stoppedAt: Date.parse('2026-01-10T09:00:00Z') }),
        ],
      },
      'completed',
      'stop rule met',
    ],
  ])('HBV antiviral: %s', (_, input, status, reason) => expectState('hbv_antiviral', input, status, reason));
});
