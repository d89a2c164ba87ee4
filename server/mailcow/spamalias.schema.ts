// Time-limited aliases (mailcow's `spamalias`, reference 1.7 and 4): the shapes that cross the wire.
// Shared with the client, so nothing here may need Node.
import { z } from 'zod';

export const ALIAS_VALIDITIES = ['1h', '1d', '1w', '1m', '1y', '10y', 'permanent'] as const;
export type AliasValidity = (typeof ALIAS_VALIDITIES)[number];

/** Hours from now, as mailcow's UI offers them (SpamAliases.twig); 'permanent' never expires. */
export const VALIDITY_HOURS: Record<Exclude<AliasValidity, 'permanent'>, number> = {
  '1h': 1, '1d': 24, '1w': 168, '1m': 744, '1y': 8760, '10y': 87600,
};

/** mailcow's create default (8760 hours). */
export const DEFAULT_VALIDITY = '1y' satisfies AliasValidity;

/**
 * spamalias.description is a TEXT column and mailcow checks nothing else, so its limit is the
 * column's: 65,535 bytes of UTF-8 (a JSON body carrying that much is over the 64 KiB request limit).
 */
export const DESCRIPTION_MAX_BYTES = 65_535;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const aliasDescription = z.string().trim()
  .refine((s) => utf8Bytes(s) <= DESCRIPTION_MAX_BYTES, { message: `At most ${DESCRIPTION_MAX_BYTES} bytes.`, params: { code: 'too_long' } });

/** A mailbox or alias address as mailcow stores it: lowercase, one @, no spaces. */
export const mailAddress = z.string().trim().toLowerCase().max(255).regex(/^[^@\s,]+@[^@\s,]+$/, 'Not an email address.');

export const aliasValidity = z.enum(ALIAS_VALIDITIES);

/** A domain name as typed; the service turns it into mailcow's punycode before comparing. */
export const domainName = z.string().trim().toLowerCase().min(1).max(253);

const validityHours = z.number().int().min(1).max(87_600);

export const createTimeLimitedAliasInput = z.object({
  /** Default: the user's remembered domain, else the mailbox's domain. */
  domain: domainName.optional(),
  description: aliasDescription.optional(),
  /** Default: the user's remembered validity, else one year. */
  validity: aliasValidity.optional(),
  /** Hours from now instead of a named validity (mailcow's API takes any number from 1 to 87600); permanent still comes from `validity`. */
  validityHours: validityHours.optional(),
  /** Admins and domain admins: the mailbox to create it for (default: the signed-in mailbox). */
  username: mailAddress.optional(),
});
export type CreateTimeLimitedAliasInput = z.input<typeof createTimeLimitedAliasInput>;

export const listTimeLimitedAliasesInput = z.object({
  username: mailAddress.optional(),
  /** Part of the address or of the description. */
  q: z.string().trim().max(200).optional(),
  /** Keyset paging: nextCursor of the page before. */
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ListTimeLimitedAliasesInput = z.input<typeof listTimeLimitedAliasesInput>;

export const aliasAddressParam = z.object({ address: mailAddress });

export const editTimeLimitedAliasInput = z.object({
  /** A validity from now ('permanent': never expires). */
  validity: aliasValidity.optional(),
  /** Hours from now (mailcow's API); 'permanent' in `validity` wins. */
  validityHours: validityHours.optional(),
  /** Cowbell only: mailcow's UI cannot change a description, its database takes one. */
  description: aliasDescription.optional(),
}).refine((v) => v.validity !== undefined || v.validityHours !== undefined || v.description !== undefined, 'Nothing to change.');
export type EditTimeLimitedAliasInput = z.input<typeof editTimeLimitedAliasInput>;

export const aliasDefaultsInput = z.object({
  domain: domainName.optional(),
  validity: aliasValidity.optional(),
}).refine((v) => v.domain !== undefined || v.validity !== undefined, 'Nothing to change.');
export type AliasDefaultsInput = z.input<typeof aliasDefaultsInput>;

export interface TimeLimitedAlias {
  address: string;
  /** The mailbox it delivers to. */
  goto: string;
  description: string;
  /** mailcow's DATETIME, server-local wall clock ("YYYY-MM-DD HH:MM:SS"). */
  created: string;
  /** UNIX seconds of expiry; null when permanent. */
  validity: number | null;
  permanent: boolean;
}

export interface AliasDefaults {
  /** Where a new alias goes when no domain is given. */
  domain: string;
  validity: AliasValidity;
  /** Every domain a new alias may use: the mailbox's and its active alias domains. */
  domains: string[];
  /** Whether this account may create, extend and delete time-limited aliases (user_acl.spam_alias). */
  mayCreate: boolean;
}
