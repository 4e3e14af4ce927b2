import {
  Drug,
  MedicationRequest,
  MedicationResponse,
  MedicationRoute,
  TocilizumabCheckResponse,
} from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import type { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import {
  describedBy,
  Field,
  FormError,
  fieldError,
  NowButton,
  SaveActions,
  SavedNotice,
  toInstant,
  useChartedTime,
} from './shared.tsx';

const DRUGS = Drug.options;
const ROUTES = MedicationRoute.options;

const STATUS_TEXT = {
  allowed: 'Allowed',
  refused: 'Refused: above the 800 mg cap per dose',
  needs_hematologist_override: 'Needs a hematologist override',
} as const;

function TocilizumabCheck({
  patientId,
  dose,
  at,
  onUse,
}: {
  patientId: number;
  dose: number | undefined;
  at: string | null;
  onUse: (mg: number) => void;
}) {
  const check = useQuery({
    queryKey: queryKeys.tocilizumabCheck(patientId, dose, at),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/medications/tocilizumab-check`, {
        query: { dose, at },
        schema: TocilizumabCheckResponse,
        signal,
      }),
    placeholderData: (prev) => prev,
  });
  if (check.isPending) return <p className="muted">Checking tocilizumab limits…</p>;
  if (check.isError) return <p className="field__error">The tocilizumab check could not be loaded.</p>;
  const c = check.data.check;
  const tone =
    c.status === 'allowed' ? 'notice--success' : c.status === 'refused' ? 'notice--error' : 'notice--warning';
  return (
    <section className={`notice ${tone} bs-toci`} aria-label="Tocilizumab calculator" aria-live="polite">
      <div>
        <p>
          <strong>Recommended {c.recommendedMg} mg</strong> ({c.mgPerKg} mg/kg
          {c.capped ? ', capped at 800 mg' : ''})
          <button type="button" className="button bs-toci__use" onClick={() => onUse(c.recommendedMg)}>
            Use {c.recommendedMg} mg
          </button>
        </p>
        <p>
          Doses in the last 24 h: <strong>{c.dosesInLast24h}</strong> (at most 3) · Doses in total:{' '}
          <strong>{c.totalPriorDoses}</strong> (at most 4)
        </p>
        <p>
          This dose: <strong>{STATUS_TEXT[c.status]}</strong>
          {c.nextWithin24hLimitAt && c.dosesInLast24h >= 3 && (
            <> · next possible within the 24-h limit at {formatLocalDateTime(c.nextWithin24hLimitAt)}</>
          )}
        </p>
        <ul>
          {c.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** Drug and route start unchosen (''): each dose is charted as chosen, never as preset. */
type MedicationEntry = {
  drug: (typeof DRUGS)[number] | '';
  dose: string;
  route: (typeof ROUTES)[number] | '';
  lot: string;
  overrideReason: string;
  note: string;
};
type MedicationBody = z.input<typeof MedicationRequest>;

const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));

/** Nothing clinical is put in for the nurse: no drug, dose or route. */
const BLANK: MedicationEntry = { drug: '', dose: '', route: '', lot: '', overrideReason: '', note: '' };

/** What the entry alone refuses, before anything is sent: a choice not made, a dose not given. */
function medicationEntryProblems(values: MedicationEntry) {
  const dose = num(values.dose);
  return {
    drug: values.drug === '' ? 'Choose the drug.' : undefined,
    dose:
      dose === undefined ? 'Enter the dose given.' : Number.isFinite(dose) ? undefined : 'must be a number',
    route: values.route === '' ? 'Choose the route.' : undefined,
  };
}

export function MedicationForm({ patientId }: { patientId: number }) {
  const id = useId();
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const givenAt = useChartedTime();
  const [savedText, setSavedText] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: MedicationBody) =>
      apiRequest(`/api/patients/${patientId}/medications`, { body, schema: MedicationResponse }),
    onMutate: () => setSavedText(null),
    onSuccess: ({ medication: m }) => {
      setSavedText(`Saved ${m.drug} ${m.dose} ${m.doseUnit} at ${formatLocalDateTime(m.givenAt)}.`);
      // Charted: the next dose is entered afresh, its drug and route chosen again.
      form.reset(BLANK);
      givenAt.followNow();
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: MedicationRequest,
    // No dose is pre-filled: the nurse types it or takes the calculator's recommendation.
    defaultValues: BLANK,
    mutation: save,
    send: (body) => save.mutate(body),
    onInvalid: () => setSavedText(null),
    checkEntry: medicationEntryProblems,
    toRequest: (values: MedicationEntry): MedicationBody => ({
      givenAt: givenAt.instant(),
      drug: values.drug as MedicationBody['drug'],
      dose: num(values.dose) as number,
      route: values.route as MedicationBody['route'],
      lot: values.lot.trim() || undefined,
      overrideReason: values.overrideReason.trim() || undefined,
      note: values.note.trim() || undefined,
    }),
  });
  const pending = save.isPending;
  const drug = form.watch('drug');
  const doseNum = num(form.watch('dose'));
  const deferredDose = useDeferredValue(doseNum);
  const needsOverride = error instanceof ApiError && error.status === 409;
  const refused = error instanceof ApiError && error.status === 422;
  // Above the tocilizumab cap is not an impossible value: the API says so with its own code.
  const aboveCap = refused && (error as ApiError).code === 'above_dose_cap';
  const hematologist = user.role === 'hematologist';
  const unit = drug === '' ? undefined : drug === 'ivig' ? 'g' : 'mg';
  /** Another drug is another question: the last refusal no longer applies. */
  const forgetRefusal = () => {
    save.reset();
    form.clearErrors();
  };
  const err = (p: string) => fieldError(error, p);

  return (
    <form className="bs-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Medication given</h2>
      <div className="bs-grid">
        <Field id={`${id}-drug`} label="Drug" error={err('drug')}>
          <select
            id={`${id}-drug`}
            {...form.register('drug', { onChange: forgetRefusal })}
            aria-invalid={err('drug') ? true : undefined}
            aria-describedby={describedBy(`${id}-drug`, err('drug'))}
          >
            <option value="" disabled>
              Choose…
            </option>
            {DRUGS.map((d) => (
              <option key={d} value={d}>
                {d === 'ivig' ? 'IVIG' : d[0]?.toUpperCase() + d.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-dose`} label="Dose" unit={unit} error={err('dose')}>
          <input
            id={`${id}-dose`}
            inputMode="decimal"
            {...form.register('dose')}
            aria-invalid={err('dose') ? true : undefined}
            aria-describedby={describedBy(`${id}-dose`, err('dose'))}
            autoComplete="off"
          />
        </Field>
        <Field id={`${id}-route`} label="Route" error={err('route')}>
          <select
            id={`${id}-route`}
            {...form.register('route')}
            aria-invalid={err('route') ? true : undefined}
            aria-describedby={describedBy(`${id}-route`, err('route'))}
          >
            <option value="" disabled>
              Choose…
            </option>
            {ROUTES.map((r) => (
              <option key={r} value={r}>
                {r.toUpperCase()}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={`${id}-time`}
          label="Given at"
          hint={givenAt.edited ? 'As entered' : 'Follows the clock'}
          error={err('givenAt')}
          extra={<NowButton time={givenAt} label="given at" />}
        >
          <input
            id={`${id}-time`}
            type="datetime-local"
            value={givenAt.value}
            onChange={(e) => givenAt.onChange(e.target.value)}
            aria-describedby={describedBy(`${id}-time`, err('givenAt'))}
          />
        </Field>
        <Field id={`${id}-lot`} label="Lot (optional)">
          <input id={`${id}-lot`} {...form.register('lot')} maxLength={60} />
        </Field>
        <Field id={`${id}-note`} label="Note (optional)">
          <input id={`${id}-note`} {...form.register('note')} maxLength={2000} />
        </Field>
      </div>
      {drug === 'tocilizumab' && (
        <TocilizumabCheck
          patientId={patientId}
          dose={
            deferredDose !== undefined && Number.isFinite(deferredDose) && deferredDose > 0
              ? deferredDose
              : undefined
          }
          at={givenAt.edited ? toInstant(givenAt.value) : null}
          onUse={(mg) => form.setValue('dose', String(mg))}
        />
      )}
      {refused && (
        <div className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          <div>
            <strong>
              {aboveCap ? 'Not saved, above the dose cap: ' : 'Refused: '}
              {(error as ApiError).message}
            </strong>
            <ul>
              {(error as ApiError).fields.map((f) => (
                <li key={f.path + f.message}>{f.message}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {needsOverride && (
        <div className="notice notice--warning" role="alert">
          <span className="notice__icon" aria-hidden="true">
            !
          </span>
          <div>
            <strong>A hematologist override is required: {(error as ApiError).message}</strong>
            <ul>
              {(error as ApiError).fields.map((f) => (
                <li key={f.path + f.message}>{f.message}</li>
              ))}
            </ul>
            {hematologist ? (
              <Field
                id={`${id}-override`}
                label="Override reason (at least 5 characters)"
                error={err('overrideReason')}
              >
                <input id={`${id}-override`} {...form.register('overrideReason')} maxLength={500} />
              </Field>
            ) : (
              <p>
                Only a hematologist can give this dose with an override reason. Call the hematologist on duty.
              </p>
            )}
          </div>
        </div>
      )}
      {!refused && !needsOverride && <FormError error={error} known={['drug', 'dose', 'route', 'givenAt']} />}
      <SaveActions
        pending={pending}
        label={needsOverride && hematologist ? 'Save with override' : 'Save medication'}
      />
      <SavedNotice text={savedText} />
    </form>
  );
}
