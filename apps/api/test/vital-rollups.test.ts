import { OXYGEN_DEVICES } from '@cellwatch/clinical';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';
import { expectRollupsMatch, type Vital } from './rollup-expectations.ts';

const H = 3_600_000;
let api: TestApi;
let nurseId: number;
let patientSeq = 0;
beforeAll(async () => {
  api = await createTestApi();
  [{ id: nurseId }] = (await api.query<{ id: number }>("select id from users where username = 'nurse'")) as [
    { id: number },
  ];
});
afterAll(async () => {
  await api.close();
});

async function newPatient(): Promise<number> {
  patientSeq++;
  const at = new Date(T0).toISOString();
  const [row] = await api.query<{ id: number }>(
    `insert into patients (mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product,
      status, created_at, updated_at)
     values (?, 'Roll', 'Up', '1970-01-01', 'female', 70, 'sle', 'cd19_car_t', 'inpatient_monitoring', ?, ?)
     returning id`,
    `ROLLUP-${patientSeq}`,
    at,
    at,
  );
  return Number(row?.id);
}

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
// Few distinct values and times, so that ties (same value, same time) are common.
const vitalArb = fc.record({
  hour: fc.integer({ min: 0, max: 3 }),
  offset: fc.constantFrom(0, 60_000, 1_800_000, 3_540_000, 3_599_999),
  temperature_c: nullable(fc.constantFrom(36.6, 37.2, 38.2, 39.5)),
  heart_rate: nullable(fc.integer({ min: 60, max: 62 })),
  systolic: nullable(fc.constantFrom(90, 120)),
  mean_arterial: nullable(fc.constantFrom(70, 70.33333333333333, 93.33333333333333)),
  spo2: nullable(fc.integer({ min: 92, max: 94 })),
  oxygen_device: fc.constantFrom(...OXYGEN_DEVICES),
  oxygen_flow_lpm: fc.constantFrom(null, 2, 6, 6.5, 15),
});
const opArb = fc.oneof(
  { weight: 4, arbitrary: vitalArb.map((v) => ({ kind: 'vital' as const, v })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'error' as const, pick })) },
);

describe('hourly vital rollups', () => {
  it('equal the minimum, maximum, first, last and highest oxygen recomputed from the valid rows of each hour', async () => {
    const insertVital = async (v: Omit<Vital, 'id'>, patient: number) => {
      const takenAt = new Date(v.taken_at_ms).toISOString();
      const [row] = await api.query<{ id: number }>(
        `insert into vital_sets (patient_id, taken_at, taken_at_ms, temperature_c, heart_rate, systolic, mean_arterial,
          spo2, oxygen_device, oxygen_flow_lpm, recorded_by, recorded_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        ...[patient, takenAt, v.taken_at_ms, v.temperature_c, v.heart_rate, v.systolic, v.mean_arterial],
        ...[v.spo2, v.oxygen_device, v.oxygen_flow_lpm, nurseId, takenAt],
      );
      return Number(row?.id);
    };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const patient = await newPatient();
        const valid: number[] = [];
        for (const op of ops) {
          if (op.kind === 'vital') {
            const { hour, offset, ...values } = op.v;
            valid.push(await insertVital({ ...values, taken_at_ms: T0 + hour * H + offset }, patient));
          } else if (valid.length > 0) {
            const [id] = valid.splice(op.pick % valid.length, 1);
            await api.query(
              `insert into corrections (fact_table, fact_id, patient_id, reason, recorded_by, recorded_at)
               values ('vital_sets', ?, ?, 'charted on the wrong patient', ?, ?)`,
              ...[id, patient, nurseId, new Date(T0).toISOString()],
            );
          }
        }
        await expectRollupsMatch(api.query, patient);
      }),
      { numRuns: 150 },
    );
  });

  it('follow vitals charted and entered in error through the API', async () => {
    api.advance(5 * H);
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'ROLLUP-API',
        givenName: 'Api',
        familyName: 'Path',
        birthDate: '1970-01-01',
        sex: 'female',
        weightKg: 70,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const { patient } = await enrol.json();
    const chart = async (minutes: number, temperatureC: number, oxygen: Record<string, unknown>) => {
      const res = await api.request('POST', `/api/patients/${patient.id}/vitals`, {
        cookie: nurse,
        json: {
          takenAt: new Date(T0 + minutes * 60_000).toISOString(),
          temperatureC,
          heartRate: 90,
          systolic: 118,
          diastolic: 72,
          spo2: 95,
          ...oxygen,
        },
      });
      expect(res.status).toBe(201);
      return (await res.json()).vital.id as number;
    };
    await chart(10, 37.1, { oxygenDevice: 'room_air' });
    const spike = await chart(20, 39.4, { oxygenDevice: 'nasal_cannula', oxygenFlowLpm: 4 });
    await chart(50, 38.2, { oxygenDevice: 'room_air' });
    await chart(70, 37.9, { oxygenDevice: 'face_mask', oxygenFlowLpm: 8 });
    await expectRollupsMatch(api.query, patient.id);

    const res = await api.request('POST', `/api/patients/${patient.id}/vitals/${spike}/entered-in-error`, {
      cookie: nurse,
      json: { reason: 'probe on the wrong patient' },
    });
    expect(res.status).toBe(200);
    await expectRollupsMatch(api.query, patient.id);
    const [hour] = await api.query(
      'select temperature_c_max, oxygen_top_device from vital_rollups where patient_id = ? and hour_ms = ?',
      patient.id,
      T0,
    );
    expect(hour).toEqual({ temperature_c_max: 38.2, oxygen_top_device: 'room_air' });
  });
});
