// The admin screens' alias and alias-domain lists and their bulk actions. Shared with the client.
import { z } from 'zod';
import { aliasAddress, createAliasInput, type AliasView } from '../../mailcow/alias.schema.ts';
import type { AliasDomainView } from '../../mailcow/alias-domain.schema.ts';
import type { ErrorBody } from '../../lib/error-codes.ts';

/** One request at most creates or changes this many (each is its own write, so the answer stays quick). */
export const MAX_BULK = 100;

/** Both have an index on mailcow's table (address unique, domain keyed), so a page never sorts the whole table. */
export const ALIAS_SORTS = ['address', 'domain'] as const;
export type AliasSort = (typeof ALIAS_SORTS)[number];

export const aliasListQuery = z.object({
  /** Part of the address or of the targets. */
  q: z.string().trim().max(200).optional(),
  /** One domain or alias domain (within the viewer's, never beyond). */
  domain: z.string().trim().toLowerCase().max(255).optional(),
  /** By address, or by domain (oldest first within one). */
  sort: z.enum(ALIAS_SORTS).default('address'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  /** Keyset paging: the nextCursor of the page before (opaque). */
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AliasListQuery = z.input<typeof aliasListQuery>;

export interface AliasPage { items: AliasView[]; nextCursor: string | null }

/** Several addresses (a list, or text split at spaces, commas, semicolons, new lines) with one set of targets and flags. */
export const createAliasesInput = z.strictObject({
  ...createAliasInput.omit({ address: true }).shape,
  addresses: z.union([z.string().transform((s) => s.split(/[\s,;]+/).filter((a) => a !== '')), z.array(z.string())])
    .pipe(z.array(aliasAddress).min(1, { message: 'At least one address.' }).max(MAX_BULK, { message: `At most ${MAX_BULK} addresses.` })),
});
export type CreateAliasesInput = z.input<typeof createAliasesInput>;

/** Each address on its own: made, or refused with the reason the API would have given for it alone. */
export type AliasResult = { address: string; alias: AliasView } | { address: string; error: ErrorBody['error'] };

export const aliasIdParam = z.object({ id: z.coerce.number().int().positive() });

export const bulkAliasInput = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1).max(MAX_BULK),
  action: z.enum(['delete', 'activate', 'deactivate']),
});
export type BulkAliasInput = z.input<typeof bulkAliasInput>;
export type BulkResult = { id: number; error?: ErrorBody['error'] };

export const aliasDomainListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export interface AliasDomainPage { items: AliasDomainView[]; nextCursor: string | null }
