import { describe, expect, it } from 'vitest';
import type { AutoantibodyMeasurement } from './autoantibodies.ts';
import { autoantibodyCourse, drugFreeRemission } from './autoantibodies.ts';
import { expectInvalid } from './test-support.ts';

const INF = Date.parse('2025-03-01T10:00:00Z');
const DAY = 86_400_000;
const d = (n: number) => INF + n * DAY;

const dsDna = (values: [number, number][], cutoff?: number): AutoantibodyMeasurement[] =>
  values.map(([n, value]) => ({
    at: d(n),
    antibody: 'anti-dsDNA',
    value,
    ...(cutoff === undefined ? {} : { cutoff }),
  }));

describe('autoantibody course and seroconversion', () => {
  it('seroconversion = first negative with no later positive (cut-off per measurement)', () => {
    const [c] = autoantibodyCourse(
      dsDna(
        [
          [-5, 320],
          [30, 80],
          [60, 9],
          [90, 4],
        ],
        10,
      ),
      { infusionAt: INF },
    );
    expect(c).toMatchObject({
      antibody: 'anti-dsDNA',
      status: 'seroconverted',
      seroconvertedAt: d(60),
      seroconvertedDay: 60,
    });
    expect(c?.change).toEqual({ from: 320, to: 4, percent: -98.8 });
    expect(c?.reasons.at(-1)).toBe(
      'anti-dsDNA negative since Day 60 (2025-04-30) with no later positive: seroconverted to negative',
    );
  });
  it.each([
    [9.9, 'seroconverted'],
    [10, 'positive'],
    [10.1, 'positive'],
  ])('value %s at cut-off 10 → %s (at the cut-off is positive)', (value, status) => {
    expect(
      autoantibodyCourse(
        dsDna(
          [
            [-5, 320],
            [60, value],
          ],
          10,
        ),
      )[0]?.status,
    ).toBe(status);
  });
  it('a later positive resets seroconversion', () => {
    const [c] = autoantibodyCourse(
      dsDna(
        [
          [-5, 320],
          [30, 5],
          [60, 25],
          [90, 3],
          [120, 2],
        ],
        10,
      ),
    );
    expect(c?.seroconvertedAt).toBe(d(90));
    const [again] = autoantibodyCourse(
      dsDna(
        [
          [-5, 320],
          [30, 5],
          [60, 25],
        ],
        10,
      ),
    );
    expect(again).toMatchObject({ status: 'positive', seroconvertedAt: null });
  });
  it('cut-off per antibody, else the lab flag; a disagreeing flag is named', () => {
    const ms: AutoantibodyMeasurement[] = [
      { at: d(-5), antibody: 'anti-Mi2', value: 40 },
      { at: d(60), antibody: 'anti-Mi2', value: 5, negative: false },
      { at: d(-5), antibody: 'anti-MuSK', negative: false },
      { at: d(90), antibody: 'anti-MuSK', negative: true },
    ];
    const out = autoantibodyCourse(ms, { cutoffs: { 'anti-Mi2': 7 } });
    expect(out.map((c) => [c.antibody, c.status])).toEqual([
      ['anti-Mi2', 'seroconverted'],
      ['anti-MuSK', 'seroconverted'],
    ]);
    expect(out[0]?.points.map((p) => p.classifiedBy)).toEqual(['cutoff', 'cutoff']);
    expect(out[0]?.reasons.some((r) => r.includes('the lab flag disagrees with the cut-off'))).toBe(true);
    expect(out[1]?.points.map((p) => p.classifiedBy)).toEqual(['flag', 'flag']);
  });
  it('negative throughout, no data', () => {
    expect(
      autoantibodyCourse(
        dsDna(
          [
            [-5, 3],
            [30, 2],
          ],
          10,
        ),
      )[0]?.status,
    ).toBe('negative_throughout');
    const [c] = autoantibodyCourse([{ at: d(1), antibody: 'anti-Scl-70', value: 12 }]);
    expect(c?.status).toBe('no_data');
    expect(c?.reasons[0]).toContain('no cut-off and no negative flag');
  });
  it('refuses impossible values', () => {
    expectInvalid(() => autoantibodyCourse(dsDna([[1, -3]], 10)), 'measurements[0].value');
    expectInvalid(() => autoantibodyCourse([{ at: d(1), antibody: 'anti-dsDNA' }]), 'measurements[0]');
    expectInvalid(
      () => autoantibodyCourse([{ at: d(1), antibody: '', negative: true }]),
      'measurements[0].antibody',
    );
    expectInvalid(
      () => autoantibodyCourse([{ at: '2025-03-01T10:00', antibody: 'x', negative: true }]),
      'measurements[0].at',
    );
    expectInvalid(() => autoantibodyCourse(dsDna([[1, 3]], Number.NaN)), 'measurements[0].cutoff');
  });
});

describe('drug-free remission', () => {
  const NOW = d(400);
  it('remission with nothing running: since the later of the last stop and the start of the remission run', () => {
    const r = drugFreeRemission({
      immunosuppressantStops: [
        { drug: 'mycophenolate', stoppedAt: d(-10) },
        { drug: 'prednisolone', stoppedAt: d(120) },
      ],
      activeImmunosuppressants: [],
      remissionAssessments: [
        { at: d(30), inRemission: false },
        { at: d(90), inRemission: true },
        { at: d(180), inRemission: true },
        { at: d(360), inRemission: true },
      ],
      now: NOW,
    });
    expect(r).toMatchObject({ status: 'drug_free_remission', since: d(120) });
    expect(r.reasons).toContain('last immunosuppressant stopped: prednisolone on 2025-06-29');
  });
  it('since = start of the remission run when the last stop came before it', () => {
    const r = drugFreeRemission({
      immunosuppressantStops: [{ drug: 'hydroxychloroquine', stoppedAt: d(-5) }],
      activeImmunosuppressants: [],
      remissionAssessments: [
        { at: d(90), inRemission: true },
        { at: d(150), inRemission: false },
        { at: d(210), inRemission: true },
        { at: d(300), inRemission: true },
      ],
      now: NOW,
    });
    expect(r).toMatchObject({ status: 'drug_free_remission', since: d(210) });
  });
  it('remission while a drug is still running is not drug-free', () => {
    const r = drugFreeRemission({
      immunosuppressantStops: [],
      activeImmunosuppressants: ['prednisolone'],
      remissionAssessments: [{ at: d(90), inRemission: true }],
    });
    expect(r).toMatchObject({ status: 'remission_on_immunosuppressants', since: d(90) });
  });
  it('not in remission on the latest assessment; no assessment', () => {
    const r = drugFreeRemission({
      immunosuppressantStops: [],
      activeImmunosuppressants: [],
      remissionAssessments: [
        { at: d(90), inRemission: true },
        { at: d(180), inRemission: false },
      ],
    });
    expect(r).toMatchObject({ status: 'not_in_remission', since: null });
    expect(
      drugFreeRemission({
        immunosuppressantStops: [],
        activeImmunosuppressants: [],
        remissionAssessments: [],
      }).status,
    ).toBe('no_assessment');
  });
  it('a stop after the latest assessment: since the stop, with a note to confirm', () => {
    const r = drugFreeRemission({
      immunosuppressantStops: [{ drug: 'belimumab', stoppedAt: d(200) }],
      activeImmunosuppressants: [],
      remissionAssessments: [{ at: d(180), inRemission: true }],
    });
    expect(r.since).toBe(d(200));
    expect(r.reasons).toContain('no remission assessment since the last stop: confirm at the next visit');
  });
  it('refuses contradictions and bad input', () => {
    expectInvalid(
      () =>
        drugFreeRemission({
          immunosuppressantStops: [],
          activeImmunosuppressants: [],
          remissionAssessments: [
            { at: d(90), inRemission: true },
            { at: d(90), inRemission: false },
          ],
        }),
      'remissionAssessments',
    );
    expectInvalid(
      () =>
        drugFreeRemission({
          immunosuppressantStops: [{ drug: '', stoppedAt: d(1) }],
          activeImmunosuppressants: [],
          remissionAssessments: [],
        }),
      'immunosuppressantStops[0].drug',
    );
    expectInvalid(
      () =>
        drugFreeRemission({
          immunosuppressantStops: [{ drug: 'mmf', stoppedAt: NOW + 1 }],
          activeImmunosuppressants: [],
          remissionAssessments: [],
          now: NOW,
        }),
      'immunosuppressantStops[0].stoppedAt',
    );
    expectInvalid(
      () =>
        drugFreeRemission({
          immunosuppressantStops: [],
          activeImmunosuppressants: [],
          remissionAssessments: [{ at: d(1), inRemission: 'yes' as unknown as boolean }],
        }),
      'remissionAssessments[0].inRemission',
    );
  });
});
