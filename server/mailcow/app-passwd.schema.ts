// A mailbox's app passwords (mailcow's app_passwd, reference 1.9 and 6), as Cowbell's API takes and
// shows them. Shared with the client: the hash never appears in any of these shapes.
import { z } from 'zod';

/** mailcow's six protocol flags, by their column (and add/app-passwd `protocols`) names. */
export const APP_PASSWD_PROTOCOLS = ['imap_access', 'smtp_access', 'dav_access', 'eas_access', 'pop3_access', 'sieve_access'] as const;
export type AppPasswdProtocol = (typeof APP_PASSWD_PROTOCOLS)[number];

/** What a new app password may reach when the form is left alone: a phone's mail app reads and sends. */
export const DEFAULT_PROTOCOLS: readonly AppPasswdProtocol[] = ['imap_access', 'smtp_access'];

/** The furthest an expiry may lie ahead. An app password that should live longer needs none. */
export const MAX_EXPIRY_DAYS = 365;
export const MAX_NAME_CHARS = 64;

const name = z.string().trim().min(1).max(MAX_NAME_CHARS);
/** A set: each protocol at most once (duplicates fold), at least one. */
const protocols = z.array(z.enum(APP_PASSWD_PROTOCOLS)).min(1).max(APP_PASSWD_PROTOCOLS.length * 2)
  .transform((list) => APP_PASSWD_PROTOCOLS.filter((p) => list.includes(p)));
/** An instant with its offset; whether it lies ahead (and not too far) is the service's check, on its clock. */
const expiresAt = z.iso.datetime({ offset: true });

export const createAppPasswdInput = z.object({ name, protocols, expiresAt: expiresAt.nullish() });
export type CreateAppPasswdInput = z.input<typeof createAppPasswdInput>;

export const editAppPasswdInput = z.object({
  name: name.optional(),
  protocols: protocols.optional(),
  active: z.boolean().optional(),
  /** null removes the expiry. */
  expiresAt: expiresAt.nullable().optional(),
}).refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Nothing to change.' });
export type EditAppPasswdInput = z.input<typeof editAppPasswdInput>;

export const appPasswdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export interface AppPasswdView {
  id: number;
  /** As the user typed it (mailcow stores it HTML-escaped). */
  name: string;
  protocols: AppPasswdProtocol[];
  active: boolean;
  created: string;
  modified: string | null;
  /** ISO instant, or null when it never expires. */
  expiresAt: string | null;
  expired: boolean;
}

/** What creating one answers: the password itself is shown this once and never again. */
export interface CreatedAppPasswd {
  appPassword: AppPasswdView;
  password: string;
}
