import { z } from 'zod';

export type { FactorView } from '../../mailcow/tfa.service.ts';

/** Six digits; spaces an authenticator app shows in the middle ("123 456") are dropped. */
export const totpCode = z.string().max(20, 'Enter the 6-digit code.')
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code.'));

/** A Yubico OTP as mailcow takes it: 44 letters or digits, the first 12 naming the key. */
export const yubicoOtp = z.string().trim().regex(/^[A-Za-z0-9]{44}$/, 'Touch your YubiKey in this field (44 characters).');

export const recoveryCode = z.string().trim().min(1, 'Enter a recovery code.').max(64, 'This is not a recovery code.');

/** The second step of sign-in (and a step-up proof): a code from one of the account's factors. */
export const secondFactorInput = z.discriminatedUnion('method', [
  /** `id`: the tfa row chosen; without it any active TOTP factor of the account may match (as mailcow). */
  z.object({ method: z.literal('totp'), id: z.number().int().positive().optional(), code: totpCode }),
  z.object({ method: z.literal('yubi_otp'), otp: yubicoOtp }),
  z.object({ method: z.literal('recovery'), code: recoveryCode }),
]);
export type SecondFactorInput = z.output<typeof secondFactorInput>;

/** mailcow's key_id: the user's label, "unidentified" when none is given. */
const keyId = z.string().trim().max(255, 'This name is too long.').transform((v) => v || 'unidentified');

export const enrolTotpInput = z.object({ keyId, code: totpCode });
export type EnrolTotpInput = z.output<typeof enrolTotpInput>;

export const enrolYubiOtpInput = z.object({
  keyId,
  /** Yubico API client id (a number) and its base64 API key, from upgrade.yubico.com/getapikey. */
  clientId: z.string().trim().regex(/^\d{1,20}$/, 'The client ID is a number.'),
  secretKey: z.string().trim().regex(/^[A-Za-z0-9+/]{8,200}={0,2}$/, 'The secret key is base64 (letters, digits, + and /).'),
  otp: yubicoOtp,
});
export type EnrolYubiOtpInput = z.output<typeof enrolYubiOtpInput>;

export const factorIdParam = z.object({ id: z.coerce.number().int().positive('Not a second factor.') });

export interface TotpSetupView {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** otpauth:// URI for the QR code. */
  uri: string;
}

export interface RecoveryCodesView {
  /** How many unused codes are left. */
  left: number;
}
