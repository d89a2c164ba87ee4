// mailcow's API keys (reference 1.14, 9.1; admin_api() in functions.inc.php): the shapes that cross
// the wire. mailcow's UI edits "the ro key" and "the rw key", so a key is named by its access level.
// Shared with the client.
import { z } from 'zod';

export const API_ACCESS = ['ro', 'rw'] as const;
export type ApiAccess = (typeof API_ACCESS)[number];

export const apiAccessParam = z.object({ access: z.enum(API_ACCESS) });

/** The text of an allow-list as typed (split and checked by parseAllowFrom); mailcow's column holds 512 characters. */
export const allowFromText = z.string().max(4096);

/**
 * A key's settings. Left out: as they are (a new key: active, IP check on). mailcow's form always
 * sends all three; a partial change is Cowbell's. With the IP check skipped, allow_from is kept as
 * it was (mailcow), so a list typed then is checked but not stored.
 */
export const apiKeySettingsInput = z.object({
  allowFrom: allowFromText.optional(),
  skipIpCheck: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type ApiKeySettingsInput = z.input<typeof apiKeySettingsInput>;

/** One of mailcow's keys, shown whole to admins (mailcow's UI shows it too). */
export interface MailcowApiKeyView {
  access: ApiAccess;
  key: string;
  /** allow_from's entries. */
  allowFrom: string[];
  skipIpCheck: boolean;
  active: boolean;
  created: string;
  modified: string | null;
}

export type MailcowApiKeys = Record<ApiAccess, MailcowApiKeyView | null>;
