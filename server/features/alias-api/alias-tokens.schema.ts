// A mailbox user's password-manager tokens, as the app manages them. Shared with the client.
import { z } from 'zod';
import type { AliasValidity } from '../../mailcow/spamalias.service.ts';

/** How long the aliases a token makes live: mailcow's choices (reference section 4). */
export const ALIAS_VALIDITIES = ['1h', '1d', '1w', '1m', '1y', '10y', 'permanent'] as const satisfies readonly AliasValidity[];

export const createAliasTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  // A password manager makes an alias when the user signs up somewhere; that account's password
  // resets and notices go to it for as long as the account exists. An alias that quietly expired
  // would lock the user out of the account's recovery, so the default is "never expires"; a user
  // who wants throw-away addresses picks a validity for the token.
  validity: z.enum(ALIAS_VALIDITIES).default('permanent'),
});

export const aliasTokenParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export interface AliasTokenView {
  id: number;
  name: string;
  validity: AliasValidity;
  created: string;
  lastUsedAt: string | null;
}

/** What creating a token answers: the token itself is shown this once and never again. */
export interface CreatedAliasToken {
  token: AliasTokenView;
  secret: string;
}
