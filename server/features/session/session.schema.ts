import { z } from 'zod';
import type { Role } from '../../lib/roles.ts';

export const signInSchema = z.object({
  username: z.string().trim().min(1, 'Enter your e-mail address or admin name.').max(255),
  password: z.string().min(1, 'Enter your password.').max(1024),
});
export type SignInInput = z.infer<typeof signInSchema>;

export interface SessionView {
  username: string;
  role: Role;
  state: 'active' | 'tfa_pending';
  /** Labels of the second factors on file, when state is tfa_pending. */
  tfaMethods: { id: number; keyId: string; authmech: string }[];
}
