import { zodResolver } from '@hookform/resolvers/zod';
import type { UseMutationResult } from '@tanstack/react-query';
import type { BaseSyntheticEvent } from 'react';
import {
  type DefaultValues,
  type FieldErrors,
  type FieldValues,
  type Resolver,
  type SubmitHandler,
  set,
  type UseFormReturn,
  useForm,
} from 'react-hook-form';
import type { z } from 'zod';
import { ApiError, type FieldError } from '../api/client.ts';

/**
 * What a form enters is text (a number field may hold "38,4" or nothing); what it sends is the
 * request body the contract describes. `toRequest` turns one into the other, and the contract's
 * own request schema (the one the API checks the body with) validates the result, so the form
 * refuses exactly what the server would, with the same reasons under the same field paths. The
 * body is sent as built (`raw`), not as parsed: the server applies the schema's defaults itself.
 */
export function requestResolver<TForm extends FieldValues, S extends z.ZodType>(
  schema: S,
  toRequest: (values: TForm) => z.input<S>,
  checkEntry?: EntryCheck<TForm>,
): Resolver<TForm, unknown, z.input<S>> {
  // The contract's schemas are zod 4; the resolver checks the body, not the entered text.
  const validate = zodResolver(schema as unknown as z.ZodType<FieldValues, FieldValues>, undefined, {
    raw: true,
  }) as unknown as Resolver<FieldValues, unknown, z.input<S>>;
  return (values, context, options) => {
    const problems = Object.entries(checkEntry?.(values) ?? {}).filter(
      (p): p is [string, string] => p[1] !== undefined,
    );
    if (problems.length > 0) return { values: {}, errors: entryErrors(problems) as FieldErrors<TForm> };
    return validate(toRequest(values) as FieldValues, context, options as never) as ReturnType<
      Resolver<TForm, unknown, z.input<S>>
    >;
  };
}

/**
 * What the entered text alone refuses, by the entry's own field paths (`rows.crp.unit`), in the
 * ward's words: a choice not made, a dose that is no number. Checked before the request is built;
 * while any is refused the contract is not asked and nothing is sent.
 */
export type EntryCheck<TForm> = (values: TForm) => Record<string, string | undefined>;

/** Refusals by dotted path as react-hook-form's nested errors (`{ rows: { crp: { unit } } }`). */
function entryErrors(problems: [string, string][]): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, message] of problems) set(errors, path, { type: 'entry', message });
  return errors;
}

/** The resolver's errors as the API's field list: one `{ path, message }` per refused field. */
export function requestProblems(errors: FieldErrors, prefix = ''): FieldError[] {
  const problems: FieldError[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const { message, type } = value as { message?: unknown; type?: unknown };
    if (typeof message === 'string' && typeof type === 'string')
      problems.push({ path: path || '(body)', message });
    else if (key !== 'ref') problems.push(...requestProblems(value as FieldErrors, path));
  }
  return problems;
}

/**
 * How the form's own check refused `path` of the request: the contract's issue code (zod's
 * `too_small` for an empty or short entry, `invalid_format` for a pattern), or undefined when it
 * did not (a server's refusal carries its message only).
 */
export function refusedAs(errors: FieldErrors, path: string): string | undefined {
  const type = (errors as Record<string, { type?: unknown } | undefined>)[path]?.type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * A refusal before sending, worded as the API's 400 would be (the same message as
 * refuseInvalidRequest in apps/api/src/http/routes.ts), so the form shows it the way it shows the server's.
 */
export function refusedRequest(errors: FieldErrors): ApiError | null {
  const fields = requestProblems(errors);
  return fields.length
    ? new ApiError(400, 'validation_failed', 'The request body is not valid.', fields)
    : null;
}

export interface RequestForm<TForm extends FieldValues, TRequest> {
  form: UseFormReturn<TForm, unknown, TRequest>;
  /** Submit handler for `<form onSubmit>`: checks the body, then sends it. */
  onSubmit: (event?: BaseSyntheticEvent) => void;
  /** Why the last save was refused: by the form's own check, or else by the server. */
  error: unknown;
}

/** The parts of a TanStack Query mutation a form reads: its pending and error states. */
type SavingState = Pick<UseMutationResult<unknown, unknown, never, unknown>, 'isPending' | 'error' | 'reset'>;

/**
 * A form that posts one request body through a TanStack Query mutation: react-hook-form holds
 * the entered values, the contract's schema checks them (`requestResolver`), `send` starts the
 * mutation with the checked body, and the mutation gives the pending and error states. Errors
 * stay until the next save (as the server's did), and focus stays where it is (bedside forms
 * move it themselves, after a save).
 */
export function useRequestForm<TForm extends FieldValues, S extends z.ZodType>({
  schema,
  toRequest,
  defaultValues,
  mutation,
  send,
  onInvalid,
  checkEntry,
}: {
  schema: S;
  toRequest: (values: TForm) => z.input<S>;
  /** The entered text's own refusals, said before the contract is asked (`EntryCheck`). */
  checkEntry?: EntryCheck<TForm>;
  defaultValues: DefaultValues<TForm>;
  mutation: SavingState;
  send: SubmitHandler<z.input<S>>;
  /** After the form's own check refused the entry, with what it refused (nothing was sent). */
  onInvalid?: (errors: FieldErrors<TForm>) => void;
}): RequestForm<TForm, z.input<S>> {
  const form = useForm<TForm, unknown, z.input<S>>({
    defaultValues,
    resolver: requestResolver(schema, toRequest, checkEntry),
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  });
  const submit = form.handleSubmit(
    (body) => {
      if (!mutation.isPending) return send(body);
    },
    (errors) => {
      mutation.reset();
      onInvalid?.(errors);
    },
  );
  const onSubmit = (event?: BaseSyntheticEvent) => void submit(event);
  return { form, onSubmit, error: refusedRequest(form.formState.errors) ?? mutation.error };
}
