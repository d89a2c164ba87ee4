import { z } from 'zod';
import { MAX_SIGNIN_PASSWORD } from '../features/session/signin-name.ts';

const tooLong = 'This password is too long.';

/** mailcow's edit/self: user_old_pass, user_new_pass, user_new_pass2. */
export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(MAX_SIGNIN_PASSWORD, tooLong),
  password: z.string().min(1, 'Enter a new password.').max(MAX_SIGNIN_PASSWORD, tooLong),
  password2: z.string().min(1, 'Repeat the new password.').max(MAX_SIGNIN_PASSWORD, tooLong),
});
export type ChangeOwnPasswordInput = z.input<typeof changeOwnPasswordInput>;
