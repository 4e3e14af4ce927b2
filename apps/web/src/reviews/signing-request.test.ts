import { ConfirmGradeRequest, OverrideGradeRequest } from '@cellwatch/contracts';
import type { FieldErrors, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { requestResolver } from '../forms/request-form.ts';
import { firstRefused, type SigningEntry, type SigningMode, signingRequest } from './signing-request.ts';

const OPTIONS: ResolverOptions<SigningEntry> = { fields: {}, shouldUseNativeValidation: false };
const EMPTY: SigningEntry = { grade: '', reason: '', password: '', code: '' };

/** What the dialog's resolver makes of the entries: the body to send, or the first refused field. */
async function check(mode: SigningMode, askCode: boolean, entry: Partial<SigningEntry>) {
  const schema = mode === 'confirm' ? ConfirmGradeRequest : OverrideGradeRequest;
  const resolve = requestResolver(schema, (v: SigningEntry) => signingRequest(mode, askCode, v));
  const result = await resolve({ ...EMPTY, ...entry }, undefined, OPTIONS);
  return {
    body: Object.keys(result.errors).length ? null : result.values,
    refused: firstRefused(result.errors as FieldErrors<SigningEntry>),
  };
}

describe('the signature a hematologist sends', () => {
  it('confirms with the password alone, and the code only once the unit has asked for one', async () => {
    expect((await check('confirm', false, { password: 'pw', code: '123456' })).body).toEqual({
      password: 'pw',
    });
    expect((await check('confirm', true, { password: 'pw', code: ' 123456 ' })).body).toEqual({
      password: 'pw',
      code: '123456',
    });
  });

  it('sends nothing without a password, nor without the code the unit asked for', async () => {
    expect(await check('confirm', false, {})).toEqual({
      body: null,
      refused: { field: 'password', text: 'Enter your password to sign.' },
    });
    const noCode = await check('confirm', true, { password: 'pw', code: '  ' });
    expect(noCode.body).toBeNull();
    expect(noCode.refused?.field).toBe('code');
    expect(noCode.refused?.text).toMatch(/^Enter the code from your authenticator app/);
    expect((await check('confirm', true, { password: 'pw', code: '12345' })).refused?.field).toBe('code');
  });

  it('overrides with the grade as a number and the reason trimmed', async () => {
    const { body } = await check('override', false, {
      grade: '0',
      reason: '  sedation, not CRS  ',
      password: 'pw',
    });
    expect(body).toEqual({ password: 'pw', grade: 0, reason: 'sedation, not CRS' });
  });

  it('says the first refused field in the order the dialog shows them: grade, reason, password', async () => {
    expect((await check('override', false, {})).refused).toEqual({
      field: 'grade',
      text: 'Choose the grade you are signing (0 to 5).',
    });
    expect((await check('override', false, { grade: '2', reason: ' abc  ' })).refused).toEqual({
      field: 'reason',
      text: 'Give the reason for the override (at least 5 characters).',
    });
    expect((await check('override', false, { grade: '2', reason: 'not CRS' })).refused).toEqual({
      field: 'password',
      text: 'Enter your password to sign.',
    });
  });

  it("gives the contract's own reason for a reason that is long enough but not allowed", async () => {
    const { body, refused } = await check('override', false, {
      grade: '2',
      reason: 'not CRS \u202Ereversed',
      password: 'pw',
    });
    expect(body).toBeNull();
    expect(refused).toEqual({
      field: 'reason',
      text: 'Reason for the override: must not contain bidirectional override characters',
    });
  });
});
