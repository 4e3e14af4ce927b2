import type { UseFormRegisterReturn } from 'react-hook-form';
import { describedBy, Field } from './shared.tsx';
import { DOSE_UNITS, doseNote, type VasopressorDrug } from './vasopressor-course.ts';

/** A pressor as entered: none chosen yet (''), or one of the contract's drugs. */
export type EnteredPressor = VasopressorDrug | '';

/**
 * The unit a dose is charted in: the drug's only unit (dopamine, vasopressin), else the one the
 * nurse chose, '' while none is. A unit is never chosen for the nurse where there is a choice:
 * µg/kg/min and µg/min differ some seventyfold in an adult.
 */
export function doseUnitOf(drug: EnteredPressor, chosen: string): string {
  if (drug === '') return '';
  const units = DOSE_UNITS[drug];
  return units.length === 1 ? (units[0] as string) : chosen;
}

/** "0.05 µg/kg/min" from the entered dose and unit; null until both will do. */
export function enteredDoseNote(drug: EnteredPressor, dose: string, unit: string): string | null {
  const charted = doseUnitOf(drug, unit);
  return charted === '' ? null : doseNote(dose, charted);
}

/**
 * The dose's own refusals, by the entry's field paths, before anything is sent: a start or a new
 * dose always sends a positive dose in a chosen unit, though the contract would take a start
 * without one.
 */
export function doseProblems(
  drug: EnteredPressor,
  { dose, unit }: { dose: string; unit: string },
  refusal: string,
): Record<'dose' | 'unit', string | undefined> {
  return {
    // Any unit will do to read the number: only the number is checked here.
    dose: doseNote(dose, 'unit') === null ? refusal : undefined,
    unit: drug !== '' && doseUnitOf(drug, unit) === '' ? 'Choose the dose unit.' : undefined,
  };
}

/**
 * The dose and its unit, as entered for a start or a new dose. The units offered are the drug's
 * own and none is preselected; a drug with one unit shows it beside the dose.
 */
export function DoseInputs({
  id,
  drug,
  dose,
  unit,
  doseError,
  unitError,
}: {
  id: string;
  drug: EnteredPressor;
  dose: UseFormRegisterReturn;
  unit: UseFormRegisterReturn;
  doseError: string | undefined;
  unitError: string | undefined;
}) {
  const units = drug === '' ? [] : DOSE_UNITS[drug];
  const onlyUnit = units.length === 1 ? units[0] : undefined;
  return (
    <>
      <Field id={`${id}-dose`} label="Dose" error={doseError} hint="A positive number" unit={onlyUnit}>
        <input
          id={`${id}-dose`}
          inputMode="decimal"
          autoComplete="off"
          {...dose}
          aria-invalid={doseError ? true : undefined}
          aria-describedby={describedBy(`${id}-dose`, doseError)}
        />
      </Field>
      {onlyUnit === undefined && (
        <Field
          id={`${id}-unit`}
          label="Dose unit"
          hint={drug === '' ? 'Choose the vasopressor first' : undefined}
          error={unitError}
        >
          <select
            id={`${id}-unit`}
            {...unit}
            disabled={drug === ''}
            aria-invalid={unitError ? true : undefined}
            aria-describedby={describedBy(`${id}-unit`, unitError)}
          >
            <option value="" disabled>
              Choose…
            </option>
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </Field>
      )}
    </>
  );
}
