import { DIAGNOSES, PRODUCTS } from '@cellwatch/clinical';
import { CellProductSchema, DiagnosisSchema, Patient, PatientStatus, Sex } from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { describedBy, Field, FormError, fieldError, toInstant } from '../bedside/shared.tsx';
import { statusLabel } from '../format/clinical.ts';
import '../bedside/bedside.css';
import { queryKeys } from '../api/query-keys.ts';

const SEX_LABELS: Record<z.infer<typeof Sex>, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

const PatientResponse = z.object({ patient: Patient });

type Text = Record<
  | 'mrn'
  | 'givenName'
  | 'familyName'
  | 'birthDate'
  | 'weightKg'
  | 'autoantibody'
  | 'trialId'
  | 'lymphodepletionStart'
  | 'infusionAt',
  string
>;

const EMPTY: Text = {
  mrn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  weightKg: '',
  autoantibody: '',
  trialId: '',
  lymphodepletionStart: '',
  infusionAt: '',
};

/** Registering a patient for cell therapy: who they are, what they have, what they get and when. */
export function EnrolPatientPage() {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState<Text>(EMPTY);
  const [sex, setSex] = useState<z.infer<typeof Sex>>('female');
  const [diagnosis, setDiagnosis] = useState<z.infer<typeof DiagnosisSchema>>('sle');
  const [product, setProduct] = useState<z.infer<typeof CellProductSchema>>('cd19_car_t');
  const [status, setStatus] = useState<PatientStatus>('planned');
  const enrol = useMutation({
    mutationFn: (body: unknown) => apiRequest('/api/patients', { body, schema: PatientResponse }),
    onSuccess: ({ patient }) => {
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      queryClient.invalidateQueries({ queryKey: queryKeys.patientList() });
      navigate(`/patients/${patient.id}`);
    },
  });

  const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (enrol.isPending) return;
    const weight = text.weightKg.trim() === '' ? undefined : Number(text.weightKg.replace(',', '.'));
    enrol.mutate({
      mrn: text.mrn.trim(),
      givenName: text.givenName,
      familyName: text.familyName,
      birthDate: text.birthDate,
      sex,
      weightKg: weight,
      diagnosis,
      autoantibody: optional(text.autoantibody),
      product,
      trialId: optional(text.trialId),
      lymphodepletionStart: optional(text.lymphodepletionStart),
      infusionAt: text.infusionAt ? (toInstant(text.infusionAt) ?? text.infusionAt) : undefined,
      status,
    });
  };
  const clash = enrol.error instanceof ApiError && enrol.error.status === 409;
  const err = (p: keyof Text | 'sex' | 'diagnosis' | 'product' | 'status') =>
    p === 'mrn' && clash ? (enrol.error as ApiError).message : fieldError(enrol.error, p);
  const input = (
    key: keyof Text,
    label: string,
    props: { type?: string; hint?: string; unit?: string } = {},
  ) => (
    <Field id={`${id}-${key}`} label={label} hint={props.hint} unit={props.unit} error={err(key)}>
      <input
        id={`${id}-${key}`}
        type={props.type ?? 'text'}
        inputMode={key === 'weightKg' ? 'decimal' : undefined}
        autoComplete="off"
        value={text[key]}
        onChange={(e) => setText({ ...text, [key]: e.target.value })}
        aria-invalid={err(key) ? true : undefined}
        aria-describedby={describedBy(`${id}-${key}`, err(key))}
      />
    </Field>
  );

  return (
    <section className="stack" aria-labelledby={`${id}-title`}>
      <title>Enrol a patient · CellWatch</title>
      <p>
        <Link to="/ward">← Ward</Link>
      </p>
      <h1 id={`${id}-title`}>Enrol a patient</h1>
      <form className="bs-form" onSubmit={submit} noValidate aria-label="Enrolment">
        <h2>Patient</h2>
        <div className="bs-grid">
          {input('mrn', 'MRN', { hint: 'Letters, digits and dashes' })}
          {input('givenName', 'Given name')}
          {input('familyName', 'Family name')}
          {input('birthDate', 'Birth date', { type: 'date' })}
          <Field id={`${id}-sex`} label="Sex" error={err('sex')}>
            <select id={`${id}-sex`} value={sex} onChange={(e) => setSex(e.target.value as typeof sex)}>
              {Sex.options.map((s) => (
                <option key={s} value={s}>
                  {SEX_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          {input('weightKg', 'Weight', { unit: 'kg', hint: 'Tocilizumab is dosed by weight' })}
        </div>
        <h2>Disease and treatment</h2>
        <div className="bs-grid">
          <Field id={`${id}-diagnosis`} label="Diagnosis" error={err('diagnosis')}>
            <select
              id={`${id}-diagnosis`}
              value={diagnosis}
              onChange={(e) => setDiagnosis(e.target.value as typeof diagnosis)}
            >
              {DiagnosisSchema.options.map((d) => (
                <option key={d} value={d}>
                  {DIAGNOSES[d].name}
                </option>
              ))}
            </select>
          </Field>
          {input('autoantibody', 'Autoantibody followed (optional)', {
            hint: `For ${DIAGNOSES[diagnosis].name}: ${DIAGNOSES[diagnosis].keyAutoantibody}`,
          })}
          <Field id={`${id}-product`} label="Cell product" error={err('product')}>
            <select
              id={`${id}-product`}
              value={product}
              onChange={(e) => setProduct(e.target.value as typeof product)}
            >
              {CellProductSchema.options.map((p) => (
                <option key={p} value={p}>
                  {PRODUCTS[p].name}
                </option>
              ))}
            </select>
          </Field>
          {input('trialId', 'Trial ID (optional)')}
          {input('lymphodepletionStart', 'Lymphodepletion start (optional)', { type: 'date' })}
          {input('infusionAt', 'Infusion time (optional)', { type: 'datetime-local', hint: 'Day 0' })}
          <Field id={`${id}-status`} label="Status" error={err('status')}>
            <select
              id={`${id}-status`}
              value={status}
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
        {!clash && (
          <FormError
            error={enrol.error}
            known={[...Object.keys(EMPTY), 'sex', 'diagnosis', 'product', 'status']}
          />
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary bs-submit" disabled={enrol.isPending}>
            {enrol.isPending ? 'Enrolling…' : 'Enrol patient'}
          </button>
        </div>
      </form>
    </section>
  );
}
