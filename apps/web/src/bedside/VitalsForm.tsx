import { type Flag, type VitalSet, VitalSetRequest, VitalSetResponse } from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { OXYGEN_DEVICE_OPTIONS, oxygenLabel } from '../patient/clinical-ui.tsx';
import { vitalsQuery } from '../patient/queries.ts';
import { describedBy, Field, FormError, fieldError, NowButton, useChartedTime } from './shared.tsx';

type Unit = 'C' | 'F';
const EMPTY = {
  temperature: '',
  heartRate: '',
  systolic: '',
  diastolic: '',
  respiratoryRate: '',
  spo2: '',
  oxygenDevice: 'room_air',
  oxygenFlowLpm: '',
  // Off by default and after every save: oxygen counts as hypoxia unless the nurse says otherwise.
  oxygenForComfort: false,
  note: '',
};
type VitalsEntry = typeof EMPTY;
/** The body as sent: the server fills in the schema's defaults. */
type VitalSetBody = z.input<typeof VitalSetRequest>;
const FLOW_DEVICES = new Set([
  'nasal_cannula',
  'high_flow_nasal_cannula',
  'face_mask',
  'non_rebreather',
  'venturi_mask',
]);
const KNOWN = [
  'takenAt',
  'temperatureC',
  'temperatureF',
  'heartRate',
  'systolic',
  'diastolic',
  'respiratoryRate',
  'spo2',
  'oxygenDevice',
  'oxygenFlowLpm',
  'oxygenForComfort',
  'note',
];

const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));

type Measured =
  | 'temperatureC'
  | 'heartRate'
  | 'systolic'
  | 'diastolic'
  | 'respiratoryRate'
  | 'spo2'
  | 'oxygenFlowLpm';

/**
 * The latest valid value of one vital, from whichever set charted it (sets come newest first), so a
 * temperature-only set does not blank the other hints. Shows its time when older than the newest set.
 */
function previousOf(
  vitals: readonly VitalSet[],
  key: Measured,
  format: (value: number) => string,
): string | null {
  const valid = vitals.filter((v) => !v.enteredInError);
  const set = valid.find((v) => v[key] !== null);
  const value = set?.[key];
  if (!set || value === null || value === undefined) return null;
  return set === valid[0] ? format(value) : `${format(value)} (${formatLocalDateTime(set.takenAt)})`;
}

export function VitalsForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState<Unit>('C');
  const takenAt = useChartedTime();
  const [saved, setSaved] = useState<{ vital: VitalSet; flags: Flag[] } | null>(null);
  const history = useQuery(vitalsQuery(patientId));
  const prev = history.data?.vitals.find((v) => !v.enteredInError) ?? null;
  const previous = (key: Measured, format: (value: number) => string) =>
    previousOf(history.data?.vitals ?? [], key, format);

  const save = useMutation({
    mutationFn: (body: VitalSetBody) => fetchVital(patientId, body),
    onSuccess: (vital) => {
      setSaved({ vital, flags: vital.flags });
      // The device and its flow stay (they rarely change between sets); comfort-only does not.
      const { oxygenDevice, oxygenFlowLpm } = form.getValues();
      form.reset({ ...EMPTY, oxygenDevice, oxygenFlowLpm });
      takenAt.followNow();
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
    onError: () => setSaved(null),
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: VitalSetRequest,
    defaultValues: EMPTY,
    mutation: save,
    send: (body) => save.mutate(body),
    onInvalid: () => setSaved(null),
    toRequest: (values: VitalsEntry): VitalSetBody => ({
      takenAt: takenAt.instant(),
      [unit === 'C' ? 'temperatureC' : 'temperatureF']: num(values.temperature),
      heartRate: num(values.heartRate),
      systolic: num(values.systolic),
      diastolic: num(values.diastolic),
      respiratoryRate: num(values.respiratoryRate),
      spo2: num(values.spo2),
      oxygenDevice: values.oxygenDevice as VitalSetBody['oxygenDevice'],
      oxygenFlowLpm: FLOW_DEVICES.has(values.oxygenDevice) ? num(values.oxygenFlowLpm) : undefined,
      oxygenForComfort: values.oxygenDevice !== 'room_air' && values.oxygenForComfort ? true : undefined,
      note: values.note.trim() || undefined,
    }),
  });
  // After a confirmed save the cursor is back in the first field, for the next set. Once the
  // cleared form has rendered: reset() lets go of the inputs, which register again as they render.
  useEffect(() => {
    if (saved) form.setFocus('temperature');
  }, [saved, form]);
  const pending = save.isPending;
  const oxygenDevice = form.watch('oxygenDevice');
  const err = (...paths: string[]) => fieldError(error, ...paths);
  const tempErr = err('temperatureC', 'temperatureF');
  const showFlow = FLOW_DEVICES.has(oxygenDevice);
  const fid = (name: string) => `${id}-${name}`;

  return (
    <form className="bs-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Vital signs</h2>
      {prev && (
        <p className="muted">
          Previous set {formatLocalDateTime(prev.takenAt)} by {prev.recordedBy.displayName}.
        </p>
      )}
      <div className="bs-grid">
        <Field
          id={fid('temp')}
          label="Temperature"
          unit={unit === 'C' ? '°C' : '°F'}
          extra={
            <button
              type="button"
              className="button button--quiet bs-unit-switch"
              onClick={() => setUnit((u) => (u === 'C' ? 'F' : 'C'))}
            >
              Enter in {unit === 'C' ? '°F' : '°C'}
            </button>
          }
          hint={unit === 'C' ? 'Usual 35–41 °C; fever ≥ 38 °C' : 'Usual 95–106 °F; fever ≥ 100.4 °F'}
          previous={previous('temperatureC', (v) => `${v} °C`)}
          error={tempErr}
        >
          <input
            id={fid('temp')}
            inputMode="decimal"
            {...form.register('temperature')}
            aria-invalid={tempErr ? true : undefined}
            aria-describedby={describedBy(fid('temp'), tempErr)}
            autoComplete="off"
          />
        </Field>
        <Field
          id={fid('hr')}
          label="Heart rate"
          unit="/min"
          hint="Usual 40–180"
          previous={previous('heartRate', (v) => `${v} /min`)}
          error={err('heartRate')}
        >
          <input
            id={fid('hr')}
            inputMode="numeric"
            {...form.register('heartRate')}
            aria-invalid={err('heartRate') ? true : undefined}
            aria-describedby={describedBy(fid('hr'), err('heartRate'))}
            autoComplete="off"
          />
        </Field>
        <Field
          id={fid('sys')}
          label="Systolic BP"
          unit="mmHg"
          hint="Usual 70–200; < 90 is hypotension"
          previous={previous('systolic', (v) => `${v} mmHg`)}
          error={err('systolic')}
        >
          <input
            id={fid('sys')}
            inputMode="numeric"
            {...form.register('systolic')}
            aria-invalid={err('systolic') ? true : undefined}
            aria-describedby={describedBy(fid('sys'), err('systolic'))}
            autoComplete="off"
          />
        </Field>
        <Field
          id={fid('dia')}
          label="Diastolic BP"
          unit="mmHg"
          hint="Usual 40–120"
          previous={previous('diastolic', (v) => `${v} mmHg`)}
          error={err('diastolic')}
        >
          <input
            id={fid('dia')}
            inputMode="numeric"
            {...form.register('diastolic')}
            aria-invalid={err('diastolic') ? true : undefined}
            aria-describedby={describedBy(fid('dia'), err('diastolic'))}
            autoComplete="off"
          />
        </Field>
        <Field
          id={fid('rr')}
          label="Respiratory rate"
          unit="/min"
          hint="Usual 8–40"
          previous={previous('respiratoryRate', (v) => `${v} /min`)}
          error={err('respiratoryRate')}
        >
          <input
            id={fid('rr')}
            inputMode="numeric"
            {...form.register('respiratoryRate')}
            aria-invalid={err('respiratoryRate') ? true : undefined}
            aria-describedby={describedBy(fid('rr'), err('respiratoryRate'))}
            autoComplete="off"
          />
        </Field>
        <Field
          id={fid('spo2')}
          label="SpO2"
          unit="%"
          hint="Usual 85–100"
          previous={previous('spo2', (v) => `${v} %`)}
          error={err('spo2')}
        >
          <input
            id={fid('spo2')}
            inputMode="numeric"
            {...form.register('spo2')}
            aria-invalid={err('spo2') ? true : undefined}
            aria-describedby={describedBy(fid('spo2'), err('spo2'))}
            autoComplete="off"
          />
        </Field>
        <Field
          id={fid('o2')}
          label="Oxygen"
          previous={prev ? oxygenLabel(prev.oxygenDevice, prev.oxygenFlowLpm) : null}
          error={err('oxygenDevice')}
        >
          <select
            id={fid('o2')}
            {...form.register('oxygenDevice')}
            aria-describedby={describedBy(fid('o2'), err('oxygenDevice'))}
          >
            {OXYGEN_DEVICE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        {showFlow && (
          <Field
            id={fid('flow')}
            label="Oxygen flow"
            unit="L/min"
            hint={oxygenDevice === 'nasal_cannula' ? 'Required; above 6 L/min is high flow' : 'Optional'}
            previous={previous('oxygenFlowLpm', (v) => `${v} L/min`)}
            error={err('oxygenFlowLpm')}
          >
            <input
              id={fid('flow')}
              inputMode="decimal"
              {...form.register('oxygenFlowLpm')}
              aria-invalid={err('oxygenFlowLpm') ? true : undefined}
              aria-describedby={describedBy(fid('flow'), err('oxygenFlowLpm'))}
              autoComplete="off"
            />
          </Field>
        )}
        {oxygenDevice !== 'room_air' && (
          <label className="bs-check bs-check--row">
            <input
              type="checkbox"
              {...form.register('oxygenForComfort')}
              aria-describedby={fid('comfort-hint')}
            />
            For comfort only (not for hypoxia)
            <span id={fid('comfort-hint')} className="muted small">
              CRS grading then does not count this oxygen as hypoxia (ASTCT 2019)
            </span>
          </label>
        )}
        <Field
          id={fid('time')}
          label="Taken at"
          hint={
            takenAt.edited
              ? 'As entered; "Now" follows the clock again'
              : 'Follows the clock; change it if charting late'
          }
          error={err('takenAt')}
          extra={<NowButton time={takenAt} label="taken at" />}
        >
          <input
            id={fid('time')}
            type="datetime-local"
            value={takenAt.value}
            onChange={(e) => takenAt.onChange(e.target.value)}
            aria-invalid={err('takenAt') ? true : undefined}
            aria-describedby={describedBy(fid('time'), err('takenAt'))}
          />
        </Field>
        <Field id={fid('note')} label="Note (optional)" error={err('note')}>
          <input
            id={fid('note')}
            {...form.register('note')}
            maxLength={2000}
            aria-describedby={describedBy(fid('note'), err('note'))}
          />
        </Field>
      </div>
      <FormError error={error} known={KNOWN} />
      <div className="form__actions">
        <button type="submit" className="button button--primary bs-submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save vital signs'}
        </button>
        <span className="muted small">Enter saves.</span>
      </div>
      {saved && (
        <div
          className={saved.flags.length ? 'notice notice--warning' : 'notice notice--success'}
          role="status"
        >
          <span className="notice__icon" aria-hidden="true">
            {saved.flags.length ? '!' : '✓'}
          </span>
          <div>
            <strong>Saved vital signs of {formatLocalDateTime(saved.vital.takenAt)}.</strong>
            {saved.flags.length > 0 && (
              <ul>
                {saved.flags.map((f) => (
                  <li key={`${f.field}-${f.message}`}>
                    Check {f.field}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </form>
  );
}

async function fetchVital(patientId: number, body: VitalSetBody): Promise<VitalSet> {
  const res = await apiRequest(`/api/patients/${patientId}/vitals`, { body, schema: VitalSetResponse });
  return res.vital;
}
