import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let key: string;
let deviceId: number;
let patientId: number;

const ts = (h: number) => new Date(T0 + h * H).toISOString().replace(/[-:T]/g, '').slice(0, 14);

/** An ORU^R01 as a Philips/GE-style gateway forwards it: several OBX per observation time. */
function oru(control: string, mrn: string, h: number, obx: string[]): string {
  return [
    `MSH|^~\\&|MONITOR|ICU-BED4|CELLWATCH|UNIT|${ts(h)}||ORU^R01^ORU_R01|${control}|P|2.5`,
    `PID|1||${mrn}^^^HOSP^MR||Demo^Patient||19800101|F`,
    `OBR|1|||vitals^Vital signs|||${ts(h)}`,
    ...obx.map((o, i) => `OBX|${i + 1}|${o}`),
  ].join('\r');
}

beforeEach(async () => {
  api = await createTestApi();
  api.advance(2 * 24 * H);
  const [admin, coord] = [await api.login('admin'), await api.login('coordinator')];
  const created = await api.request('POST', '/api/devices', { cookie: admin, json: { name: 'ICU bed 4' } });
  expect(created.status).toBe(201);
  ({ key } = await created.json());
  deviceId = (await api.request('GET', '/api/devices', { cookie: admin }).then((r) => r.json())).devices[0]
    .id;
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'HL7-1',
      givenName: 'Hl',
      familyName: 'Seven',
      birthDate: '1980-01-01',
      sex: 'female',
      weightKg: 60,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'inpatient_monitoring',
    },
  });
  patientId = (await res.json()).patient.id;
});
afterEach(async () => {
  await api.close();
});

const send = (body: string, k: string | null = key) =>
  api.request('POST', '/api/hl7v2', {
    body,
    headers: { 'content-type': 'text/plain', ...(k && { authorization: `Bearer ${k}` }) },
  });
const msa = (text: string) =>
  [...text.matchAll(/MSA\|(\w\w)\|([^|]*)\|([^\r]*)/g)].map((m) => [m[1], m[2], m[3]]);

describe('HL7 v2 vitals from bedside monitors', () => {
  it('charts the OBX vital signs of each ORU^R01 for the patient in PID-3 and acknowledges each message', async () => {
    const body = [
      oru('MSG001', 'HL7-1', 26, [
        'NM|8310-5^Body temperature^LN||101.3|[degF]^^UCUM|||||F',
        'NM|8867-4^Heart rate^LN||118|/min|||||F',
        'NM|8480-6^Systolic^LN||86|mm[Hg]|||||F',
        'NM|8462-4^Diastolic^LN||52|mm[Hg]|||||F',
        'NM|59408-5^SpO2^LN||94|%|||||F',
        'NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||94|%|||||F',
      ]),
      oru('MSG002', 'HL7-1', 27, [
        'NM|8310-5^Body temperature^LN||38.2|Cel|||||F',
        'NM|9279-1^Resp rate^LN||X|/min|||||X',
      ]),
    ].join('\r');
    const res = await send(body);
    expect(res.status).toBe(200);
    expect(msa(await res.text())).toEqual([
      ['AA', 'MSG001', '1 vital set(s) charted'],
      ['AA', 'MSG002', '1 vital set(s) charted'],
    ]);
    const { vitals } = await (
      await api.request('GET', `/api/patients/${patientId}/vitals`, { cookie: await api.login('nurse') })
    ).json();
    expect(
      vitals.map((v: Record<string, unknown>) => [
        v.temperatureC,
        v.heartRate,
        v.systolic,
        v.diastolic,
        v.spo2,
        v.respiratoryRate,
      ]),
    ).toEqual([
      [38.2, null, null, null, null, null],
      [38.5, 118, 86, 52, 94, null],
    ]);
    expect(vitals[1].recordedBy.displayName).toBe('Monitor ICU bed 4');
    const tox = await (
      await api.request('GET', `/api/patients/${patientId}/toxicity`, {
        cookie: await api.login('hematologist'),
      })
    ).json();
    expect(tox.current.crs.grade).toBe(2); // fever with hypotension, charted by the monitor
  });

  it('answers AE for an unknown patient, an impossible value or no usable OBX, and AR for a malformed or wrong message', async () => {
    const vitalSets = async () => (await api.query('select count(*) n from vital_sets'))[0];
    const before = await vitalSets();
    const body = [
      oru('E1', 'NOBODY', 26, ['NM|8867-4^HR^LN||80|/min|||||F']),
      oru('E2', 'HL7-1', 26, ['NM|8310-5^T^LN||52|Cel|||||F']),
      oru('E3', 'HL7-1', 26, ['NM|1234-5^Unknown^LN||1|x|||||F']),
      oru('E4', '', 26, ['NM|8867-4^HR^LN||80|/min|||||F']),
      'MSH|^~\\&|MONITOR|X|CW|U|20260101||ADT^A01|E5|P|2.5\rPID|1||HL7-1',
    ].join('\r');
    const text = await (await send(body)).text();
    const acks = msa(text);
    expect(acks.map((a) => [a[0], a[1]])).toEqual([
      ['AE', 'E1'],
      ['AE', 'E2'],
      ['AE', 'E3'],
      ['AE', 'E4'],
      ['AR', 'E5'],
    ]);
    expect(acks[0]?.[2]).toMatch(/NOBODY/);
    expect(acks[1]?.[2]).toMatch(/temperatureC/);
    expect(await vitalSets()).toEqual(before);
    const garbage = await (await send('this is not hl7')).text();
    expect(msa(garbage)[0]?.[0]).toBe('AR');
  });

  it('needs a valid, unrevoked device key', async () => {
    const msg = oru('K1', 'HL7-1', 26, ['NM|8867-4^HR^LN||80|/min|||||F']);
    expect((await send(msg, null)).status).toBe(401);
    expect((await send(msg, 'cwd_wrong')).status).toBe(401);
    const admin = await api.login('admin');
    expect(
      (await api.request('POST', `/api/devices/${deviceId}/revoke`, { cookie: admin, json: {} })).status,
    ).toBe(204);
    expect((await send(msg)).status).toBe(401);
    const [device] = await api.query<{ key_hash: string }>('select key_hash from devices');
    expect(device?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(device?.key_hash).not.toContain(key);
  });
});

describe('HL7 v2: replays, times, numbers and the ACK', () => {
  const vitalSets = async () =>
    Number((await api.query<{ n: number }>('select count(*) as n from vital_sets'))[0]?.n);

  it('charts a resent message once: the repeat gets the first ACK (per device and MSH-10)', async () => {
    const msg = oru('REPLAY-1', 'HL7-1', 26, ['NM|8867-4^HR^LN||96|/min|||||F']);
    const before = await vitalSets();
    const first = msa(await (await send(msg)).text());
    const again = msa(await (await send(msg)).text());
    const together = await Promise.all([send(msg), send(msg)]);
    expect(first).toEqual([['AA', 'REPLAY-1', '1 vital set(s) charted']]);
    expect(again).toEqual(first);
    for (const r of together) expect(msa(await r.text())).toEqual(first);
    expect(await vitalSets()).toBe(before + 1);
    // Another device's message with the same control id is its own message.
    const admin = await api.login('admin');
    const other = await (
      await api.request('POST', '/api/devices', { cookie: admin, json: { name: 'ICU bed 5' } })
    ).json();
    expect(msa(await (await send(msg, other.key)).text())[0]?.[0]).toBe('AA');
    expect(await vitalSets()).toBe(before + 2);
  });

  it('refuses a message without a control id, and observation times before birth or in the future', async () => {
    const before = await vitalSets();
    const noId = oru('', 'HL7-1', 26, ['NM|8867-4^HR^LN||80|/min|||||F']);
    const beforeBirth = oru('T-1', 'HL7-1', 26, ['NM|8867-4^HR^LN||80|/min|||||F|||19700101120000']);
    const future = oru('T-2', 'HL7-1', 26, ['NM|8867-4^HR^LN||80|/min|||||F|||21000101120000']);
    const acks = msa(await (await send([noId, beforeBirth, future].join('\r'))).text());
    expect(acks.map((a) => a[0])).toEqual(['AR', 'AE', 'AE']);
    expect(acks[1]?.[2]).toMatch(/before the patient was born/);
    expect(acks[2]?.[2]).toMatch(/in the future/);
    expect(await vitalSets()).toBe(before);
  });

  it('reads values as HL7 NM: 0x50, 1e2, padded or empty values are not numbers', async () => {
    const before = await vitalSets();
    for (const [n, value] of ['0x50', '1e2', ' 80', '', '8 0', 'Infinity'].entries()) {
      const acks = msa(
        await (await send(oru(`NM-${n}`, 'HL7-1', 26, [`NM|8867-4^HR^LN||${value}|/min|||||F`]))).text(),
      );
      expect(acks[0]?.[0], value).toBe('AE');
      expect(acks[0]?.[2]).toMatch(/is not a number/);
    }
    expect(await vitalSets()).toBe(before);
    const ok = msa(
      await (await send(oru('NM-ok', 'HL7-1', 26, ['NM|8867-4^HR^LN||+80.0|/min|||||F']))).text(),
    );
    expect(ok[0]?.[0]).toBe('AA');
  });

  it('escapes what the ACK echoes: a hostile control id or sender cannot add fields or segments', async () => {
    // A sender with other encoding characters: # separates fields, so | and ^ are plain text here.
    const hostile = [
      'MSH#$~!@#EVIL|APP^X#FAC#CW#U#20260303100000##ORU$R01#ID|MSA|AA^1#P#2.5',
      'PID#1##NOBODY',
      'OBX#1#NM#8867-4$HR$LN##80#/min#####F',
    ].join('\r');
    const text = await (await send(hostile)).text();
    const segments = text.split('\r').filter(Boolean);
    expect(segments.map((s) => s.slice(0, 3))).toEqual(['MSH', 'MSA']);
    const msh = segments[0]?.split('|') ?? [];
    expect(msh[4]).toBe('EVIL\\F\\APP\\S\\X');
    const msaFields = segments[1]?.split('|') ?? [];
    expect(msaFields).toHaveLength(4);
    expect(msaFields[1]).toBe('AE');
    expect(msaFields[2]).toBe('ID\\F\\MSA\\F\\AA\\S\\1');
  });
});
