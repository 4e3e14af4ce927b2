import { gradeCourse } from '@cellwatch/clinical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradeSteps, stepKey } from '../src/grading/grade-steps.ts';
import { loadCourseFacts } from '../src/grading/load-facts.ts';
import { patientContext } from '../src/grading/regrader.ts';
import { findPatientRow } from '../src/patients/patients.ts';
import { seededRandom } from '../src/seed/random.ts';
import { type Scenario, syntheticCourse } from '../src/seed/synthetic-course.ts';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(6 * 24 * H);
});
afterEach(async () => {
  await api.close();
});

describe('derived grades can always be recomputed from the charted facts', () => {
  it.each([
    ['crs3_pressor', 'one instance'],
    ['icans2', 'one instance'],
    ['crs1', 'one instance'],
    // Two processes on one database, each with its own courses in memory, taking turns: each must
    // notice the other's writes (the stored course version) instead of grading a stale course.
    ['crs3_pressor', 'two instances'],
  ] as [Scenario, string][])(
    'the incremental path (one write at a time, with corrections) equals grading from scratch: %s, %s',
    async (scenario, instances) => {
      const other = instances === 'two instances' ? api.secondInstance() : api.request;
      let turn = 0;
      const send: TestApi['request'] = (...args) => (turn++ % 3 === 1 ? other : api.request)(...args);
      const cookies = {
        nurse: await api.login('nurse'),
        hematologist: await api.login('hematologist'),
        coordinator: await api.login('coordinator'),
        admin: '',
      };
      const enrol = await api.request('POST', '/api/patients', {
        cookie: cookies.coordinator,
        json: {
          mrn: `RG-${scenario.replaceAll('_', '-')}-${instances.length}`,
          givenName: 'Re',
          familyName: 'Grade',
          birthDate: '1970-02-02',
          sex: 'male',
          weightKg: 75,
          diagnosis: 'sle',
          product: 'cd19_car_t',
          infusionAt: new Date(T0).toISOString(),
          status: 'inpatient_monitoring',
        },
      });
      const id = (await enrol.json()).patient.id as number;
      const rng = seededRandom(7);
      const requests = syntheticCourse(
        id,
        { infusionAt: T0, until: api.now(), scenario, vitalsEveryHours: 4, weightKg: 75 },
        rng,
      );
      const keys = new Map<string, number>();
      const charted: string[] = [];
      for (const r of requests) {
        const res = await send('POST', r.path.replace('{pressor}', String(keys.get('pressor'))), {
          cookie: cookies[r.role],
          json: r.body,
        });
        expect(res.status, await res.clone().text()).toBe(201);
        const body = await res.json();
        if (r.key) keys.set(r.key, body.infusion.id);
        if (body.vital) charted.push(`/api/patients/${id}/vitals/${body.vital.id}`);
        // Every fifth vital set is corrected, out of order, to exercise entered-in-error.
        if (charted.length % 5 === 0 && body.vital) {
          const target = charted[charted.length - 3] as string;
          const eie = await send('POST', `${target}/entered-in-error`, {
            cookie: cookies.nurse,
            json: { reason: 'wrong patient' },
          });
          expect(eie.status).toBe(200);
        }
      }

      const patient = await findPatientRow(api.opened.db, id);
      const scratch = gradeCourse(patientContext(patient), await loadCourseFacts(api.opened.db, id));
      const expected = gradeSteps(null, scratch.points).map(stepKey).sort();
      const stored = await api.query<{
        syndrome: string;
        at_ms: number;
        from_grade: number;
        to_grade: number;
      }>(
        "select syndrome, at_ms, from_grade, to_grade from grade_changes where patient_id = ? and status != 'superseded'",
        id,
      );
      const storedKeys = stored
        .map((s) =>
          stepKey({ syndrome: s.syndrome, at: s.at_ms, fromGrade: s.from_grade, toGrade: s.to_grade }),
        )
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(storedKeys).toEqual(expected);

      const last = scratch.points[scratch.points.length - 1];
      const [state] = await api.query(
        'select crs_grade, icans_grade from patient_state where patient_id = ?',
        id,
      );
      expect(state).toEqual({ crs_grade: last?.crs.grade, icans_grade: last?.icans.grade });
    },
  );
});
