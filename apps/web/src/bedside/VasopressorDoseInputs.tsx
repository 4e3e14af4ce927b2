import { useState } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { describedBy, Field } from './shared.tsx';
import { DOSE_UNITS, doseNote, type VasopressorDrug } from './vasopressor-course.ts';

/**
 * The dose as a number before saving: a start or a new dose always sends one, though the contract
 * would take a start without. `accepts` says whether the entered dose will do, and shows why not.
 */
export function useDoseCheck(refusal: string) {
  const [doseError, setDoseError] = useState<string | undefined>();
  const accepts = ({ dose, unit }: { dose: string; unit: string }) => {
    const ok = doseNote(dose, unit) !== null;
    setDoseError(ok ? undefined : refusal);
    return ok;
  };
  return { doseError, accepts, forget: () => setDoseError(undefined) };
}

/** The dose and its unit, as entered for a start or a new dose (the units are the drug's own). */
export function DoseInputs({
  id,
  drug,
  dose,
  unit,
  error,
}: {
  id: string;
  drug: VasopressorDrug;
  dose: UseFormRegisterReturn;
  unit: UseFormRegisterReturn;
  error: string | undefined;
}) {
  return (
    <>
      <Field id={`${id}-dose`} label="Dose" error={error} hint="A positive number">
        <input
          id={`${id}-dose`}
          inputMode="decimal"
          autoComplete="off"
          {...dose}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-dose`, error)}
        />
      </Field>
      <Field id={`${id}-unit`} label="Dose unit">
        <select id={`${id}-unit`} {...unit}>
          {DOSE_UNITS[drug].map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
