import { describe, expect, it } from 'vitest';
import { autoantibodyCourse } from './autoantibodies.ts';
import { autoantibodyCutoff, autoantibodyKey, DEFAULT_AUTOANTIBODY_CUTOFFS } from './autoantibody-cutoffs.ts';
import { DIAGNOSES } from './products.ts';

const INF = Date.parse('2025-03-01T10:00:00Z');
const DAY = 86_400_000;

/** A titre course of one antibody charted as the follow-up charts it: values, no cut-off of their own. */
function course(antibody: string, values: [number, number][], site: Record<string, number> = {}) {
  const { cutoff, basis } = autoantibodyCutoff(antibody, site);
  const [c] = autoantibodyCourse(
    values.map(([day, value]) => ({ at: INF + day * DAY, antibody, value })),
    {
      infusionAt: INF,
      ...(cutoff !== null && { cutoffs: { [antibody]: cutoff } }),
      cutoffBasis: { [antibody]: basis },
    },
  );
  return c;
}

describe('default assay cut-offs of the key autoantibodies', () => {
  it.each([
    ['anti-dsDNA', 10],
    ['anti-Jo-1', 7],
    ['anti-Scl-70', 7],
    ['anti-Dsg3', 20],
    ['anti-MuSK', null],
    ['anti-Mi2', null],
  ])('%s → cut-off %s', (antibody, cutoff) => {
    const resolved = autoantibodyCutoff(antibody);
    expect(resolved.cutoff).toBe(cutoff);
    expect(resolved.basis.length).toBeGreaterThan(10);
  });

  it('names every key autoantibody of shared/clinical-reference.md', () => {
    expect(DEFAULT_AUTOANTIBODY_CUTOFFS.map((d) => d.antibody)).toEqual([
      'anti-dsDNA',
      'anti-Jo-1',
      'anti-Scl-70',
      'anti-Dsg3',
      'anti-MuSK',
      'anti-Mi2',
    ]);
    // The diagnoses' own names for their antibody find the same entry.
    expect(autoantibodyCutoff(DIAGNOSES.sle.keyAutoantibody).cutoff).toBe(10);
    expect(autoantibodyCutoff(DIAGNOSES.systemic_sclerosis.keyAutoantibody).cutoff).toBe(7);
    expect(autoantibodyCutoff(DIAGNOSES.pemphigus_vulgaris.keyAutoantibody).cutoff).toBe(20);
  });

  it.each([
    ['Anti-DSDNA', 'anti-dsDNA'],
    ['dsDNA', 'anti-dsDNA'],
    ['anti Jo 1', 'anti-Jo-1'],
    ['anti-Scl-70 (topoisomerase I)', 'anti-Scl-70'],
    ['anti-topoisomerase I', 'anti-Scl-70'],
    ['anti-desmoglein 3', 'anti-Dsg3'],
    ['Mi-2', 'anti-Mi2'],
  ])('"%s" is %s', (name, antibody) => {
    const known = DEFAULT_AUTOANTIBODY_CUTOFFS.find((d) => d.antibody === antibody);
    expect(autoantibodyCutoff(name)).toEqual({ cutoff: known?.cutoff ?? null, basis: known?.basis });
    expect(autoantibodyKey(name)).not.toBe('');
  });

  it("a site's own cut-off replaces the default, matched by name", () => {
    expect(autoantibodyCutoff('anti-dsDNA', { 'Anti-dsDNA': 100 })).toEqual({
      cutoff: 100,
      basis: 'site cut-off 100 for Anti-dsDNA',
    });
    expect(autoantibodyCutoff('anti-MuSK', { 'anti-MuSK': 0.05 }).cutoff).toBe(0.05);
    expect(autoantibodyCutoff('anti-Dsg3', { 'anti-dsDNA': 100 }).cutoff).toBe(20);
  });

  it('an antibody without a default has none, and says so', () => {
    expect(autoantibodyCutoff('anti-PM/Scl')).toEqual({
      cutoff: null,
      basis: 'no default cut-off for anti-PM/Scl: set the site cut-off or chart the lab flag',
    });
    expect(autoantibodyCutoff('disease autoantibody').cutoff).toBeNull();
  });
});

describe('a charted titre course classified by the default cut-off', () => {
  it('anti-dsDNA 320 → 40 → 12 → 4 IU/mL: seroconverted at the 4 (12 is equivocal, not negative)', () => {
    const c = course('anti-dsDNA', [
      [-10, 320],
      [90, 40],
      [180, 12],
      [395, 4],
    ]);
    expect(c).toMatchObject({ status: 'seroconverted', seroconvertedDay: 395 });
    expect(c?.points.map((p) => [p.negative, p.classifiedBy])).toEqual([
      [false, 'cutoff'],
      [false, 'cutoff'],
      [false, 'cutoff'],
      [true, 'cutoff'],
    ]);
    expect(c?.reasons[0]).toBe(
      'anti-dsDNA: negative below 10 where a result has no cut-off of its own (EliA dsDNA: below 10 IU/mL negative, 10–15 equivocal (not negative))',
    );
  });

  it.each([
    ['anti-Jo-1', 6.9, 'seroconverted'],
    ['anti-Jo-1', 7, 'positive'],
    ['anti-Scl-70', 6.9, 'seroconverted'],
    ['anti-Scl-70', 7, 'positive'],
    ['anti-Dsg3', 19.9, 'seroconverted'],
    ['anti-Dsg3', 20, 'positive'],
  ])('%s falling to %s → %s (at the cut-off is positive)', (antibody, latest, status) => {
    expect(
      course(antibody, [
        [-5, 150],
        [180, latest],
      ])?.status,
    ).toBe(status);
  });

  it('anti-MuSK titres without a site cut-off stay unclassified, with the reason; with one they classify', () => {
    const values: [number, number][] = [
      [-5, 2.4],
      [180, 0.01],
    ];
    const without = course('anti-MuSK', values);
    expect(without?.status).toBe('no_data');
    expect(without?.reasons[0]).toContain('no default cut-off for anti-MuSK');
    expect(course('anti-MuSK', values, { 'anti-MuSK': 0.05 })).toMatchObject({
      status: 'seroconverted',
      seroconvertedDay: 180,
    });
  });
});
