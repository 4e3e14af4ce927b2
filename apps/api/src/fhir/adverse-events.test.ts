import { describe, expect, it } from 'vitest';
import { adverseEvent, icahtEpisode, iecHsEpisode, type ToxicityEpisode } from './adverse-events.ts';

const subject = { reference: 'Patient/1' };
const episode = (over: Partial<ToxicityEpisode>): ToxicityEpisode => ({
  kind: 'CRS',
  key: '1',
  grade: 2,
  onset: Date.parse('2026-03-03T10:00:00Z'),
  resolved: null,
  status: 'ongoing',
  ...over,
});

describe('AdverseEvent seriousness and outcome (CellWatch interpretation)', () => {
  it.each([
    { grade: 1, status: 'resolved', seriousness: 'non-serious', outcome: 'resolved' },
    { grade: 2, status: 'recovering', seriousness: 'non-serious', outcome: 'recovering' },
    { grade: 3, status: 'ongoing', seriousness: 'serious', outcome: 'ongoing' },
    { grade: 4, status: 'resolved', seriousness: 'serious', outcome: 'resolved' },
    { grade: 5, status: 'ongoing', seriousness: 'serious', outcome: 'fatal' },
  ] as const)('grade $grade, $status → $seriousness, $outcome', ({ grade, status, seriousness, outcome }) => {
    const r = adverseEvent(episode({ grade, status }), subject, 0);
    expect(r.seriousness?.coding?.[0]?.code).toBe(seriousness);
    expect(r.outcome?.coding?.[0]?.code).toBe(outcome);
  });

  it.each([
    ['CRS', 'urn:cellwatch:grading:astct-crs', '2019'],
    ['ICANS', 'urn:cellwatch:grading:astct-icans', '2019'],
    ['ICAHT', 'urn:cellwatch:grading:eha-ebmt-icaht', '2023'],
    ['IEC-HS', 'urn:cellwatch:grading:iec-hs', '2023'],
    ['LICATS', 'urn:cellwatch:grading:licats', '2025'],
  ] as const)('%s is graded in %s version %s', (kind, system, version) => {
    const r = adverseEvent(episode({ kind }), subject, 0);
    expect(r.extension?.[0]?.valueCodeableConcept?.coding?.[0]).toMatchObject({ system, version, code: '2' });
  });

  it('onset is `date`; a resolution is its extension, absent while ongoing', () => {
    const resolved = adverseEvent(episode({ resolved: '2026-03-06', status: 'resolved' }), subject, 0);
    expect(resolved.date).toBe('2026-03-03T10:00:00.000Z');
    expect(
      resolved.extension?.find((e) => e.url.endsWith('adverse-event-resolved-date'))?.valueDateTime,
    ).toBe('2026-03-06');
    const ongoing = adverseEvent(episode({}), subject, 0);
    expect(ongoing.extension?.some((e) => e.url.endsWith('adverse-event-resolved-date'))).toBe(false);
  });
});

describe('a suspected IEC-HS (watch signal, never a grade)', () => {
  it('has no grade extension and no seriousness; its text says it is a watch signal', () => {
    const r = adverseEvent(episode({ kind: 'IEC-HS', key: 'suspected', grade: null }), subject, 0);
    expect(r.id).toBe('iec-hs-suspected');
    expect(r.extension?.some((e) => e.url.endsWith('ctcae-grade'))).toBe(false);
    expect(r.extension?.some((e) => e.url === 'urn:cellwatch:fhir:rule-version')).toBe(true);
    expect(r.seriousness).toBeUndefined();
    expect(r.outcome?.coding?.[0]?.code).toBe('ongoing');
    expect(r.event?.text).toBe(
      'Immune effector cell-associated HLH-like syndrome (suspected): watch signal, grading unconfirmed',
    );
  });
  it('is one ongoing episode from when its criteria held, none while the signal is off', () => {
    const signal = { suspected: true, metAt: 1000 } as Parameters<typeof iecHsEpisode>[0];
    expect(iecHsEpisode(signal)).toEqual([
      { kind: 'IEC-HS', key: 'suspected', grade: null, onset: 1000, resolved: null, status: 'ongoing' },
    ]);
    expect(iecHsEpisode({ ...signal, suspected: false } as typeof signal)).toEqual([]);
    expect(iecHsEpisode(null)).toEqual([]);
  });
});

describe('early ICAHT as an episode', () => {
  const day = (d: number, anc: number | null) => ({
    day: d,
    ancPerUl: anc,
    measured: anc !== null,
    atOrBelow500: anc !== null && anc <= 500,
    atOrBelow100: anc !== null && anc <= 100,
    shortRecovery500: false,
    shortRecovery100: false,
  });
  const icaht = (grade: 0 | 1 | 2, days: ReturnType<typeof day>[]) =>
    ({ grade, days }) as unknown as Parameters<typeof icahtEpisode>[0];
  it('none below grade 1', () => {
    expect(icahtEpisode(icaht(0, [day(1, 900)]), '2026-03-02')).toEqual([]);
  });
  it('onset the first Day ≤ 500/µL, resolved the Day after the last once a later Day is above', () => {
    const [e] = icahtEpisode(icaht(1, [day(1, 900), day(3, 300), day(5, 200), day(12, 1500)]), '2026-03-02');
    expect(e).toMatchObject({ onset: '2026-03-05', resolved: '2026-03-08', status: 'resolved', grade: 1 });
  });
  it('ongoing while the last assessed Day is still low', () => {
    const [e] = icahtEpisode(icaht(2, [day(3, 300), day(5, 200)]), '2026-03-02');
    expect(e).toMatchObject({ resolved: null, status: 'ongoing' });
  });
});
