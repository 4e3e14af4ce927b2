import { VasopressorSchema, VasopressorStartRequest } from '@cellwatch/contracts';
import { type FormEvent, useId, useState } from 'react';
import type { z } from 'zod';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import {
  describedBy,
  Field,
  FormError,
  fieldError,
  localInputValue,
  SaveActions,
  SavedNotice,
  toInstant,
} from './shared.tsx';
import { DoseInputs, useDoseCheck } from './VasopressorDoseInputs.tsx';
import { DOSE_UNITS, doseNote, VASOPRESSOR_LABELS, type VasopressorDrug } from './vasopressor-course.ts';
import { useVasopressorWrite } from './vasopressor-write.ts';

const DRUGS = VasopressorSchema.options;

type StartEntry = { drug: VasopressorDrug; dose: string; unit: string; startedAt: string };
type VasopressorStartBody = z.input<typeof VasopressorStartRequest>;

const firstUnitOf = (drug: VasopressorDrug) => DOSE_UNITS[drug][0] as string;

export function StartVasopressorForm({ patientId }: { patientId: number }) {
  const id = useId();
  const write = useVasopressorWrite(patientId);
  const { doseError, accepts } = useDoseCheck('give the dose as a positive number');
  const [saved, setSaved] = useState<string | null>(null);
  const { form, onSubmit, error } = useRequestForm({
    schema: VasopressorStartRequest,
    // No dose is pre-filled; the time starts at now.
    defaultValues: {
      drug: 'norepinephrine',
      dose: '',
      unit: firstUnitOf('norepinephrine'),
      startedAt: localInputValue(),
    },
    mutation: write,
    send: (body) =>
      write.mutate(
        { path: '', body },
        {
          onSuccess: () => {
            const { drug, startedAt } = form.getValues();
            setSaved(
              `Started ${VASOPRESSOR_LABELS[drug]} ${body.doseNote} at ${formatLocalDateTime(startedAt)}.`,
            );
            // The drug and its unit stay; the dose and the time do not.
            form.reset({ ...form.getValues(), dose: '', startedAt: localInputValue() });
          },
        },
      ),
    onInvalid: () => setSaved(null),
    toRequest: (values: StartEntry): VasopressorStartBody => ({
      drug: values.drug,
      startedAt: toInstant(values.startedAt) ?? values.startedAt,
      doseNote: doseNote(values.dose, values.unit) ?? undefined,
    }),
  });
  const drug = form.watch('drug');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!accepts(form.getValues())) return;
    setSaved(null);
    onSubmit(e);
  };
  const err = (p: string) => fieldError(error, p);
  return (
    <form className="bs-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start a vasopressor</h2>
      <div className="bs-grid">
        <Field id={`${id}-drug`} label="Vasopressor" error={err('drug')}>
          <select
            id={`${id}-drug`}
            {...form.register('drug', {
              // Each drug has its own units: a new drug starts at its first one.
              onChange: (e) => form.setValue('unit', firstUnitOf(e.target.value as VasopressorDrug)),
            })}
          >
            {DRUGS.map((d) => (
              <option key={d} value={d}>
                {VASOPRESSOR_LABELS[d]}
              </option>
            ))}
          </select>
        </Field>
        <DoseInputs
          id={id}
          drug={drug}
          dose={form.register('dose')}
          unit={form.register('unit')}
          error={doseError ?? err('doseNote')}
        />
        <Field id={`${id}-time`} label="Started at" hint="Defaults to now" error={err('startedAt')}>
          <input
            id={`${id}-time`}
            type="datetime-local"
            {...form.register('startedAt')}
            aria-describedby={describedBy(`${id}-time`, err('startedAt'))}
          />
        </Field>
      </div>
      <FormError error={error} known={['drug', 'doseNote', 'startedAt']} />
      <SaveActions pending={write.isPending} label="Start infusion" />
      <SavedNotice text={saved} />
    </form>
  );
}
