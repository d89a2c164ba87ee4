// Cowbell's scoped API keys (table cowbell_api_keys): a domain admin's own keys for /api/v1, acting
// as that domain admin (its domains, its da_acl), read-only or read-write, with an optional expiry
// and IP allow-list. Shared with the client.
import { z } from 'zod';
import { allowFromText } from '../../mailcow/api-key.schema.ts';

/** How many keys one domain admin may hold: enough for every script, few enough to review. */
export const MAX_SCOPED_KEYS = 25;
export const MAX_KEY_NAME = 100;

export const createScopedKeyInput = z.object({
  name: z.string().trim().min(1).max(MAX_KEY_NAME),
  access: z.enum(['ro', 'rw']),
  /** An ISO date-time in the future; left out or null: never expires. */
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
  /** Left out or empty: from anywhere. */
  allowFrom: allowFromText.optional(),
});
export type CreateScopedKeyInput = z.input<typeof createScopedKeyInput>;

export const scopedKeyParam = z.object({ id: z.coerce.number().int().positive() });
export const scopedKeyListQuery = z.object({ username: z.string().max(255).optional() });

export interface ScopedKeyView {
  id: number;
  /** The domain admin it acts as. */
  username: string;
  name: string;
  /** Its first characters: enough to tell keys apart, never enough to use one. */
  prefix: string;
  access: 'ro' | 'rw';
  allowFrom: string[];
  active: boolean;
  /** ISO times (UTC), or null. */
  expiresAt: string | null;
  created: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
}

/** What creating answers: the key in full, this once. */
export interface CreatedScopedKey { key: ScopedKeyView; secret: string }
