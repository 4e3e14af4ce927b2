import { Patient, PatientStatus } from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { describedBy, Field, FormError, fieldError } from '../bedside/shared.tsx';
import { statusLabel } from '../format/clinical.ts';
import { patientQuery } from '../patient/queries.ts';
import '../bedside/bedside.css';
import { queryKeys } from '../api/query-keys.ts';

const PatientResponse = z.object({ patient: Patient });

/**
 * Weight and status, the two things that change during a stay: the weight doses tocilizumab,
 * the status decides whether the ward follows the patient. Each change is audited by the API
 * with the value before and after.
 */
export function PatientDetailsForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const patient = useQuery(patientQuery(patientId));
  const [weight, setWeight] = useState<string | null>(null);
  const [status, setStatus] = useState<PatientStatus | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (body: unknown) =>
      apiRequest(`/api/patients/${patientId}`, { method: 'PATCH', body, schema: PatientResponse }),
    onSuccess: ({ patient: after }, body) => {
      queryClient.setQueryData(patientQuery(patientId).queryKey, { patient: after });
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      const changed = body as { weightKg?: number; status?: PatientStatus };
      setSaved(
        [
          changed.weightKg !== undefined ? `weight ${after.weightKg} kg` : null,
          changed.status !== undefined ? `status ${statusLabel(after.status)}` : null,
        ]
          .filter(Boolean)
          .join(', '),
      );
      setWeight(null);
      setStatus(null);
    },
  });
  const p = patient.data?.patient;
  if (!p) return null;
  const weightText = weight ?? String(p.weightKg);
  const statusValue = status ?? p.status;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    const body: { weightKg?: number; status?: PatientStatus } = {};
    const w = Number(weightText.trim().replace(',', '.'));
    if (weightText.trim() !== String(p.weightKg)) body.weightKg = weightText.trim() === '' ? Number.NaN : w;
    if (statusValue !== p.status) body.status = statusValue;
    setSaved(null);
    if (Object.keys(body).length === 0) return;
    // NaN is sent as null by JSON: the API names the field in its refusal.
    update.mutate(body);
  };
  const wErr = fieldError(update.error, 'weightKg');
  return (
    <form className="bs-form card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Weight and status</h2>
      <div className="bs-grid">
        <Field id={`${id}-weight`} label="Weight" unit="kg" error={wErr} hint={`Charted: ${p.weightKg} kg`}>
          <input
            id={`${id}-weight`}
            inputMode="decimal"
            autoComplete="off"
            value={weightText}
            onChange={(e) => setWeight(e.target.value)}
            aria-invalid={wErr ? true : undefined}
            aria-describedby={describedBy(`${id}-weight`, wErr)}
          />
        </Field>
        <Field id={`${id}-status`} label="Status" error={fieldError(update.error, 'status')}>
          <select
            id={`${id}-status`}
            value={statusValue}
            onChange={(e) => setStatus(e.target.value as PatientStatus)}
          >
            {PatientStatus.options.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FormError error={update.error} known={['weightKg', 'status']} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save weight and status'}
        </button>
      </div>
      {saved && (
        <p className="notice notice--success" role="status">
          <span className="notice__icon" aria-hidden="true">
            ✓
          </span>
          Saved: {saved}.
        </p>
      )}
    </form>
  );
}
