import { checkVitalSigns, fahrenheitToCelsius, meanArterialPressure } from '@cellwatch/clinical';
import { appendAudit } from '../audit/audit-log.ts';
import { engineFactId } from '../charting/fact-ref.ts';
import { impossibleTime } from '../charting/facts.ts';
import { VITAL_CODES, type VitalColumn } from '../fhir/export.ts';
import { ApiError } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { hashDeviceKey } from './device-key.ts';
import { receiveHl7Messages } from './hl7.routes.ts';
import {
  componentOf,
  escapeHl7,
  fieldOf,
  type Hl7Message,
  Hl7ParseError,
  parseHl7Number,
  parseHl7Time,
  parseMessage,
  reencodeField,
  splitMessages,
  unescapeHl7,
} from './parse.ts';

const VITAL_BY_LOINC = new Map<string, VitalColumn>(
  (Object.keys(VITAL_CODES) as VitalColumn[]).map((c) => [VITAL_CODES[c].loinc, c]),
);
const UNITS: Record<string, Record<string, (v: number) => number>> = {
  temperature_c: { Cel: (v) => v, C: (v) => v, '[degF]': fahrenheitToCelsius, F: fahrenheitToCelsius },
};
const hl7Now = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

type Ack = { code: 'AA' | 'AE' | 'AR'; text: string };

/**
 * The ACK for one message, always in the standard encoding (|^~\&). What it echoes of the
 * message (sending application and facility, control id, version) is re-encoded piece by
 * piece and the text is escaped, so no value can end a field or a segment of the ACK.
 */
function ackMessage(message: Hl7Message | null, ack: Ack, now: number, n: number): string {
  const msh = message?.segments.find((s) => s.name === 'MSH');
  const echo = (field: number) => (message ? reencodeField(fieldOf(msh, field), message.separators) : '');
  return [
    [
      'MSH',
      '^~\\&',
      'CELLWATCH',
      'CELLWATCH',
      echo(3),
      echo(4),
      hl7Now(now),
      '',
      'ACK^R01^ACK',
      `CW${now}${n}`,
      'P',
      echo(12) || '2.5',
    ].join('|'),
    ['MSA', ack.code, echo(10), escapeHl7(ack.text).slice(0, 200)].join('|'),
  ].join('\r');
}

/**
 * HL7 v2 vitals from bedside monitors (as an interface engine forwards them): one or more
 * ORU^R01 messages in a text/plain body, authenticated by a device API key. Each message is
 * its own unit: its OBX vital signs (LOINC-coded, UCUM units) become vital sets of the patient in
 * PID-3 (MRN), charted, graded and audited in one transaction, and answered with an ACK:
 * AA accepted, AE refused for its content (unknown patient, impossible value, no usable OBX),
 * AR rejected as a message (malformed, not ORU^R01).
 */
export const hl7Routes = resourceRouter().openapi(receiveHl7Messages, async (c) => {
  const { db, now, regrader, events } = c.var.services;
  const key = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const device = key
    ? await db
        .selectFrom('devices')
        .selectAll()
        .where('key_hash', '=', hashDeviceKey(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!device)
    throw new ApiError(
      401,
      'device_not_authorised',
      'Send a valid device key as "Authorization: Bearer <key>".',
    );
  const deviceId = device.id;
  const type = c.req.header('content-type') ?? '';
  if (!/^(text\/plain|x-application\/hl7-v2\+er7|application\/hl7-v2)\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send HL7 v2 messages as text/plain.');
  }
  const body = await c.req.text();
  const recorder = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('id', '=', device.user_id)
    .executeTakeFirstOrThrow();
  const acks: string[] = [];
  for (const [n, raw] of splitMessages(body).entries()) {
    let message: Hl7Message | null = null;
    let ack: Ack;
    try {
      message = parseMessage(raw);
      ack = await chartMessage(message);
    } catch (err) {
      if (!(err instanceof Hl7ParseError)) throw err;
      ack = { code: 'AR', text: err.message };
    }
    acks.push(ackMessage(message, ack, now(), n));
  }
  if (!acks.length) acks.push(ackMessage(null, { code: 'AR', text: 'no MSH segment found' }, now(), 0));
  return c.body(`${acks.join('\r\r')}\r`, 200, { 'Content-Type': 'text/plain; charset=utf-8' });

  async function chartMessage(m: Hl7Message): Promise<Ack> {
    const seg = (name: string) => m.segments.find((s) => s.name === name);
    const comp = m.separators.component;
    const msh = seg('MSH');
    const messageType = fieldOf(msh, 9);
    if (componentOf(messageType, 1, comp) !== 'ORU' || componentOf(messageType, 2, comp) !== 'R01') {
      return { code: 'AR', text: `message type ${messageType || '(none)'} is not ORU^R01` };
    }
    // Idempotent per device and message control id: a sender that lost our ACK sends the
    // message again; it gets the first answer and nothing is charted twice.
    const controlId = unescapeHl7(fieldOf(msh, 10), m.separators);
    if (!controlId) return { code: 'AR', text: 'MSH-10 (message control id) is missing' };
    const seen = await db
      .selectFrom('hl7_messages')
      .select('ack_text')
      .where('device_id', '=', deviceId)
      .where('control_id', '=', controlId)
      .executeTakeFirst();
    if (seen) return { code: 'AA', text: seen.ack_text };
    const mrn = componentOf(fieldOf(seg('PID'), 3).split(m.separators.repetition)[0] ?? '', 1, comp);
    if (!mrn) return { code: 'AE', text: 'PID-3 (patient identifier) is missing' };
    const patient = await db.selectFrom('patients').selectAll().where('mrn', '=', mrn).executeTakeFirst();
    if (!patient) return { code: 'AE', text: `no enrolled patient with MRN ${mrn}` };
    const fallbackTime = parseHl7Time(fieldOf(seg('OBR'), 7)) ?? parseHl7Time(fieldOf(msh, 7));
    const sets = new Map<number, Partial<Record<VitalColumn, number>>>();
    const problems: string[] = [];
    for (const obx of m.segments.filter((s) => s.name === 'OBX')) {
      const status = fieldOf(obx, 11);
      if (status === 'X' || status === 'W' || status === 'D') continue; // cannot be obtained / wrong / deleted
      const id = fieldOf(obx, 3);
      const code = componentOf(id, 1, comp);
      const column = VITAL_BY_LOINC.get(code);
      if (!column) continue; // other monitor channels are not vital signs CellWatch charts
      const value = parseHl7Number(fieldOf(obx, 5));
      if (value === null) {
        problems.push(`OBX ${fieldOf(obx, 1)}: value "${fieldOf(obx, 5)}" is not a number`);
        continue;
      }
      const unit = componentOf(fieldOf(obx, 6), 1, comp) || VITAL_CODES[column].unit;
      const convert =
        UNITS[column]?.[unit] ?? (unit === VITAL_CODES[column].unit ? (v: number) => v : undefined);
      if (!convert) {
        problems.push(`OBX ${fieldOf(obx, 1)}: unit ${unit} is not accepted for ${code}`);
        continue;
      }
      const at = parseHl7Time(fieldOf(obx, 14)) ?? fallbackTime;
      if (at === null) {
        problems.push(`OBX ${fieldOf(obx, 1)}: no observation time (OBX-14, OBR-7 or MSH-7)`);
        continue;
      }
      sets.set(at, { ...sets.get(at), [column]: convert(value) });
    }
    if (problems.length) return { code: 'AE', text: problems.join('; ') };
    if (!sets.size)
      return { code: 'AE', text: 'no vital-sign OBX segment with a LOINC code CellWatch charts' };
    for (const [at, v] of sets) {
      const check = checkVitalSigns({
        temperatureC: v.temperature_c,
        heartRate: v.heart_rate,
        systolic: v.systolic,
        diastolic: v.diastolic,
        respiratoryRate: v.respiratory_rate,
        spo2: v.spo2,
        oxygenFlowLpm: v.oxygen_flow_lpm,
        fio2: v.fio2,
      });
      if (check.impossible.length)
        return { code: 'AE', text: check.impossible.map((f) => `${f.field} ${f.message}`).join('; ') };
      const impossible = impossibleTime('observation time', at, patient.birth_date, now());
      if (impossible) return { code: 'AE', text: `${impossible.path} ${impossible.message}` };
    }
    const ackText = `${sets.size} vital set(s) charted`;
    const published = await db.transaction().execute(async (trx) => {
      const at = new Date(now());
      const first = await trx
        .insertInto('hl7_messages')
        .values({
          device_id: deviceId,
          control_id: controlId,
          ack_text: ackText,
          received_at: at.toISOString(),
        })
        .onConflict((oc) => oc.columns(['device_id', 'control_id']).doNothing())
        .returning('control_id')
        .executeTakeFirst();
      if (!first) return null; // the same message, charted by a request that ran alongside this one
      const refs = [];
      for (const [takenAt, v] of [...sets].sort((a, b) => a[0] - b[0])) {
        const row = await trx
          .insertInto('vital_sets')
          .values({
            patient_id: patient.id,
            taken_at: new Date(takenAt).toISOString(),
            taken_at_ms: takenAt,
            temperature_c: v.temperature_c ?? null,
            heart_rate: v.heart_rate ?? null,
            systolic: v.systolic ?? null,
            diastolic: v.diastolic ?? null,
            mean_arterial:
              v.mean_arterial ??
              (v.systolic !== undefined && v.diastolic !== undefined
                ? meanArterialPressure(v.systolic, v.diastolic)
                : null),
            respiratory_rate: v.respiratory_rate ?? null,
            spo2: v.spo2 ?? null,
            oxygen_device: 'room_air',
            oxygen_flow_lpm: null,
            fio2: v.fio2 ?? null,
            hypotension_recorded: null,
            flags_json: null,
            note: `HL7 v2 from ${device?.name} (${fieldOf(msh, 10)})`,
            recorded_by: recorder.id,
            recorded_at: at.toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        refs.push({ table: 'vital_sets' as const, id: row.id });
      }
      const regraded = await regrader.afterChange(trx, patient.id, { kind: 'added', refs }, at);
      await appendAudit(
        trx,
        {
          actor: recorder,
          action: 'hl7_import',
          entity: 'vital_set',
          patientId: patient.id,
          after: { message: fieldOf(msh, 10), facts: refs.map(engineFactId) },
        },
        at,
      );
      return [
        { type: 'fact_charted' as const, patientId: patient.id, data: { kind: 'hl7v2', count: refs.length } },
        ...regraded,
      ];
    });
    if (published) events.publish(published);
    return { code: 'AA', text: ackText };
  }
});
