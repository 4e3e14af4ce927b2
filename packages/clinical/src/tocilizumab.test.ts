import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import { checkTocilizumab, tocilizumabDoseForWeight } from './tocilizumab.ts';

const T = Date.parse('2025-05-03T12:00:00Z');
const H = 3_600_000;

describe('tocilizumab dose for weight', () => {
  it.each([
    [20, 12, 240, false],
    [29.9, 12, 358.8, false],
    [30, 8, 240, false],
    [30.1, 8, 240.8, false],
    [70, 8, 560, false],
    [100, 8, 800, false],
    [100.1, 8, 800, true],
    [140, 8, 800, true],
  ])('%s kg → %s mg/kg, %s mg (capped %s)', (weightKg, mgPerKg, mg, capped) => {
    expect(tocilizumabDoseForWeight(weightKg)).toMatchObject({ mgPerKg, mg, capped });
  });
  it('says why', () => {
    expect(tocilizumabDoseForWeight(25).reason).toBe('12 mg/kg × 25 kg (under 30 kg) = 300 mg');
    expect(tocilizumabDoseForWeight(120).reason).toBe('8 mg/kg × 120 kg = 960 mg, capped at 800 mg');
  });
  it.each([0, -5, Number.NaN, 400])('refuses weight %s kg', (w) => {
    expect(() => tocilizumabDoseForWeight(w)).toThrow(InvalidFindingsError);
  });
});

describe('checkTocilizumab: what is allowed next', () => {
  it('a first dose at the weight-based dose is allowed', () => {
    const r = checkTocilizumab({ weightKg: 70, priorDoses: [], proposed: { at: T, mg: 560 } });
    expect(r).toMatchObject({
      status: 'allowed',
      recommendedMg: 560,
      dosesInLast24h: 0,
      totalPriorDoses: 0,
      nextWithin24hLimitAt: T,
    });
  });
  it('over 800 mg is refused', () => {
    const r = checkTocilizumab({ weightKg: 120, priorDoses: [], proposed: { at: T, mg: 960 } });
    expect(r.status).toBe('refused');
    expect(r.reasons).toContain('proposed 960 mg is over the 800 mg maximum per dose: refused');
  });
  it('800 mg at 100 kg is allowed (the cap itself)', () => {
    expect(checkTocilizumab({ weightKg: 100, priorDoses: [], proposed: { at: T, mg: 800 } }).status).toBe(
      'allowed',
    );
  });
  it('above the weight-based dose needs an override', () => {
    expect(checkTocilizumab({ weightKg: 50, priorDoses: [], proposed: { at: T, mg: 600 } }).status).toBe(
      'needs_hematologist_override',
    );
  });
  it('a 3rd dose in 24 h is allowed; a 4th needs an override, with when it would be allowed', () => {
    const two = [
      { at: T - 20 * H, mg: 560 },
      { at: T - 10 * H, mg: 560 },
    ];
    expect(checkTocilizumab({ weightKg: 70, priorDoses: two, proposed: { at: T, mg: 560 } }).status).toBe(
      'allowed',
    );
    const three = [...two, { at: T - 2 * H, mg: 560 }];
    const r = checkTocilizumab({ weightKg: 70, priorDoses: three, proposed: { at: T, mg: 560 } });
    expect(r.status).toBe('needs_hematologist_override');
    expect(r.dosesInLast24h).toBe(3);
    expect(r.reasons).toContain("this would be dose 4 in 24 h (at most 3): needs a hematologist's override");
    expect(r.nextWithin24hLimitAt).toBe(T + 4 * H);
  });
  it('a dose exactly 24 h earlier has left the window', () => {
    const r = checkTocilizumab({
      weightKg: 70,
      priorDoses: [
        { at: T - 24 * H, mg: 560 },
        { at: T - 10 * H, mg: 560 },
        { at: T - 2 * H, mg: 560 },
      ],
      proposed: { at: T, mg: 560 },
    });
    expect(r).toMatchObject({ status: 'allowed', dosesInLast24h: 2 });
  });
  it('a 4th dose overall is allowed; a 5th needs an override and never becomes routine', () => {
    const four = [0, 1, 2, 3].map((i) => ({ at: T - (100 - i * 20) * H, mg: 560 }));
    expect(
      checkTocilizumab({ weightKg: 70, priorDoses: four.slice(0, 3), proposed: { at: T, mg: 560 } }).status,
    ).toBe('allowed');
    const r = checkTocilizumab({ weightKg: 70, priorDoses: four, proposed: { at: T, mg: 560 } });
    expect(r.status).toBe('needs_hematologist_override');
    expect(r.reasons).toContain("this would be dose 5 in total (at most 4): needs a hematologist's override");
    expect(r.nextWithin24hLimitAt).toBeNull();
  });
  it('over the cap stays refused even when other limits also apply', () => {
    const three = [1, 2, 3].map((i) => ({ at: T - i * H, mg: 800 }));
    expect(checkTocilizumab({ weightKg: 120, priorDoses: three, proposed: { at: T, mg: 1000 } }).status).toBe(
      'refused',
    );
  });
  it('refuses malformed doses', () => {
    expect(() =>
      checkTocilizumab({ weightKg: 70, priorDoses: [{ at: T, mg: -1 }], proposed: { at: T, mg: 560 } }),
    ).toThrow(InvalidFindingsError);
    expect(() =>
      checkTocilizumab({ weightKg: 70, priorDoses: [], proposed: { at: 'yesterday', mg: 560 } }),
    ).toThrow(InvalidFindingsError);
  });
});
