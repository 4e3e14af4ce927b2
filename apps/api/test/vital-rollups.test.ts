import { assessCrs, OXYGEN_DEVICES, type OxygenDevice } from '@cellwatch/clinical';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoadCohort } from '../src/seed/bulk-load.ts';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
const SERIES = ['temperature_c', 'heart_rate', 'systolic', 'mean_arterial', 'spo2'] as const;

interface Vital {
  id: number;
  taken_at_ms: number;
  temperature_c: number | null;
  heart_rate: number | null;
  systolic: number | null;
  mean_arterial: number | null;
  spo2: number | null;
  oxygen_device: string;
  oxygen_flow_lpm: number | null;
}

/**
 * The oxygen ranking the rollup must follow: the ASTCT hypoxia grade the clinical engine gives
 * the device and flow, with mechanical ventilation above CPAP and BiPAP (all grade 4).
 */
function oxygenRank(device: string, flowLpm: number | null): number {
  if (device === 'mechanical_ventilation') return 5;
  return assessCrs({
    temperatureC: null,
    hypotension: false,
    vasopressors: [],
    oxygen: { device: device as OxygenDevice, ...(flowLpm !== null && { flowLpm }) },
  }).hypoxiaGrade;
}

/** Earlier by (time, id). */
const earlier = (a: Vital, b: Vital) =>
  a.taken_at_ms < b.taken_at_ms || (a.taken_at_ms === b.taken_at_ms && a.id < b.id);

/** What each hour's rollup row must hold, recomputed from the valid vital sets. */
function expectedRollups(patientId: number, valid: Vital[]): Record<string, unknown>[] {
  const hours = new Map<number, Vital[]>();
  for (const v of valid) {
    const hour = v.taken_at_ms - (v.taken_at_ms % H);
    hours.set(hour, [...(hours.get(hour) ?? []), v]);
  }
  return [...hours.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, rows]) => {
      const row: Record<string, unknown> = { patient_id: patientId, hour_ms: hour, n: rows.length };
      for (const col of SERIES) {
        const withValue = rows.filter((r) => r[col] !== null);
        const pick = (better: (a: number, b: number) => boolean) =>
          withValue.reduce<Vital | null>((best, r) => {
            if (!best) return r;
            const [a, b] = [r[col] as number, best[col] as number];
            return better(a, b) || (a === b && earlier(r, best)) ? r : best;
          }, null);
        const [min, max] = [pick((a, b) => a < b), pick((a, b) => a > b)];
        Object.assign(row, {
          [`${col}_n`]: withValue.length,
          [`${col}_min`]: min?.[col] ?? null,
          [`${col}_min_at_ms`]: min?.taken_at_ms ?? null,
          [`${col}_min_id`]: min?.id ?? null,
          [`${col}_max`]: max?.[col] ?? null,
          [`${col}_max_at_ms`]: max?.taken_at_ms ?? null,
          [`${col}_max_id`]: max?.id ?? null,
        });
      }
      // Highest support, then highest flow (not charted lowest), then earliest.
      const top = rows.reduce((best, r) => {
        const [ra, rb] = [
          oxygenRank(r.oxygen_device, r.oxygen_flow_lpm),
          oxygenRank(best.oxygen_device, best.oxygen_flow_lpm),
        ];
        const [fa, fb] = [r.oxygen_flow_lpm ?? -1, best.oxygen_flow_lpm ?? -1];
        return ra > rb || (ra === rb && (fa > fb || (fa === fb && earlier(r, best)))) ? r : best;
      });
      const first = rows.reduce((best, r) => (earlier(r, best) ? r : best));
      const last = rows.reduce((best, r) => (earlier(best, r) ? r : best));
      for (const [name, r] of [
        ['top', top],
        ['first', first],
        ['last', last],
      ] as const) {
        Object.assign(row, {
          [`oxygen_${name}_device`]: r.oxygen_device,
          [`oxygen_${name}_flow_lpm`]: r.oxygen_flow_lpm,
          [`oxygen_${name}_at_ms`]: r.taken_at_ms,
          [`oxygen_${name}_id`]: r.id,
        });
      }
      row.oxygen_top_rank = oxygenRank(top.oxygen_device, top.oxygen_flow_lpm);
      return row;
    });
}

function expectRollupsMatch(sqlite: BetterSqlite3.Database, patientId: number): void {
  const valid = sqlite
    .prepare(
      `select id, taken_at_ms, ${SERIES.join(', ')}, oxygen_device, oxygen_flow_lpm from vital_sets
       where patient_id = ? and id not in (select fact_id from corrections where fact_table = 'vital_sets')`,
    )
    .all(patientId) as Vital[];
  const rollups = sqlite
    .prepare('select * from vital_rollups where patient_id = ? order by hour_ms')
    .all(patientId);
  expect(rollups).toEqual(expectedRollups(patientId, valid));
}

let api: TestApi;
let nurseId: number;
let patientSeq = 0;
beforeAll(async () => {
  api = await createTestApi();
  nurseId = (
    api.opened.sqlite.prepare("select id from users where username = 'nurse'").get() as { id: number }
  ).id;
});
afterAll(async () => {
  await api.close();
});

function newPatient(): number {
  patientSeq++;
  const at = new Date(T0).toISOString();
  return Number(
    api.opened.sqlite
      .prepare(
        `insert into patients (mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product,
          status, created_at, updated_at)
         values (?, 'Roll', 'Up', '1970-01-01', 'female', 70, 'sle', 'cd19_car_t', 'inpatient_monitoring', ?, ?)`,
      )
      .run(`ROLLUP-${patientSeq}`, at, at).lastInsertRowid,
  );
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
  it('equal the minimum, maximum, first, last and highest oxygen recomputed from the valid rows of each hour', () => {
    const sqlite = api.opened.sqlite;
    const insertVital = sqlite.prepare(
      `insert into vital_sets (patient_id, taken_at, taken_at_ms, temperature_c, heart_rate, systolic, mean_arterial,
        spo2, oxygen_device, oxygen_flow_lpm, recorded_by, recorded_at)
       values (@patient, @takenAt, @t, @temperature_c, @heart_rate, @systolic, @mean_arterial, @spo2, @oxygen_device,
        @oxygen_flow_lpm, @nurse, @takenAt)`,
    );
    const insertCorrection = sqlite.prepare(
      `insert into corrections (fact_table, fact_id, patient_id, reason, recorded_by, recorded_at)
       values ('vital_sets', ?, ?, 'charted on the wrong patient', ?, ?)`,
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const patient = newPatient();
        const valid: number[] = [];
        for (const op of ops) {
          if (op.kind === 'vital') {
            const { hour, offset, ...values } = op.v;
            const t = T0 + hour * H + offset;
            const takenAt = new Date(t).toISOString();
            valid.push(
              Number(insertVital.run({ ...values, patient, t, takenAt, nurse: nurseId }).lastInsertRowid),
            );
          } else if (valid.length > 0) {
            const [id] = valid.splice(op.pick % valid.length, 1);
            insertCorrection.run(id, patient, nurseId, new Date(T0).toISOString());
          }
        }
        expectRollupsMatch(sqlite, patient);
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
    expectRollupsMatch(api.opened.sqlite, patient.id);

    const res = await api.request('POST', `/api/patients/${patient.id}/vitals/${spike}/entered-in-error`, {
      cookie: nurse,
      json: { reason: 'probe on the wrong patient' },
    });
    expect(res.status).toBe(200);
    expectRollupsMatch(api.opened.sqlite, patient.id);
    const hour = api.opened.sqlite
      .prepare(
        'select temperature_c_max, oxygen_top_device from vital_rollups where patient_id = ? and hour_ms = ?',
      )
      .get(patient.id, T0);
    expect(hour).toEqual({ temperature_c_max: 38.2, oxygen_top_device: 'room_air' });
  });

  it('follow the bulk loader, which writes through the same triggers', async () => {
    const { patientIds } = await bulkLoadCohort(api.opened, {
      patients: 2,
      days: 3,
      vitalsIntervalMin: 7,
      seed: 11,
      now: T0 + 3 * 24 * H,
      mrnPrefix: 'ROLLUP-BULK',
      scenario: 'crs2',
    });
    for (const id of patientIds) expectRollupsMatch(api.opened.sqlite, id);
  });

  it('are rebuilt from the existing vital sets when the migration runs on an older database', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { loadMigrations, migrate } = await import('../src/db/migrate.ts');
    const all = loadMigrations();
    const rollups = all.findIndex((m) => m.name === 'vital_rollups');
    const db = new Database(':memory:');
    migrate(db, all.slice(0, rollups));
    db.exec(`insert into users (id, username, display_name, role, password_hash, active, created_at, updated_at)
             values (1, 'nurse', 'Nurse', 'nurse', 'x', 1, '', '')`);
    db.exec(`insert into patients (id, mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product,
               status, created_at, updated_at)
             values (1, 'OLD-1', 'Old', 'Db', '1970-01-01', 'male', 80, 'sle', 'cd19_car_t', 'inpatient_monitoring', '', '')`);
    const insert = db.prepare(
      `insert into vital_sets (patient_id, taken_at, taken_at_ms, temperature_c, heart_rate, spo2, oxygen_device,
        oxygen_flow_lpm, recorded_by, recorded_at)
       values (1, '', ?, ?, ?, ?, ?, ?, 1, '')`,
    );
    for (let i = 0; i < 300; i++) {
      const onOxygen = i % 50 > 40;
      insert.run(
        T0 + i * 7 * 60_000,
        36.5 + (i % 13) / 10,
        70 + (i % 17),
        i % 9 === 0 ? null : 94 + (i % 5),
        onOxygen ? 'nasal_cannula' : 'room_air',
        onOxygen ? 3 : null,
      );
    }
    db.exec(`insert into corrections (fact_table, fact_id, patient_id, reason, recorded_by, recorded_at)
             values ('vital_sets', 17, 1, 'wrong patient', 1, ''), ('vital_sets', 18, 1, 'wrong patient', 1, '')`);
    expect(migrate(db, all)).toEqual(all.slice(rollups).map((m) => m.version));
    expectRollupsMatch(db, 1);
    db.close();
  });
});
