// The aliases feature's wire shapes: every address that reaches a mailbox, and its time-limited
// aliases (whose rules and shapes live with mailcow's spamalias service).
import { z } from 'zod';
import { listTimeLimitedAliasesInput } from '../../mailcow/spamalias.schema.ts';

export {
  ALIAS_VALIDITIES, DEFAULT_VALIDITY, DESCRIPTION_MAX_BYTES, VALIDITY_HOURS,
  aliasAddressParam, aliasDefaultsInput, createTimeLimitedAliasInput, editTimeLimitedAliasInput, listTimeLimitedAliasesInput,
  type AliasDefaults, type AliasValidity, type TimeLimitedAlias,
} from '../../mailcow/spamalias.schema.ts';

/**
 * How an address reaches the mailbox (mailcow's user_get_alias_details, reference 5.3):
 * direct: an alias whose goto is exactly the mailbox; shared: an alias that also delivers to others;
 * catch_all: `@domain` with the mailbox among its targets; alias_domain: the mailbox's own local part
 * in each alias domain of its domain; time_limited: a time-limited alias that has not expired.
 */
export const INBOUND_KINDS = ['direct', 'shared', 'catch_all', 'alias_domain', 'time_limited'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/** As the time-limited list's query (username, q, cursor, limit), and one kind of address. */
export const inboundQuerySchema = listTimeLimitedAliasesInput.extend({ kind: z.enum(INBOUND_KINDS).optional() });
export type InboundQuery = z.input<typeof inboundQuerySchema>;

export interface InboundAddress {
  /** `@domain` for a catch-all. */
  address: string;
  kind: InboundKind;
  /** The alias's public comment, the time-limited alias's description; '' for alias-domain addresses. */
  description: string;
  /** The alias's or alias domain's active flag; a listed time-limited alias is always usable. */
  active: boolean;
  /** Who else it delivers to (shared aliases and catch-alls); [] otherwise. */
  otherRecipients: string[];
  /** UNIX seconds when a time-limited alias stops working; null for everything that does not expire. */
  expires: number | null;
}

export interface InboundPage {
  items: InboundAddress[];
  nextCursor: string | null;
}
