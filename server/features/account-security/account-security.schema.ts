import { z } from 'zod';

export { changeOwnPasswordInput } from '../../mailcow/mailbox-password.schema.ts';

/** Step-up with the password; second factors join as other shapes of this body. */
export const confirmIdentityInput = z.object({ password: z.string().min(1, 'Enter your password.').max(1024, 'This password is too long.') });
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
