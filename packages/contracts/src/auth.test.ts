import { describe, expect, it } from 'vitest';
import { ConfirmEnrolmentResponse, LoginResponse, MeResponse, StartEnrolmentResponse } from './auth.ts';

const me = {
  user: { id: 4, username: 'nurse', displayName: 'Demo Nurse', role: 'nurse' },
  session: { idleExpiresAt: '2026-03-02T08:30:00.000Z', absoluteExpiresAt: '2026-03-02T20:00:00.000Z' },
  unit: { timeZone: 'Europe/Berlin' },
  actionRequired: null,
  resetNotice: null,
  secondFactor: { enrolled: false, recoveryCodesLeft: 0 },
};

describe('sign-in and account answers', () => {
  it('take "who am I" with every field, as a sign-in answers it too', () => {
    expect(MeResponse.parse(me)).toEqual(me);
    expect(LoginResponse.parse(me)).toEqual(me);
    for (const field of ['actionRequired', 'resetNotice', 'secondFactor'] as const) {
      const { [field]: _, ...without } = me;
      expect(MeResponse.safeParse(without).success, field).toBe(false);
    }
    expect(MeResponse.safeParse({ ...me, actionRequired: 'sign_something' }).success).toBe(false);
    expect(
      MeResponse.safeParse({ ...me, secondFactor: { enrolled: true, recoveryCodesLeft: -1 } }).success,
    ).toBe(false);
  });

  it('take an authenticator URI with its base32 secret, and recovery codes as issued', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const uri = `otpauth://totp/CellWatch:nurse?secret=${secret}&issuer=CellWatch`;
    expect(StartEnrolmentResponse.safeParse({ otpauthUri: uri, secret }).success).toBe(true);
    expect(StartEnrolmentResponse.safeParse({ otpauthUri: 'https://example.org', secret }).success).toBe(
      false,
    );
    expect(StartEnrolmentResponse.safeParse({ otpauthUri: uri, secret: 'not base32!' }).success).toBe(false);
    expect(ConfirmEnrolmentResponse.safeParse({ recoveryCodes: ['abcd-ef23-4567'] }).success).toBe(true);
    expect(ConfirmEnrolmentResponse.safeParse({ recoveryCodes: [] }).success).toBe(false);
    expect(ConfirmEnrolmentResponse.safeParse({ recoveryCodes: ['abcd-ef23-456'] }).success).toBe(false);
  });
});
