import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';
import { logStatements } from './statement-log.ts';

/**
 * The statements one vital-set POST runs on the embedded database, once the patient's course is
 * in memory (issue 16): nothing read back that the write has just written, and nothing whose
 * cost grows with the patient's history.
 */
describe('the vital-set write path', () => {
  let api: TestApi;
  let nurse: string;
  let patientId: number;

  beforeAll(async () => {
    api = await createTestApi();
    const coordinator = await api.login('coordinator');
    nurse = await api.login('nurse');
    patientId = await enrolFollowUpPatient(api, coordinator, {
      ...{ mrn: 'WRITE-1', givenName: 'Write', familyName: 'Path', birthDate: '1980-05-05', sex: 'female' },
      ...{
        weightKg: 70,
        status: 'inpatient_monitoring',
        infusionAt: new Date(T0 - 86_400_000).toISOString(),
      },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  async function chartVitals(k: number) {
    api.advance(60_000);
    const res = await api.request('POST', `/api/patients/${patientId}/vitals`, {
      cookie: nurse,
      json: {
        takenAt: new Date(api.now() - 1000).toISOString(),
        temperatureC: 36.8,
        heartRate: 80 + k,
        systolic: 120,
        diastolic: 70,
        respiratoryRate: 16,
        spo2: 97,
        oxygenDevice: 'room_air',
      },
    });
    expect(res.status).toBe(201);
    // The group commit's COMMIT runs on the next turn of the event loop, before the answer.
    return (await res.json()).vital;
  }

  it('runs a fixed, short list of statements per vital set, and reads none of it back', async () => {
    if (api.opened.kind !== 'sqlite') throw new Error('the SQLite write path');
    await chartVitals(0); // the course is now in memory
    const counts: number[] = [];
    for (let k = 1; k <= 3; k++) {
      const log = logStatements(api.opened.sqlite);
      try {
        await chartVitals(k);
      } finally {
        log.stop();
      }
      counts.push(log.statements.length);
      const text = log.statements.join('\n');
      // No read of the new vital set by its id: the write keeps what it wrote.
      expect(text).not.toMatch(/from "vital_sets" where "id" [=>]/);
      expect(log.statements.filter((s) => s.startsWith('insert into "vital_sets"'))).toHaveLength(1);
      expect(log.statements.filter((s) => /^select \* from "patients"/.test(s))).toHaveLength(1);
      expect(log.statements.filter((s) => s.startsWith('insert into "audit_log"'))).toHaveLength(1);
    }
    // The same statements each time, however long the patient's chart grows.
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(21);
  });
});
