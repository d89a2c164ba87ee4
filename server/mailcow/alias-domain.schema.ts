// mailcow's alias domains (reference 1.6): the shapes that cross the wire. Shared with the client.
import { z } from 'zod';
import { createDomainInput, domainName } from './domain.schema.ts';

/** add/alias_domain: the rate limit and DKIM key as add/domain takes them (none unless given). */
export const createAliasDomainInput = z.strictObject({
  aliasDomain: domainName,
  targetDomain: domainName,
  active: z.boolean().optional(),
  ...createDomainInput.pick({ rlValue: true, rlFrame: true, dkimSelector: true, keySize: true }).shape,
});
export type CreateAliasDomainInput = z.input<typeof createAliasDomainInput>;

/** edit/alias_domain: mailcow changes the target and `active`, nothing else. */
export const editAliasDomainInput = z.strictObject({
  targetDomain: domainName.optional(),
  active: z.boolean().optional(),
});
export type EditAliasDomainInput = z.input<typeof editAliasDomainInput>;

export const aliasDomainParam = z.object({ aliasDomain: domainName });

export interface AliasDomainView {
  aliasDomain: string;
  targetDomain: string;
  active: boolean;
  created: string;
  modified: string | null;
}

/** What delete/alias_domain took along. */
export interface AliasDomainDeleted {
  aliasDomain: string;
  aliases: number;
  spamaliases: number;
}
