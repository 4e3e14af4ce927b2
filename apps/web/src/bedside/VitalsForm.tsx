import { type Flag, VitalSet } from '@cellwatch/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { OXYGEN_DEVICE_OPTIONS, oxygenLabel } from '../patient/clinical-ui.tsx';
import { vitalsQuery } from '../patient/queries.ts';
import { describedBy, Field, FormError, fieldError, localInputValue, toInstant } from './shared.tsx';

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
  note: '',
};
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
  'note',
];

const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));

export function VitalsForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState<Unit>('C');
  const [takenAt, setTakenAt] = useState(localInputValue());
  const [values, setValues] = useState(EMPTY);
  const [saved, setSaved] = useState<{ vital: VitalSet; flags: Flag[] } | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const history = useQuery(vitalsQuery(patientId));
  const prev = history.data?.vitals.find((v) => !v.enteredInError) ?? null;

  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    setError(null);
    setPending(true);
    const t = num(values.temperature);
    const body: Record<string, unknown> = {
      takenAt: toInstant(takenAt) ?? takenAt,
      [unit === 'C' ? 'temperatureC' : 'temperatureF']: t,
      heartRate: num(values.heartRate),
      systolic: num(values.systolic),
      diastolic: num(values.diastolic),
      respiratoryRate: num(values.respiratoryRate),
      spo2: num(values.spo2),
      oxygenDevice: values.oxygenDevice,
      oxygenFlowLpm: FLOW_DEVICES.has(values.oxygenDevice) ? num(values.oxygenFlowLpm) : undefined,
      note: values.note.trim() || undefined,
    };
    try {
      const res = await fetchVital(patientId, body);
      setSaved({ vital: res, flags: res.flags });
      setValues((v) => ({ ...EMPTY, oxygenDevice: v.oxygenDevice, oxygenFlowLpm: v.oxygenFlowLpm }));
      setTakenAt(localInputValue());
      queryClient.invalidateQueries({ queryKey: ['patients', patientId] });
      queryClient.invalidateQueries({ queryKey: ['ward'] });
      firstField.current?.focus();
    } catch (err) {
      setSaved(null);
      setError(err);
    } finally {
      setPending(false);
    }
  };
  const err = (...paths: string[]) => fieldError(error, ...paths);
  const tempErr = err('temperatureC', 'temperatureF');
  const showFlow = FLOW_DEVICES.has(values.oxygenDevice);
  const fid = (name: string) => `${id}-${name}`;

  return (
    <form className="bs-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
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
          previous={prev?.temperatureC != null ? `${prev.temperatureC} °C` : null}
          error={tempErr}
        >
          <input
            ref={firstField}
            id={fid('temp')}
            inputMode="decimal"
            value={values.temperature}
            onChange={set('temperature')}
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
          previous={prev?.heartRate != null ? `${prev.heartRate} /min` : null}
          error={err('heartRate')}
        >
          <input
            id={fid('hr')}
            inputMode="numeric"
            value={values.heartRate}
            onChange={set('heartRate')}
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
          previous={prev?.systolic != null ? `${prev.systolic} mmHg` : null}
          error={err('systolic')}
        >
          <input
            id={fid('sys')}
            inputMode="numeric"
            value={values.systolic}
            onChange={set('systolic')}
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
          previous={prev?.diastolic != null ? `${prev.diastolic} mmHg` : null}
          error={err('diastolic')}
        >
          <input
            id={fid('dia')}
            inputMode="numeric"
            value={values.diastolic}
            onChange={set('diastolic')}
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
          previous={prev?.respiratoryRate != null ? `${prev.respiratoryRate} /min` : null}
          error={err('respiratoryRate')}
        >
          <input
            id={fid('rr')}
            inputMode="numeric"
            value={values.respiratoryRate}
            onChange={set('respiratoryRate')}
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
          previous={prev?.spo2 != null ? `${prev.spo2} %` : null}
          error={err('spo2')}
        >
          <input
            id={fid('spo2')}
            inputMode="numeric"
            value={values.spo2}
            onChange={set('spo2')}
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
            value={values.oxygenDevice}
            onChange={set('oxygenDevice')}
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
            hint={
              values.oxygenDevice === 'nasal_cannula' ? 'Required; above 6 L/min is high flow' : 'Optional'
            }
            previous={prev?.oxygenFlowLpm != null ? `${prev.oxygenFlowLpm} L/min` : null}
            error={err('oxygenFlowLpm')}
          >
            <input
              id={fid('flow')}
              inputMode="decimal"
              value={values.oxygenFlowLpm}
              onChange={set('oxygenFlowLpm')}
              aria-invalid={err('oxygenFlowLpm') ? true : undefined}
              aria-describedby={describedBy(fid('flow'), err('oxygenFlowLpm'))}
              autoComplete="off"
            />
          </Field>
        )}
        <Field
          id={fid('time')}
          label="Taken at"
          hint="Defaults to now; change it if charting late"
          error={err('takenAt')}
        >
          <input
            id={fid('time')}
            type="datetime-local"
            value={takenAt}
            onChange={(e) => setTakenAt(e.target.value)}
            aria-invalid={err('takenAt') ? true : undefined}
            aria-describedby={describedBy(fid('time'), err('takenAt'))}
          />
        </Field>
        <Field id={fid('note')} label="Note (optional)" error={err('note')}>
          <input
            id={fid('note')}
            value={values.note}
            onChange={set('note')}
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

const VitalResponse = z.object({ vital: VitalSet });

async function fetchVital(patientId: number, body: Record<string, unknown>): Promise<VitalSet> {
  const res = await apiRequest(`/api/patients/${patientId}/vitals`, { body, schema: VitalResponse });
  return res.vital;
}
