// Regular aliases (mailcow's `alias`, reference 1.5): the shapes that cross the wire.
// Shared with the client, so nothing here may need Node.
import { z } from 'zod';
import { normaliseAddress, normaliseDomain } from '../lib/mailcow/addresses.ts';

/** mailcow's add/alias refuses comments longer than this; PHP's strlen counts bytes, so do we. */
export const COMMENT_MAX_BYTES = 160;

/** The targets mailcow's goto_null / goto_spam / goto_ham flags stand for. */
export const SPECIAL_GOTOS = { null: 'null@localhost', spam: 'spam@localhost', ham: 'ham@localhost' } as const;
export const isSpecialGoto = (g: string) => (Object.values(SPECIAL_GOTOS) as string[]).includes(g);

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

const comment = z.string()
  .refine((s) => utf8Bytes(s) <= COMMENT_MAX_BYTES, { message: `At most ${COMMENT_MAX_BYTES} bytes.`, params: { code: 'too_long' } });

/** `local@domain` or the catch-all `@domain`, in stored form (lowercase, punycode). */
export const aliasAddress = z.string().transform((raw, ctx) => {
  const trimmed = raw.trim();
  const stored = trimmed.startsWith('@') ? normaliseDomain(trimmed.slice(1)) : normaliseAddress(trimmed);
  if (stored === null) {
    ctx.addIssue({ code: 'custom', message: 'Not an address or @domain.', params: { code: 'invalid' } });
    return z.NEVER;
  }
  return trimmed.startsWith('@') ? `@${stored}` : stored;
});

/**
 * Targets as mailcow splits them (spaces, commas, semicolons, new lines), or as a list; each one
 * normalised, duplicates dropped, order kept.
 */
export const gotoList = z.union([z.string(), z.array(z.string())]).transform((raw, ctx) => {
  const parts = (Array.isArray(raw) ? raw : raw.split(/[\s,;]+/)).map((g) => g.trim()).filter((g) => g !== '');
  const out: string[] = [];
  parts.forEach((g, i) => {
    const stored = normaliseAddress(g);
    if (stored === null) ctx.addIssue({ code: 'custom', path: [i], message: 'Not an email address.', params: { code: 'invalid' } });
    else if (!out.includes(stored)) out.push(stored);
  });
  return out;
});

const flags = {
  active: z.boolean().optional(),
  /** Offered as a From address in SOGo to the goto mailboxes. */
  sogoVisible: z.boolean().optional(),
  /** The goto mailboxes may send as the alias. */
  senderAllowed: z.boolean().optional(),
  /** Only reachable from the alias's own domain and its alias domains. */
  internal: z.boolean().optional(),
  /** mailcow's goto_null / goto_spam / goto_ham: replace the targets (first set wins, in this order). */
  gotoNull: z.boolean().optional(),
  gotoSpam: z.boolean().optional(),
  gotoHam: z.boolean().optional(),
  privateComment: comment.optional(),
  publicComment: comment.optional(),
};

export const createAliasInput = z.object({ address: aliasAddress, goto: gotoList.optional(), ...flags });
export type CreateAliasInput = z.input<typeof createAliasInput>;

export const editAliasInput = z.object({
  id: z.number().int().positive(),
  /** A new address (mailcow's edit may move an alias). */
  address: aliasAddress.optional(),
  goto: gotoList.optional(),
  ...flags,
});
export type EditAliasInput = z.input<typeof editAliasInput>;

export const aliasIdInput = z.object({ id: z.number().int().positive() });

export const aliasLookupInput = z.union([aliasIdInput, z.object({ address: aliasAddress })]);
export type AliasLookupInput = z.input<typeof aliasLookupInput>;

export interface AliasView {
  id: number;
  address: string;
  /** The targets, in stored order (a special goto is a one-element list). */
  goto: string[];
  /** The address's domain (may be an alias domain). */
  domain: string;
  catchAll: boolean;
  active: boolean;
  sogoVisible: boolean;
  senderAllowed: boolean;
  internal: boolean;
  privateComment: string | null;
  publicComment: string | null;
  created: string;
  modified: string | null;
}
