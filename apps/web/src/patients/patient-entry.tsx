import { PatientStatus } from '@cellwatch/contracts';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '../bedside/shared.tsx';
import { statusLabel } from '../format/clinical.ts';

/**
 * A weight as entered ("71", "69,5") in kg; null when empty or not a number, so the request
 * names the field and the contract refuses it there.
 */
export function enteredWeightKg(text: string): number | null {
  const trimmed = text.trim();
  const weightKg = Number(trimmed.replace(',', '.'));
  return trimmed === '' || !Number.isFinite(weightKg) ? null : weightKg;
}

/** The patient's status, in the clinic's words, with the reason a save refused it. */
export function PatientStatusField({
  id,
  registration,
  error,
}: {
  id: string;
  registration: UseFormRegisterReturn;
  error: string | undefined;
}) {
  return (
    <Field id={id} label="Status" error={error}>
      <select id={id} {...registration}>
        {PatientStatus.options.map((s) => (
          <option key={s} value={s}>
            {statusLabel(s)}
          </option>
        ))}
      </select>
    </Field>
  );
}
