import {
  VasopressorInfusionResponse,
  VasopressorSchema,
  VasopressorStartRequest,
} from '@cellwatch/contracts';
import { useId, useState } from 'react';
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
import { DoseInputs, doseProblems, type EnteredPressor, enteredDoseNote } from './VasopressorDoseInputs.tsx';
import { VASOPRESSOR_LABELS } from './vasopressor-course.ts';
import { useVasopressorWrite } from './vasopressor-write.ts';

const DRUGS = VasopressorSchema.options;

type StartEntry = { drug: EnteredPressor; dose: string; unit: string; startedAt: string };
type VasopressorStartBody = z.input<typeof VasopressorStartRequest>;

/** Nothing clinical is chosen for the nurse: no drug, no dose, no unit; the time starts at now. */
const blankStart = (): StartEntry => ({ drug: '', dose: '', unit: '', startedAt: localInputValue() });

export function StartVasopressorForm({ patientId }: { patientId: number }) {
  const id = useId();
  const write = useVasopressorWrite(patientId, VasopressorInfusionResponse);
  const [saved, setSaved] = useState<string | null>(null);
  const { form, onSubmit, error } = useRequestForm({
    schema: VasopressorStartRequest,
    defaultValues: blankStart(),
    mutation: write,
    send: (body) => {
      setSaved(null);
      write.mutate(
        { path: '', body },
        {
          onSuccess: ({ infusion }) => {
            const what = [VASOPRESSOR_LABELS[infusion.drug], infusion.doseNote].filter(Boolean).join(' ');
            setSaved(`Started ${what} at ${formatLocalDateTime(infusion.startedAt)}.`);
            // Charted: the next start is chosen afresh, drug and unit included.
            form.reset(blankStart());
          },
        },
      );
    },
    onInvalid: () => setSaved(null),
    checkEntry: (values) => ({
      drug: values.drug === '' ? 'Choose the vasopressor.' : undefined,
      ...doseProblems(values.drug, values, 'give the dose as a positive number'),
    }),
    toRequest: (values: StartEntry): VasopressorStartBody => ({
      drug: values.drug as VasopressorStartBody['drug'],
      startedAt: toInstant(values.startedAt) ?? values.startedAt,
      doseNote: enteredDoseNote(values.drug, values.dose, values.unit) ?? undefined,
    }),
  });
  const drug = form.watch('drug');
  const err = (p: string) => fieldError(error, p);
  return (
    <form className="bs-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start a vasopressor</h2>
      <div className="bs-grid">
        <Field id={`${id}-drug`} label="Vasopressor" error={err('drug')}>
          <select
            id={`${id}-drug`}
            {...form.register('drug', {
              // Each drug has its own units: a new drug's unit is chosen afresh.
              onChange: () => form.setValue('unit', ''),
            })}
            aria-invalid={err('drug') ? true : undefined}
            aria-describedby={describedBy(`${id}-drug`, err('drug'))}
          >
            <option value="" disabled>
              Choose…
            </option>
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
          doseError={err('dose') ?? err('doseNote')}
          unitError={err('unit')}
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
      <FormError error={error} known={['drug', 'dose', 'unit', 'doseNote', 'startedAt']} />
      <SaveActions pending={write.isPending} label="Start infusion" />
      <SavedNotice text={saved} />
    </form>
  );
}
