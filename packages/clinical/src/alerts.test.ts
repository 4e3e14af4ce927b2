import { describe, expect, it } from 'vitest';
import { type AlertInput, evaluateAlerts } from './alerts.ts';

const none: AlertInput = {
  gradeSteps: [],
  crsOnsets: [],
  vitals: [],
  neuro: [],
  labs: [],
  tocilizumab: [],
  hypotensionSystolicBelowMmHg: 90,
};
const vital = {
  id: 'v1',
  temperatureC: 37,
  systolic: 120,
  hypotension: null,
  spo2: 98,
  oxygenDevice: 'room_air',
  previousOxygenDevice: 'room_air',
};
const rules = (input: Partial<AlertInput>) => evaluateAlerts({ ...none, ...input }).map((a) => a.rule);

describe('alert rules', () => {
  it('raises nothing for normal findings', () => {
    expect(rules({ vitals: [vital] })).toEqual([]);
  });

  it('announces a possible CRS onset at the first fever of an episode', () => {
    const [alert] = evaluateAlerts({
      ...none,
      crsOnsets: [{ episode: 1, factIds: ['v1'], temperatureC: 38.6 }],
    });
    expect(alert).toMatchObject({ rule: 'possible_crs_onset', severity: 'high', factIds: ['v1'] });
    expect(alert?.message).toContain('38.6 °C');
  });

  it.each([
    ['crs', 0, 1, 'crs_grade_up', 'warning'],
    ['crs', 1, 2, 'crs_grade_2_or_more', 'high'],
    ['crs', 2, 3, 'crs_grade_2_or_more', 'critical'],
    ['icans', 0, 1, 'icans_grade_up', 'warning'],
    ['icans', 0, 4, 'icans_grade_2_or_more', 'critical'],
  ] as const)('%s grade %d → %d raises %s (%s)', (syndrome, fromGrade, toGrade, rule, severity) => {
    const [alert] = evaluateAlerts({
      ...none,
      gradeSteps: [{ syndrome, at: 0, fromGrade, toGrade, factIds: ['f'] }],
    });
    expect(alert).toMatchObject({ rule, severity });
  });

  it('stays silent when a grade falls', () => {
    expect(
      rules({ gradeSteps: [{ syndrome: 'crs', at: 0, fromGrade: 3, toGrade: 1, factIds: [] }] }),
    ).toEqual([]);
  });

  it('flags hypotension from the systolic cut-off or the clinician, and not when the clinician says no', () => {
    expect(rules({ vitals: [{ ...vital, systolic: 89 }] })).toEqual(['hypotension']);
    expect(rules({ vitals: [{ ...vital, systolic: 90 }] })).toEqual([]);
    expect(rules({ vitals: [{ ...vital, systolic: 100, hypotension: true }] })).toEqual(['hypotension']);
    expect(rules({ vitals: [{ ...vital, systolic: 85, hypotension: false }] })).toEqual([]);
  });

  it('flags a new oxygen need and SpO2 below 92 %', () => {
    expect(rules({ vitals: [{ ...vital, oxygenDevice: 'nasal_cannula' }] })).toEqual(['new_oxygen_need']);
    expect(
      rules({ vitals: [{ ...vital, oxygenDevice: 'nasal_cannula', previousOxygenDevice: 'nasal_cannula' }] }),
    ).toEqual([]);
    expect(rules({ vitals: [{ ...vital, spo2: 91 }] })).toEqual(['low_spo2']);
    expect(rules({ vitals: [{ ...vital, spo2: 92 }] })).toEqual([]);
  });

  it('flags an ICE fall of 2 points or more', () => {
    expect(rules({ neuro: [{ id: 'n2', iceScore: 8, previous: { id: 'n1', iceScore: 10 } }] })).toEqual([
      'ice_fall',
    ]);
    expect(rules({ neuro: [{ id: 'n2', iceScore: 9, previous: { id: 'n1', iceScore: 10 } }] })).toEqual([]);
    expect(rules({ neuro: [{ id: 'n2', iceScore: 4, previous: null }] })).toEqual([]);
    const [fall] = evaluateAlerts({
      ...none,
      neuro: [{ id: 'n2', iceScore: 5, previous: { id: 'n1', iceScore: 9 } }],
    });
    expect(fall).toMatchObject({ severity: 'critical', factIds: ['n1', 'n2'] });
  });

  it('flags ANC below 500/µL and platelets below 20 × 10³/µL', () => {
    expect(rules({ labs: [{ id: 'l', analyte: 'anc', value: 499 }] })).toEqual(['anc_below_500']);
    expect(rules({ labs: [{ id: 'l', analyte: 'anc', value: 500 }] })).toEqual([]);
    expect(rules({ labs: [{ id: 'l', analyte: 'platelets', value: 19 }] })).toEqual(['platelets_below_20k']);
    expect(rules({ labs: [{ id: 'l', analyte: 'platelets', value: 20 }] })).toEqual([]);
  });

  it('flags the tocilizumab limit at the 3rd dose in 24 h or the 4th overall', () => {
    expect(rules({ tocilizumab: [{ id: 't', dosesIn24h: 2, totalDoses: 2 }] })).toEqual([]);
    expect(rules({ tocilizumab: [{ id: 't', dosesIn24h: 3, totalDoses: 3 }] })).toEqual([
      'tocilizumab_limit',
    ]);
    expect(rules({ tocilizumab: [{ id: 't', dosesIn24h: 1, totalDoses: 4 }] })).toEqual([
      'tocilizumab_limit',
    ]);
  });

  it('orders the most severe first', () => {
    const out = evaluateAlerts({
      ...none,
      vitals: [{ ...vital, spo2: 85 }],
      gradeSteps: [{ syndrome: 'crs', at: 0, fromGrade: 1, toGrade: 4, factIds: [] }],
    });
    expect(out.map((a) => a.severity)).toEqual(['critical', 'high']);
  });
});
