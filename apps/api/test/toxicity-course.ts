import { expect } from 'vitest';
import { T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * H).toISOString();

/** ICE items that add up to `score` (orientation 4, naming 3, then 3 single items). */
export function iceItems(score: number) {
  let left = score;
  const take = (max: number) => {
    const n = Math.min(max, left);
    left -= n;
    return n;
  };
  const orientation = take(4);
  return {
    orientation: {
      year: orientation > 0,
      month: orientation > 1,
      city: orientation > 2,
      hospital: orientation > 3,
    },
    namedObjects: take(3),
    followsCommands: take(1) === 1,
    writesSentence: take(1) === 1,
    countsBackwardBy10: take(1) === 1,
  };
}

/**
 * A patient with the whole toxicity course the exports read, charted through the API on a clock
 * at Day 60: CRS (fever Day 1, treated with tocilizumab, resolved), ICANS grade 1 found by ICE
 * (treated with dexamethasone, resolved), early ICAHT with count recovery by Day 12, a LICATS
 * event, an infection on Day 40 and a new malignancy on Day 50.
 */
export async function chartToxicityCourse(api: TestApi) {
  api.advance(60 * 24 * H);
  const [coord, nurse, hema] = [
    await api.login('coordinator'),
    await api.login('nurse'),
    await api.login('hematologist'),
  ];
  const enrolled = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'TOX-4100',
      givenName: 'Ines',
      familyName: 'Hartwell',
      birthDate: '1981-03-14',
      sex: 'female',
      weightKg: 64,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: at(0),
      status: 'outpatient_follow_up',
    },
  });
  expect(enrolled.status).toBe(201);
  const id: number = (await enrolled.json()).patient.id;
  const post = async (cookie: string, path: string, json: unknown) => {
    const res = await api.request('POST', `/api/patients/${id}${path}`, { cookie, json });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
    return res.json();
  };
  await post(nurse, '/vitals', {
    takenAt: at(26),
    temperatureC: 38.8,
    heartRate: 108,
    systolic: 121,
    spo2: 97,
  });
  await post(hema, '/medications', { givenAt: at(28), drug: 'tocilizumab', dose: 512, route: 'iv' });
  for (const h of [40, 52, 64, 76, 100]) {
    await post(nurse, '/vitals', {
      takenAt: at(h),
      temperatureC: 36.9,
      heartRate: 80,
      systolic: 120,
      spo2: 98,
    });
  }
  await post(nurse, '/neuro-assessments', { assessedAt: at(30), ice: iceItems(10), consciousness: 'normal' });
  await post(nurse, '/neuro-assessments', { assessedAt: at(110), ice: iceItems(8), consciousness: 'normal' });
  await post(hema, '/medications', { givenAt: at(112), drug: 'dexamethasone', dose: 10, route: 'iv' });
  for (const h of [140, 170]) {
    await post(nurse, '/neuro-assessments', {
      assessedAt: at(h),
      ice: iceItems(10),
      consciousness: 'normal',
    });
  }
  for (const [day, anc] of [
    [1, 900],
    [3, 300],
    [5, 200],
    [7, 400],
    [12, 1500],
    [14, 1800],
    [20, 2100],
  ] as const) {
    await post(coord, '/labs', { collectedAt: at(day * 24 + 8), results: [{ analyte: 'anc', value: anc }] });
  }
  await post(coord, '/licats', {
    organ: 'skin',
    onsetAt: at(30 * 24),
    resolvedAt: at(34 * 24),
    resolvedWithoutTreatment: true,
    glucocorticoidDays: 0,
    innerOrgan: false,
    prolongedOrNewHospitalisation: false,
    icu: false,
  });
  await post(coord, '/infections', {
    onsetAt: at(40 * 24),
    site: 'respiratory',
    organism: 'influenza A',
    bacterial: false,
    ctcaeGrade: 2,
    hospitalised: false,
  });
  await post(coord, '/malignancies', {
    diagnosedOn: at(50 * 24).slice(0, 10),
    type: 'solid',
    site: 'skin (squamous cell carcinoma)',
    tumourSampleAvailable: true,
  });
  return { id, coord, nurse, hema };
}

/** Labs that suggest IEC-HS once CRS has improved: ferritin 6,200 ng/mL, fibrinogen 110 mg/dL. */
const IEC_HS_PANEL = [
  { analyte: 'ferritin', value: 6200 },
  { analyte: 'fibrinogen', value: 110 },
];

/** Charts the IEC-HS panel collected at `collectedAt`. */
export async function chartIecHsLabs(api: TestApi, id: number, cookie: string, collectedAt: string) {
  const json = { collectedAt, results: IEC_HS_PANEL };
  const res = await api.request('POST', `/api/patients/${id}/labs`, { cookie, json });
  expect(res.status).toBe(201);
}

/**
 * The course of chartToxicityCourse, then a re-treatment with a CD19-BCMA product on Day 62 (its
 * Day 0), charted on a clock at Day 90: a CRS grade 2 on its Day 1 (fever with nasal cannula
 * 3 L/min), its own early ICAHT (ANC ≤ 500/µL on its Days 1 and 3, recovered from Day 6) and an
 * infection on its Day 18.
 */
export async function chartRetreatmentCourse(api: TestApi) {
  const { id } = await chartToxicityCourse(api);
  api.advance(30 * 24 * H);
  // A month later: new sessions (the earlier ones have expired).
  const [coord, nurse, hema] = [
    await api.login('coordinator'),
    await api.login('nurse'),
    await api.login('hematologist'),
  ];
  const post = async (cookie: string, path: string, json: unknown) => {
    const res = await api.request('POST', `/api/patients/${id}${path}`, { cookie, json });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
  };
  const day0 = 62 * 24;
  await post(hema, '/infusions', { product: 'cd19_bcma_car_t', infusedAt: at(day0), reason: 'relapse' });
  await post(nurse, '/vitals', {
    takenAt: at(day0 + 26),
    temperatureC: 38.6,
    heartRate: 112,
    systolic: 118,
    spo2: 95,
    oxygenDevice: 'nasal_cannula',
    oxygenFlowLpm: 3,
  });
  for (const h of [40, 52, 64, 76, 100]) {
    await post(nurse, '/vitals', {
      takenAt: at(day0 + h),
      temperatureC: 36.8,
      heartRate: 78,
      systolic: 122,
      spo2: 98,
    });
  }
  for (const [day, anc] of [
    [1, 300],
    [3, 400],
    [6, 900],
    [7, 1100],
    [8, 1300],
  ] as const) {
    await post(coord, '/labs', {
      collectedAt: at(day0 + day * 24 + 8),
      results: [{ analyte: 'anc', value: anc }],
    });
  }
  await post(coord, '/infections', {
    onsetAt: at(day0 + 18 * 24),
    site: 'urinary tract',
    organism: 'E. coli',
    bacterial: true,
    ctcaeGrade: 2,
    hospitalised: false,
  });
  return { id, coord, nurse, hema };
}
