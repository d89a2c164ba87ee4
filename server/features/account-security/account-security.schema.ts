import { z } from 'zod';
import { totpCode, yubicoOtp } from '../tfa/tfa.schema.ts';

export { changeOwnPasswordInput } from '../../mailcow/mailbox-password.schema.ts';

/** Step-up with the password (no `method`, as first made), or a code from one of the account's second factors. */
export const confirmIdentityInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password').optional(), password: z.string().min(1, 'Enter your password.').max(1024, 'This password is too long.') }),
  z.object({ method: z.literal('totp'), code: totpCode }),
  z.object({ method: z.literal('yubi_otp'), otp: yubicoOtp }),
]);
export type ConfirmIdentityInput = z.output<typeof confirmIdentityInput>;

export const sessionHandleParam = z.object({ handle: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Not a session.') });

export interface AccountSessionView {
  /** A handle for ending it: neither the cookie nor anything that leads to it. */
  id: string;
  /** "Firefox on Android", or null when the browser did not say. */
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}
