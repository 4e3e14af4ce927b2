import type { FieldErrors, FieldError as RefusedField } from 'react-hook-form';
import type { SigningRequest } from './queries.ts';

/** Confirming the computed grade, or overriding it with another grade and a reason. */
export type SigningMode = 'confirm' | 'override';

/** What the dialog holds as typed: the grade is a choice ('' until one is chosen). */
export type SigningEntry = { grade: string; reason: string; password: string; code: string };
export type SigningField = keyof SigningEntry;

/** The dialog's fields in the order they are shown: the first one refused is the one said. */
const FIELDS: readonly SigningField[] = ['grade', 'reason', 'password', 'code'];

/** A field left empty or too short, in the hematologist's words. */
const MISSING: Record<SigningField, string> = {
  grade: 'Choose the grade you are signing (0 to 5).',
  reason: 'Give the reason for the override (at least 5 characters).',
  password: 'Enter your password to sign.',
  code: 'Enter the code from your authenticator app: 6 digits, or a recovery code.',
};
const LABELS: Record<SigningField, string> = {
  grade: 'Signed grade',
  reason: 'Reason for the override',
  password: 'Password',
  code: 'Code',
};

/** Why the contract refused a field before anything was sent: empty or too short, or its own reason. */
function refusalText(field: SigningField, refused: RefusedField): string {
  if (refused.type === 'too_small' || refused.type === 'invalid_type' || field === 'code')
    return MISSING[field];
  return `${LABELS[field]}: ${refused.message}`;
}

/** The first refused field of the dialog, if the contract refused one. */
export function firstRefused(
  errors: FieldErrors<SigningEntry>,
): { field: SigningField; text: string } | null {
  const field = FIELDS.find((f) => errors[f]);
  const refused = field && errors[field];
  return field && refused ? { field, text: refusalText(field, refused) } : null;
}

/**
 * The body the contract checks (ConfirmGradeRequest or OverrideGradeRequest) and the API receives:
 * the code only once the unit has asked for it, the reason trimmed, an unchosen grade left out for
 * the contract to refuse.
 */
export function signingRequest(mode: SigningMode, askCode: boolean, v: SigningEntry): SigningRequest {
  const signer = { password: v.password, ...(askCode ? { code: v.code.trim() } : {}) };
  if (mode === 'confirm') return signer;
  return {
    ...signer,
    grade: v.grade === '' ? (undefined as unknown as number) : Number(v.grade),
    reason: v.reason.trim(),
  };
}
