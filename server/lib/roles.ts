// Shared with the client: who an account is once signed in.
export const ROLES = ['user', 'domain_admin', 'admin'] as const;
export type Role = (typeof ROLES)[number];
