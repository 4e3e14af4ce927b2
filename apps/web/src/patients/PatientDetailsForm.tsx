import {
  type Patient,
  PatientResponse,
  type PatientStatus,
  UpdatePatientRequest,
} from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId } from 'react';
import type { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { describedBy, Field, FormError, fieldError } from '../bedside/shared.tsx';
import { statusLabel } from '../format/clinical.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { patientQuery } from '../patient/queries.ts';
import '../bedside/bedside.css';
import { queryKeys } from '../api/query-keys.ts';
import { enteredWeightKg, PatientStatusField } from './patient-entry.tsx';

/**
 * Weight and status, the two things that change during a stay: the weight doses tocilizumab,
 * the status decides whether the ward follows the patient. Each change is audited by the API
 * with the value before and after.
 */
export function PatientDetailsForm({ patientId }: { patientId: number }) {
  const patient = useQuery(patientQuery(patientId));
  const p = patient.data?.patient;
  if (!p) return null;
  return <WeightAndStatusForm patientId={patientId} patient={p} />;
}

type DetailsEntry = { weight: string; status: PatientStatus };
type UpdatePatientBody = z.input<typeof UpdatePatientRequest>;

const charted = (p: Patient): DetailsEntry => ({ weight: String(p.weightKg), status: p.status });

/**
 * What differs from the chart: only that is sent (and audited). An empty or non-number weight is
 * sent as null, so the contract names the field in its refusal.
 */
function changesOf(values: DetailsEntry, p: Patient): { weightKg?: number | null; status?: PatientStatus } {
  const body: { weightKg?: number | null; status?: PatientStatus } = {};
  if (values.weight.trim() !== String(p.weightKg)) body.weightKg = enteredWeightKg(values.weight);
  if (values.status !== p.status) body.status = values.status;
  return body;
}

/** "weight 69.5 kg, status Inpatient monitoring": what a save changed, as charted after it. */
function savedText(changed: UpdatePatientBody, after: Patient): string {
  return [
    changed.weightKg !== undefined ? `weight ${after.weightKg} kg` : null,
    changed.status !== undefined ? `status ${statusLabel(after.status)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

function WeightAndStatusForm({ patientId, patient: p }: { patientId: number; patient: Patient }) {
  const id = useId();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (body: UpdatePatientBody) =>
      apiRequest(`/api/patients/${patientId}`, { method: 'PATCH', body, schema: PatientResponse }),
    onSuccess: ({ patient: after }) => {
      queryClient.setQueryData(patientQuery(patientId).queryKey, { patient: after });
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      form.reset(charted(after));
    },
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: UpdatePatientRequest,
    defaultValues: charted(p),
    mutation: update,
    send: (body) => update.mutate(body),
    toRequest: (values: DetailsEntry) => changesOf(values, p) as UpdatePatientBody,
  });
  // A field not being edited shows what is charted now (another screen may have changed it).
  useEffect(() => {
    for (const [name, value] of Object.entries(charted(p)) as [keyof DetailsEntry, string][]) {
      if (!form.getFieldState(name).isDirty) form.resetField(name, { defaultValue: value });
    }
  }, [p, form]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    // Nothing changed: nothing is sent, and the last save is no longer news.
    if (Object.keys(changesOf(form.getValues(), p)).length === 0) return update.reset();
    onSubmit(e);
  };
  // What the last save changed, from the mutation: the values sent and the patient it answered.
  const saved = update.isSuccess ? savedText(update.variables, update.data.patient) : null;
  const wErr = fieldError(error, 'weightKg');
  return (
    <form className="bs-form card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Weight and status</h2>
      <div className="bs-grid">
        <Field id={`${id}-weight`} label="Weight" unit="kg" error={wErr} hint={`Charted: ${p.weightKg} kg`}>
          <input
            id={`${id}-weight`}
            inputMode="decimal"
            autoComplete="off"
            {...form.register('weight')}
            aria-invalid={wErr ? true : undefined}
            aria-describedby={describedBy(`${id}-weight`, wErr)}
          />
        </Field>
        <PatientStatusField
          id={`${id}-status`}
          registration={form.register('status')}
          error={fieldError(error, 'status')}
        />
      </div>
      <FormError error={error} known={['weightKg', 'status']} />
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
