import {
  FactCorrectionResponse,
  LabPanelResponse,
  MedicationResponse,
  TocilizumabCheckResponse,
  VasopressorDoseChangeResponse,
  VasopressorInfusionList,
  VasopressorInfusionResponse,
  VasopressorStopResponse,
} from '@cellwatch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

/**
 * The answers the bedside lab, medication and vasopressor forms parse, read with their contracts
 * (packages/contracts charting-responses.ts) on real writes: `parse` throws, failing the test, when
 * the API drops or retypes a field the contract takes (response-contracts.test.ts does the same for
 * the reading screens).
 */
const H = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * H).toISOString();
let api: TestApi;
let nurse: string;
let hema: string;
let id: number;

async function send(cookie: string, path: string, json: unknown, status = 201) {
  const res = await api.request('POST', path, { cookie, json });
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json();
}

/** The patient's infusions as the bedside panel reads them (VasopressorInfusionList). */
async function listed(path: string) {
  const res = await api.request('GET', path, { cookie: nurse });
  expect(res.status, await res.clone().text()).toBe(200);
  return VasopressorInfusionList.parse(await res.json()).infusions;
}

beforeEach(async () => {
  api = await createTestApi();
  api.advance(3 * 24 * H);
  const coord = await api.login('coordinator');
  [nurse, hema] = await Promise.all([api.login('nurse'), api.login('hematologist')]);
  const enrolled = await send(coord, '/api/patients', {
    mrn: 'CONTRACT-BEDSIDE',
    givenName: 'Ada',
    familyName: 'Bedside',
    birthDate: '1988-04-12',
    sex: 'female',
    weightKg: 64,
    diagnosis: 'sle',
    product: 'cd19_car_t',
    infusionAt: at(0),
    status: 'inpatient_monitoring',
  });
  id = enrolled.patient.id;
});
afterEach(async () => {
  await api.close();
});

describe('bedside write answers', () => {
  it('a lab panel, converted and flagged, and a result entered in error', async () => {
    const panel = LabPanelResponse.parse(
      await send(nurse, `/api/patients/${id}/labs`, {
        collectedAt: at(30),
        results: [
          { analyte: 'crp', value: 12, unit: 'mg/dL' },
          { analyte: 'ferritin', value: 150000, unit: 'ng/mL' },
        ],
      }),
    );
    expect(panel.results.map((r) => [r.analyte, r.value, r.unit])).toEqual([
      ['crp', 120, 'mg/L'],
      ['ferritin', 150000, 'ng/mL'],
    ]);
    expect(panel.results[1]?.flags.length).toBeGreaterThan(0);
    const first = panel.results[0]?.id;
    const corrected = FactCorrectionResponse.parse(
      await send(
        nurse,
        `/api/patients/${id}/labs/${first}/entered-in-error`,
        { reason: 'wrong patient' },
        200,
      ),
    );
    expect(corrected.correction).toMatchObject({ factTable: 'lab_results', factId: first });
  });

  it('the tocilizumab check, a tocilizumab dose with its check, another drug without one', async () => {
    const probe = await api.request('GET', `/api/patients/${id}/medications/tocilizumab-check?dose=512`, {
      cookie: nurse,
    });
    expect(probe.status).toBe(200);
    const { check } = TocilizumabCheckResponse.parse(await probe.json());
    // 8 mg/kg of 64 kg (tocilizumab label).
    expect(check).toMatchObject({ recommendedMg: 512, mgPerKg: 8, status: 'allowed' });

    const toci = MedicationResponse.parse(
      await send(hema, `/api/patients/${id}/medications`, {
        givenAt: at(31),
        drug: 'tocilizumab',
        dose: 512,
        route: 'iv',
      }),
    );
    expect(toci.medication).toMatchObject({ drug: 'tocilizumab', dose: 512, doseUnit: 'mg', route: 'iv' });
    expect(toci.medication.tocilizumabCheck?.status).toBe('allowed');
    const dex = MedicationResponse.parse(
      await send(nurse, `/api/patients/${id}/medications`, {
        givenAt: at(32),
        drug: 'dexamethasone',
        dose: 10,
        route: 'po',
      }),
    );
    expect(dex.medication.tocilizumabCheck).toBeNull();
    FactCorrectionResponse.parse(
      await send(
        nurse,
        `/api/patients/${id}/medications/${dex.medication.id}/entered-in-error`,
        { reason: 'charted twice' },
        200,
      ),
    );
  });

  it('a vasopressor started, given a new dose, stopped, and its stop entered in error; the list names each stop', async () => {
    const p = `/api/patients/${id}/vasopressors`;
    const started = VasopressorInfusionResponse.parse(
      await send(nurse, p, { drug: 'norepinephrine', startedAt: at(40), doseNote: '0.05 µg/kg/min' }),
    );
    expect(started.infusion).toMatchObject({
      drug: 'norepinephrine',
      doseNote: '0.05 µg/kg/min',
      stoppedAt: null,
      stopId: null,
    });
    const changed = VasopressorDoseChangeResponse.parse(
      await send(nurse, `${p}/${started.infusion.id}/dose`, {
        changedAt: at(41),
        doseNote: '0.1 µg/kg/min',
      }),
    );
    expect(changed.previousDoseNote).toBe('0.05 µg/kg/min');
    expect(changed.stop.infusionId).toBe(started.infusion.id);
    expect(changed.infusion.startedAt).toBe(changed.stop.stoppedAt);
    const stopped = VasopressorStopResponse.parse(
      await send(nurse, `${p}/${changed.infusion.id}/stop`, { stoppedAt: at(42) }),
    );
    expect(stopped.stop.infusionId).toBe(changed.infusion.id);
    const stoppedList = await listed(p);
    // Each ended infusion names the stop that ended it (the new dose's stop of the old rate too).
    expect(stoppedList.map((i) => [i.id, i.stoppedAt, i.stopId])).toEqual([
      [changed.infusion.id, at(42), stopped.stop.id],
      [started.infusion.id, at(41), changed.stop.id],
    ]);
    const corrected = FactCorrectionResponse.parse(
      await send(
        nurse,
        `${p}/stops/${stopped.stop.id}/entered-in-error`,
        { reason: 'stopped on the wrong line' },
        200,
      ),
    );
    expect(corrected.correction).toMatchObject({ factTable: 'vasopressor_stops', factId: stopped.stop.id });
    // With its stop entered in error, the infusion reads as running again, with no stop.
    const running = (await listed(p)).find((i) => i.id === changed.infusion.id);
    expect(running).toMatchObject({ stoppedAt: null, stopId: null, enteredInError: null });
    FactCorrectionResponse.parse(
      await send(
        nurse,
        `${p}/${changed.infusion.id}/entered-in-error`,
        { reason: 'charted on the wrong patient' },
        200,
      ),
    );
  });
});
