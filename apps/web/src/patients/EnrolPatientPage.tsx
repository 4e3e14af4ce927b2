import { DIAGNOSES, PRODUCTS } from '@cellwatch/clinical';
import {
  CellProductSchema,
  DiagnosisSchema,
  EnrolPatientRequest,
  PatientResponse,
  type PatientStatus,
  Sex,
} from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { describedBy, Field, FormError, fieldError, toInstant } from '../bedside/shared.tsx';
import { useRequestForm } from '../forms/request-form.ts';
import '../bedside/bedside.css';
import { enteredWeightKg, PatientStatusField } from './patient-entry.tsx';

const SEX_LABELS: Record<z.infer<typeof Sex>, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

type TextKey =
  | 'mrn'
  | 'givenName'
  | 'familyName'
  | 'birthDate'
  | 'weightKg'
  | 'autoantibody'
  | 'trialId'
  | 'lymphodepletionStart'
  | 'infusionAt';

/** Sex, diagnosis and product start unchosen (''): the product decides the monitoring plan. */
type EnrolmentEntry = Record<TextKey, string> & {
  sex: z.infer<typeof Sex> | '';
  diagnosis: z.infer<typeof DiagnosisSchema> | '';
  product: z.infer<typeof CellProductSchema> | '';
  status: PatientStatus;
};

type ChoiceKey = 'sex' | 'diagnosis' | 'product';
const CHOOSE: Record<ChoiceKey, string> = {
  sex: 'Choose the sex.',
  diagnosis: 'Choose the diagnosis.',
  product: 'Choose the cell product.',
};
const isChoice = (key: string): key is ChoiceKey => key in CHOOSE;

/** An unchosen choice is left out, for the contract to ask for it beside the field. */
const chosen = <T extends string>(v: T | '') => (v === '' ? (undefined as unknown as T) : v);

const EMPTY: EnrolmentEntry = {
  mrn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  weightKg: '',
  autoantibody: '',
  trialId: '',
  lymphodepletionStart: '',
  infusionAt: '',
  sex: '',
  diagnosis: '',
  product: '',
  status: 'planned',
};

const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** The entered text as the request EnrolPatientRequest checks (and the API receives). */
function enrolmentRequest(v: EnrolmentEntry): z.input<typeof EnrolPatientRequest> {
  return {
    mrn: v.mrn.trim(),
    givenName: v.givenName,
    familyName: v.familyName,
    birthDate: v.birthDate,
    sex: chosen(v.sex),
    // Empty or not a number: left out, for the contract to ask for it beside the field.
    weightKg: enteredWeightKg(v.weightKg) ?? (undefined as unknown as number),
    diagnosis: chosen(v.diagnosis),
    autoantibody: optional(v.autoantibody),
    product: chosen(v.product),
    trialId: optional(v.trialId),
    lymphodepletionStart: optional(v.lymphodepletionStart),
    infusionAt: v.infusionAt ? (toInstant(v.infusionAt) ?? v.infusionAt) : undefined,
    status: v.status,
  };
}

/** A labelled choice among a contract's values, named in the clinic's words. */
function ChoiceField<T extends string>({
  id,
  label,
  options,
  name,
  registration,
  error,
}: {
  id: string;
  label: string;
  options: readonly T[];
  name: (value: T) => string;
  registration: UseFormRegisterReturn;
  error: string | undefined;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} {...registration}>
        <option value="" disabled>
          Choose…
        </option>
        {options.map((o) => (
          <option key={o} value={o}>
            {name(o)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Registering a patient for cell therapy: who they are, what they have, what they get and when. */
export function EnrolPatientPage() {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const enrol = useMutation({
    mutationFn: (body: z.input<typeof EnrolPatientRequest>) =>
      apiRequest('/api/patients', { body, schema: PatientResponse }),
    onSuccess: ({ patient }) => {
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      queryClient.invalidateQueries({ queryKey: queryKeys.patientList() });
      navigate(`/patients/${patient.id}`);
    },
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: EnrolPatientRequest,
    defaultValues: EMPTY,
    mutation: enrol,
    send: (body) => enrol.mutate(body),
    toRequest: enrolmentRequest,
  });
  const diagnosis = form.watch('diagnosis');

  // An MRN already enrolled (409) is said beside the MRN.
  const clash = error instanceof ApiError && error.status === 409;
  const err = (p: keyof EnrolmentEntry) => {
    if (p === 'mrn' && clash) return (error as ApiError).message;
    const refused = fieldError(error, p);
    return refused && isChoice(p) && form.getValues(p) === '' ? CHOOSE[p] : refused;
  };
  const input = (
    key: TextKey,
    label: string,
    props: { type?: string; hint?: string; unit?: string } = {},
  ) => (
    <Field id={`${id}-${key}`} label={label} hint={props.hint} unit={props.unit} error={err(key)}>
      <input
        id={`${id}-${key}`}
        type={props.type ?? 'text'}
        inputMode={key === 'weightKg' ? 'decimal' : undefined}
        autoComplete="off"
        {...form.register(key)}
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
      <form className="bs-form" onSubmit={onSubmit} noValidate aria-label="Enrolment">
        <h2>Patient</h2>
        <div className="bs-grid">
          {input('mrn', 'MRN', { hint: 'Letters, digits and dashes' })}
          {input('givenName', 'Given name')}
          {input('familyName', 'Family name')}
          {input('birthDate', 'Birth date', { type: 'date' })}
          <ChoiceField
            id={`${id}-sex`}
            label="Sex"
            options={Sex.options}
            name={(s) => SEX_LABELS[s]}
            registration={form.register('sex')}
            error={err('sex')}
          />
          {input('weightKg', 'Weight', { unit: 'kg', hint: 'Tocilizumab is dosed by weight' })}
        </div>
        <h2>Disease and treatment</h2>
        <div className="bs-grid">
          <ChoiceField
            id={`${id}-diagnosis`}
            label="Diagnosis"
            options={DiagnosisSchema.options}
            name={(d) => DIAGNOSES[d].name}
            registration={form.register('diagnosis')}
            error={err('diagnosis')}
          />
          {input('autoantibody', 'Autoantibody followed (optional)', {
            hint: diagnosis
              ? `For ${DIAGNOSES[diagnosis].name}: ${DIAGNOSES[diagnosis].keyAutoantibody}`
              : undefined,
          })}
          <ChoiceField
            id={`${id}-product`}
            label="Cell product"
            options={CellProductSchema.options}
            name={(p) => PRODUCTS[p].name}
            registration={form.register('product')}
            error={err('product')}
          />
          {input('trialId', 'Trial ID (optional)')}
          {input('lymphodepletionStart', 'Lymphodepletion start (optional)', { type: 'date' })}
          {input('infusionAt', 'Infusion time (optional)', { type: 'datetime-local', hint: 'Day 0' })}
          <PatientStatusField
            id={`${id}-status`}
            registration={form.register('status')}
            error={err('status')}
          />
        </div>
        {!clash && <FormError error={error} known={Object.keys(EMPTY)} />}
        <div className="form__actions">
          <button type="submit" className="button button--primary bs-submit" disabled={enrol.isPending}>
            {enrol.isPending ? 'Enrolling…' : 'Enrol patient'}
          </button>
        </div>
      </form>
    </section>
  );
}
