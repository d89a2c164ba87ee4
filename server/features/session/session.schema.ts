import { z } from 'zod';
import type { Role } from '../../lib/roles.ts';
import { MAX_SIGNIN_NAME, MAX_SIGNIN_PASSWORD, normaliseSigninName } from './signin-name.ts';

export const signInSchema = z.object({
  username: z.string().max(MAX_SIGNIN_NAME * 4, 'This name is too long.').transform((raw, ctx) => {
    if (raw.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'Enter your e-mail address or admin name.', params: { code: 'required' } });
      return z.NEVER;
    }
    const name = normaliseSigninName(raw);
    if (name === null) {
      ctx.addIssue({ code: 'custom', message: 'Enter an e-mail address (name@example.org) or an admin name.', params: { code: 'invalid' } });
      return z.NEVER;
    }
    return name;
  }),
  password: z.string().min(1, 'Enter your password.').max(MAX_SIGNIN_PASSWORD, 'This password is too long.'),
});
export type SignInInput = z.output<typeof signInSchema>;

export interface SessionView {
  username: string;
  role: Role;
  state: 'active' | 'tfa_pending';
  /** Labels of the second factors on file, when state is tfa_pending. */
  tfaMethods: { id: number; keyId: string; authmech: string }[];
  /** mailcow's force_pw_update: only the password change (and signing out) works until it is done. */
  mustChangePassword: boolean;
  /** mailcow's force_tfa without a second factor: only setting one up (and signing out) works until it is done. */
  mustEnrolTfa: boolean;
}
