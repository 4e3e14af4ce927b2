import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { RevaccinationInput, VaccineBlock, VaccineGroup } from './revaccination.ts';
import { evaluateRevaccination, resolveRevaccinationProtocol } from './revaccination.ts';
import { worklist } from './worklist.ts';

const DAY = 86_400_000;
const DAY0 = Date.parse('2025-01-10T09:00:00Z');
const at = (day: number) => DAY0 + day * DAY;
const GOOD_LABS = { cd4: [{ at: at(360), perUl: 400 }], cd19: [{ at: at(360), perUl: 80 }] };

function evaluate(over: Partial<RevaccinationInput> & { now: number }) {
  return evaluateRevaccination({ infusionAt: DAY0, ...over });
}
const group = (r: ReturnType<typeof evaluate>, g: VaccineGroup) => {
  const s = r.groups.find((x) => x.group === g);
  if (!s) throw new Error(g);
  return s;
};

describe('evaluateRevaccination: one row per rule', () => {
  it.each<
    [
      string,
      VaccineGroup,
      Partial<RevaccinationInput> & { now: number },
      'due' | 'blocked' | 'given',
      VaccineBlock[],
      string | null,
    ]
  >([
    ['influenza before 3 months', 'influenza', { now: at(80) }, 'blocked', ['too_early'], '2025-04-10'],
    ['influenza at 3 months', 'influenza', { now: at(90) }, 'due', [], '2025-04-10'],
    [
      'influenza ignores a recent IVIG',
      'influenza',
      { now: at(100), ivigGivenAt: [at(95)] },
      'due',
      [],
      '2025-04-10',
    ],
    ['COVID-19 before 3 months', 'covid19', { now: at(60) }, 'blocked', ['too_early'], '2025-04-10'],
    ['COVID-19 at 3 months', 'covid19', { now: at(95) }, 'due', [], '2025-04-10'],
    [
      'other inactivated before 6 months',
      'other_inactivated',
      { now: at(150) },
      'blocked',
      ['too_early'],
      '2025-07-10',
    ],
    [
      'other inactivated at 6 months, no IVIG',
      'other_inactivated',
      { now: at(190) },
      'due',
      [],
      '2025-07-10',
    ],
    [
      'other inactivated, IVIG 1 month ago',
      'other_inactivated',
      { now: at(200), ivigGivenAt: [at(100), at(170)] },
      'blocked',
      ['ivig_recent'],
      '2025-08-29',
    ],
    [
      'other inactivated, early and IVIG: every reason',
      'other_inactivated',
      { now: at(150), ivigGivenAt: [at(140)] },
      'blocked',
      ['too_early', 'ivig_recent'],
      '2025-07-30',
    ],
    [
      'live before 12 months',
      'live',
      { now: at(300), cd4: [{ at: at(290), perUl: 400 }], cd19: [{ at: at(290), perUl: 80 }] },
      'blocked',
      ['too_early'],
      '2026-01-10',
    ],
    ['live at 12 months, all met', 'live', { now: at(370), ...GOOD_LABS }, 'due', [], '2026-01-10'],
    [
      'live, IVIG 7 months ago',
      'live',
      { now: at(370), ivigGivenAt: [at(160)], ...GOOD_LABS },
      'blocked',
      ['ivig_recent'],
      '2026-02-19',
    ],
    [
      'live, CD4 exactly 200',
      'live',
      { now: at(370), ...GOOD_LABS, cd4: [{ at: at(360), perUl: 200 }] },
      'blocked',
      ['cd4_low'],
      null,
    ],
    [
      'live, CD19 exactly 20',
      'live',
      { now: at(370), ...GOOD_LABS, cd19: [{ at: at(360), perUl: 20 }] },
      'blocked',
      ['cd19_low'],
      null,
    ],
    ['live, no counts', 'live', { now: at(370) }, 'blocked', ['cd4_low', 'cd19_low'], null],
    [
      'live, immunosuppression stopped 6 months ago',
      'live',
      { now: at(370), ...GOOD_LABS, immunosuppression: { lastStoppedAt: at(190), ongoing: false } },
      'blocked',
      ['immunosuppression'],
      '2026-07-19',
    ],
    [
      'live, immunosuppression still running',
      'live',
      { now: at(370), ...GOOD_LABS, immunosuppression: { lastStoppedAt: null, ongoing: true } },
      'blocked',
      ['immunosuppression'],
      null,
    ],
    [
      'live, a year off immunosuppression',
      'live',
      { now: at(370), ...GOOD_LABS, immunosuppression: { lastStoppedAt: at(0), ongoing: false } },
      'due',
      [],
      '2026-01-10',
    ],
    [
      'a dose charted',
      'influenza',
      { now: at(120), doses: [{ id: '1', group: 'influenza', vaccine: 'Influvac Tetra', givenAt: at(100) }] },
      'given',
      [],
      '2025-04-10',
    ],
  ])('%s', (_, g, input, status, blocks, dueFrom) => {
    const s = group(evaluate(input), g);
    expect(s.status).toBe(status);
    expect(s.blockedBy.map((b) => b.block)).toEqual(blocks);
    expect(s.dueFrom === null ? null : new Date(s.dueFrom).toISOString().slice(0, 10)).toBe(dueFrom);
  });

  it('blocked reasons say why in words', () => {
    const s = group(
      evaluate({ now: at(370), ivigGivenAt: [at(300)], cd4: [{ at: at(360), perUl: 150 }] }),
      'live',
    );
    expect(s.reason).toBe(
      'Live vaccines blocked: IVIG given 2025-11-06: not before 8 months after it (2026-07-06); CD4 150/µL (2026-01-05) not above 200/µL; no CD19 count charted (must be above 20/µL)',
    );
  });
  it('protocol settings move the dates', () => {
    expect(
      group(evaluate({ now: at(370), protocol: { liveFromMonths: 24 }, ...GOOD_LABS }), 'live').status,
    ).toBe('blocked');
    expect(() => resolveRevaccinationProtocol({ liveCd4AbovePerUl: -1 })).toThrow(InvalidFindingsError);
  });
  it('refuses impossible input', () => {
    expect(() => evaluate({ now: at(10), ivigGivenAt: [at(11)] })).toThrow(InvalidFindingsError);
    expect(() =>
      evaluate({ now: at(10), doses: [{ group: 'oral' as 'live', vaccine: 'x', givenAt: at(1) }] }),
    ).toThrow(InvalidFindingsError);
  });
});

describe('vaccines on the worklist', () => {
  it('due, blocked and upcoming items', () => {
    const r = evaluate({ now: at(200), ivigGivenAt: [at(170)] });
    const items = worklist([{ patientId: 'p1', vaccines: r.groups }], { now: at(200), horizonDays: 14 });
    expect(
      items.map((i) => [
        i.kind,
        i.status,
        new Date(i.dueAt).toISOString().slice(0, 10),
        i.title.split(':')[0],
      ]),
    ).toEqual([
      ['vaccine', 'due', '2025-04-10', 'COVID-19 due (from 2025-04-10)'],
      ['vaccine', 'due', '2025-04-10', 'Influenza (inactivated) due (from 2025-04-10)'],
      ['vaccine', 'blocked', '2025-08-29', 'Other inactivated vaccines blocked'],
    ]);
    // Live vaccines: not old enough, and beyond the horizon.
    const later = worklist([{ patientId: 'p1', vaccines: r.groups }], { now: at(200), horizonDays: 366 });
    expect(later.filter((i) => i.status === 'upcoming').map((i) => i.title.split(':')[0])).toEqual([
      'Live vaccines blocked',
    ]);
  });
});

describe('properties', () => {
  const labs = fc.record({ cd4: fc.integer({ min: 0, max: 1000 }), cd19: fc.integer({ min: 0, max: 200 }) });
  it('a higher CD4 or CD19 never blocks a vaccine that a lower one allowed', () => {
    fc.assert(
      fc.property(
        labs,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 700 }),
        (l, more4, more19, day) => {
          const blocked = (cd4: number, cd19: number) =>
            evaluate({
              now: at(day),
              cd4: [{ at: at(0), perUl: cd4 }],
              cd19: [{ at: at(0), perUl: cd19 }],
            }).groups.map((g) => g.status === 'blocked');
          const low = blocked(l.cd4, l.cd19);
          const high = blocked(l.cd4 + more4, l.cd19 + more19);
          return high.every((b, i) => !b || low[i]);
        },
      ),
    );
  });
  it('waiting longer never adds a block; a more recent IVIG never lifts one', () => {
    const blocks = (now: number, ivig: number) =>
      evaluate({
        now: at(now),
        ivigGivenAt: [at(ivig)],
        cd4: [{ at: at(0), perUl: 400 }],
        cd19: [{ at: at(0), perUl: 80 }],
      }).groups.map((g) => g.blockedBy.length);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 200 }),
        (day, wait, ivigBefore, later) => {
          const ivig = Math.min(ivigBefore, day);
          const now = blocks(day, ivig);
          const waited = blocks(day + wait, ivig);
          const recent = blocks(day, Math.min(ivig + later, day));
          return waited.every((n, i) => n <= (now[i] ?? 0)) && now.every((n, i) => n <= (recent[i] ?? 0));
        },
      ),
    );
  });
});
