import {
  EnteredInErrorRequest,
  FactCorrectionResponse,
  VasopressorDoseChangeRequest,
  VasopressorDoseChangeResponse,
  VasopressorStopRequest,
  VasopressorStopResponse,
} from '@cellwatch/contracts';
import { useId, useState } from 'react';
import type { z } from 'zod';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { describedBy, Field, FormError, fieldError, localInputValue, toInstant } from './shared.tsx';
import { DoseInputs, doseProblems, enteredDoseNote } from './VasopressorDoseInputs.tsx';
import { durationText, type Infusion, runningSince, VASOPRESSOR_LABELS } from './vasopressor-course.ts';
import { useVasopressorWrite } from './vasopressor-write.ts';

const WRITES = {
  dose: VasopressorDoseChangeRequest,
  stop: VasopressorStopRequest,
  error: EnteredInErrorRequest,
} as const;
/** What the API answers to each (packages/contracts charting-responses.ts). */
const ANSWERS = {
  dose: VasopressorDoseChangeResponse,
  stop: VasopressorStopResponse,
  error: FactCorrectionResponse,
} as const;
const PATHS = { dose: 'dose', stop: 'stop', error: 'entered-in-error' } as const;
type InfusionAction = keyof typeof WRITES;
type InfusionWriteBody = z.input<(typeof WRITES)[InfusionAction]>;
type InfusionEntry = { reason: string; dose: string; unit: string; at: string };

/** No new dose or unit is put in for the nurse; the time starts at now. */
const blankEntry = (): InfusionEntry => ({ reason: '', dose: '', unit: '', at: localInputValue() });

/** Change the dose of, or stop, one running infusion. */
export function RunningInfusion({
  patientId,
  infusion,
  all,
  now,
}: {
  patientId: number;
  infusion: Infusion;
  all: readonly Infusion[];
  now: number;
}) {
  const id = useId();
  const [action, setAction] = useState<'none' | InfusionAction>('none');
  const writing: InfusionAction = action === 'none' ? 'dose' : action;
  const write = useVasopressorWrite<unknown>(patientId, ANSWERS[writing]);
  const name = VASOPRESSOR_LABELS[infusion.drug];
  const since = runningSince(infusion, all);

  const { form, onSubmit, error } = useRequestForm({
    // The open action's own contract: each one is a different write.
    schema: WRITES[writing] as z.ZodType<unknown, InfusionWriteBody>,
    defaultValues: blankEntry(),
    mutation: write,
    // Once charted, this infusion leaves the running list (its new dose is a new infusion), and
    // the form with it; until then, what was entered stays.
    send: (body) => write.mutate({ path: `/${infusion.id}/${PATHS[writing]}`, body }),
    checkEntry: (values) =>
      writing === 'dose' ? doseProblems(infusion.drug, values, 'give the new dose as a positive number') : {},
    toRequest: (values: InfusionEntry): InfusionWriteBody => {
      const instant = toInstant(values.at) ?? values.at;
      // Kept and shown struck through; the grading ignores it from now on.
      if (writing === 'error') return { reason: values.reason };
      if (writing === 'stop') return { stoppedAt: instant };
      return { changedAt: instant, doseNote: enteredDoseNote(infusion.drug, values.dose, values.unit) ?? '' };
    },
  });

  const open = (next: InfusionAction) => {
    // Each action opens blank: nothing entered for another one (or before Cancel) carries over.
    write.reset();
    form.reset(blankEntry());
    setAction(next);
  };
  const timeField = action === 'stop' ? 'stoppedAt' : 'changedAt';
  const reasonError = fieldError(error, 'reason');
  const timeError = fieldError(error, timeField);

  return (
    <li className="bs-pressor">
      <div className="bs-pressor__head">
        <p className="bs-pressor__what">
          <strong>{name}</strong> {infusion.doseNote ?? 'dose not charted'}
        </p>
        <p className="bs-pressor__since">
          Running for <strong>{durationText(since, now)}</strong> (since {formatLocalDateTime(since)})
          {since !== infusion.startedAt && <> · this dose since {formatLocalDateTime(infusion.startedAt)}</>}
        </p>
        <div className="bs-pressor__actions">
          {(
            [
              ['dose', 'button', `Change dose of ${name}`],
              ['stop', 'button button--danger-quiet', `Stop ${name}`],
              ['error', 'button button--quiet', `${name} entered in error`],
            ] as const
          ).map(([next, className, label]) => (
            <button
              key={next}
              type="button"
              className={className}
              aria-expanded={action === next}
              onClick={() => open(next)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      {action !== 'none' && (
        <form
          className="bs-pressor__form"
          onSubmit={onSubmit}
          noValidate
          aria-label={
            action === 'stop'
              ? `Stop ${name}`
              : action === 'error'
                ? `Mark ${name} entered in error`
                : `New dose of ${name}`
          }
        >
          {action === 'error' ? (
            <Field
              id={`${id}-reason`}
              label="Why is it in error?"
              hint="At least 5 characters; the entry is kept, struck through"
              error={reasonError}
            >
              <input
                id={`${id}-reason`}
                maxLength={500}
                {...form.register('reason')}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={describedBy(`${id}-reason`, reasonError)}
              />
            </Field>
          ) : (
            <div className="bs-grid">
              {action === 'dose' && (
                <DoseInputs
                  id={id}
                  drug={infusion.drug}
                  dose={form.register('dose')}
                  unit={form.register('unit')}
                  doseError={fieldError(error, 'dose', 'doseNote')}
                  unitError={fieldError(error, 'unit')}
                />
              )}
              <Field
                id={`${id}-at`}
                label={action === 'stop' ? 'Stopped at' : 'New dose from'}
                hint="Defaults to now"
                error={timeError}
              >
                <input
                  id={`${id}-at`}
                  type="datetime-local"
                  {...form.register('at')}
                  aria-invalid={timeError ? true : undefined}
                  aria-describedby={describedBy(`${id}-at`, timeError)}
                />
              </Field>
            </div>
          )}
          <FormError error={error} known={['dose', 'unit', 'doseNote', 'reason', timeField]} />
          <div className="form__actions">
            <button
              type="submit"
              className={action === 'dose' ? 'button button--primary' : 'button button--danger'}
              disabled={write.isPending}
            >
              {write.isPending
                ? 'Saving…'
                : action === 'stop'
                  ? `Confirm stop of ${name}`
                  : action === 'error'
                    ? 'Mark entered in error'
                    : 'Save new dose'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setAction('none')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
