import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type ChartedDiseaseScore, diseaseRemission } from './disease-remission.ts';
import { at, score, sleScore } from './disease-remission-test-support.ts';

const holds = (disease: string, scores: ChartedDiseaseScore[], active: string[] = []) =>
  diseaseRemission({ disease, scores, activeImmunosuppressants: active, immunosuppressantStops: [] }).holds;

/** A higher activity score (lower TIS) never turns "not in remission" into "in remission". */
describe('properties: more activity never gives remission', () => {
  it('SLE: raising clinical SLEDAI-2K, PGA or prednisolone', () => {
    const components = fc.record({
      clinicalSledai: fc.integer({ min: 0, max: 20 }),
      serology: fc.integer({ min: 0, max: 4 }),
      pga: fc.double({ min: 0, max: 3, noNaN: true }),
      prednisoloneMgPerDay: fc.double({ min: 0, max: 60, noNaN: true }),
    });
    const raise = fc.record({
      sledai: fc.integer({ min: 0, max: 20 }),
      pga: fc.double({ min: 0, max: 3, noNaN: true }),
      pred: fc.double({ min: 0, max: 60, noNaN: true }),
    });
    fc.assert(
      fc.property(components, raise, (c, r) => {
        const low = { ...c, sledai: c.clinicalSledai + c.serology };
        const clinical = Math.min(c.clinicalSledai + r.sledai, 101);
        const high = {
          clinicalSledai: clinical,
          sledai: Math.min(clinical + c.serology, 105),
          pga: Math.min(c.pga + r.pga, 3),
          prednisoloneMgPerDay: c.prednisoloneMgPerDay + r.pred,
        };
        return holds('sle', [sleScore(10, low)]) || !holds('sle', [sleScore(10, high)]);
      }),
    );
  });
  const pair = (max: number, integer: boolean) =>
    (integer ? fc.integer({ min: 0, max }) : fc.double({ min: 0, max, noNaN: true })).chain((a) =>
      (integer ? fc.integer({ min: a, max }) : fc.double({ min: a, max, noNaN: true })).map((b) => [a, b]),
    );
  it('myositis: lowering the TIS', () => {
    fc.assert(
      fc.property(pair(100, true), ([lo = 0, hi = 0]) => {
        return (
          holds('myositis', [score('myositis_tis', 10, hi)]) ||
          !holds('myositis', [score('myositis_tis', 10, lo)])
        );
      }),
    );
  });
  it('systemic sclerosis: raising the latest mRSS or the EUSTAR activity index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 51 }),
        pair(51, true),
        pair(10, false),
        (base, [m1 = 0, m2 = 0], [a1 = 0, a2 = 0]) => {
          const ssc = (m: number, a: number) => [
            score('mrss', 0, base),
            score('mrss', 100, m),
            score('eustar_ai', 100, a),
          ];
          return holds('systemic_sclerosis', ssc(m1, a1)) || !holds('systemic_sclerosis', ssc(m2, a2));
        },
      ),
    );
  });
  it('MuSK myasthenia: raising MG-ADL', () => {
    fc.assert(
      fc.property(pair(24, true), ([lo = 0, hi = 0]) => {
        return (
          holds('musk_myasthenia_gravis', [score('mg_adl', 10, lo)]) ||
          !holds('musk_myasthenia_gravis', [score('mg_adl', 10, hi)])
        );
      }),
    );
  });
  it('pemphigus: raising PDAI, or a therapy still running', () => {
    fc.assert(
      fc.property(pair(263, false), fc.boolean(), ([lo = 0, hi = 0], onTherapy) => {
        const off = holds('pemphigus_vulgaris', [score('pdai', 10, lo)]);
        const worse = holds('pemphigus_vulgaris', [score('pdai', 10, hi)], onTherapy ? ['rituximab'] : []);
        return off || !worse;
      }),
    );
  });
  it('the day of the latest score never changes the verdict of a single score', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 24 }), (day, adl) => {
        const a = diseaseRemission({
          disease: 'musk_myasthenia_gravis',
          scores: [score('mg_adl', day, adl)],
          activeImmunosuppressants: [],
          immunosuppressantStops: [],
          infusionAt: at(0),
        });
        return a.holds === adl <= 1;
      }),
    );
  });
});
