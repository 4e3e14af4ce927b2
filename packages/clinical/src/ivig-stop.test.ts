import { describe, expect, it } from 'vitest';
import { ivigStopSuggested } from './ivig-stop.ts';
import { expectInvalid } from './test-support.ts';

const DAY = 86_400_000;

describe('ivigStopSuggested: IgG ≥ 400 off IVIG on 2 values over one interval, and B cells back', () => {
  const T = Date.parse('2025-10-01T08:00:00Z');
  const s = (values: [number, number][], bCellStatus = 'reconstituted' as const, last?: number) =>
    ivigStopSuggested({
      iggSeriesOffIvig: values.map(([d, mgPerDl]) => ({ at: T + d * DAY, mgPerDl })),
      bCellStatus,
      lastIvigGivenAt: last ?? null,
    });
  it.each<[string, [number, number][], boolean]>([
    [
      'two values 400 and 410, 28 days apart',
      [
        [0, 400],
        [28, 410],
      ],
      true,
    ],
    [
      'two values ≥ 400 only 27 days apart',
      [
        [0, 450],
        [27, 460],
      ],
      false,
    ],
    ['one value', [[0, 600]], false],
    [
      '399 then 500',
      [
        [0, 399],
        [28, 500],
      ],
      false,
    ],
    [
      '500, 399 (latest below)',
      [
        [0, 500],
        [28, 399],
      ],
      false,
    ],
    [
      'a dip earlier, then a run of three',
      [
        [0, 380],
        [10, 420],
        [24, 430],
        [40, 450],
      ],
      true,
    ],
    ['no values', [], false],
  ])('%s → %s', (_, values, suggested) => {
    expect(s(values).suggested).toBe(suggested);
  });
  it('needs B cells reconstituted', () => {
    const r = s(
      [
        [0, 500],
        [30, 520],
      ],
      'aplasia' as 'reconstituted',
    );
    expect(r.suggested).toBe(false);
    expect(r.reasons).toContain('B cells not reconstituted (aplasia)');
    expect(
      s([
        [0, 500],
        [30, 520],
      ]).reasons.at(-1),
    ).toBe('stopping IVIG can be considered (clinician decision)');
  });
  it('values within one interval of the last IVIG dose are not off IVIG', () => {
    const r = s(
      [
        [0, 700],
        [20, 650],
        [40, 600],
      ],
      'reconstituted',
      T - 10 * DAY,
    );
    expect(r.suggested).toBe(false);
    expect(r.run).toEqual({ from: T + 20 * DAY, to: T + 40 * DAY, count: 2 });
    expect(r.reasons[0]).toBe(
      '1 IgG value(s) within 4 weeks of the last IVIG (2025-09-21) not counted as off IVIG',
    );
    expect(
      s(
        [
          [20, 650],
          [50, 600],
        ],
        'reconstituted',
        T - 10 * DAY,
      ).suggested,
    ).toBe(true);
  });
  it('refuses an unknown B-cell status and bad values', () => {
    expectInvalid(() => s([[0, 500]], 'gone' as 'reconstituted'), 'bCellStatus');
    expectInvalid(() => s([[0, Number.NaN]]), 'iggSeriesOffIvig[0].mgPerDl');
  });
});
