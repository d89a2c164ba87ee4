// mailcow's domains (reference 1.3): the shapes that cross the wire. Quotas are in MiB, as mailcow's
// API takes them and as the `domain` table stores them (mailbox quotas are bytes; see domain.service).
// Shared with the client, so nothing here may need Node.
import { z } from 'zod';
import { normaliseDomain } from '../lib/mailcow/addresses.ts';

/** mailcow's $TAGGING_LIMIT: tags beyond it are dropped with a warning; Cowbell refuses them instead. */
export const TAGGING_LIMIT = 25;

/** A domain as typed (Unicode allowed), in stored form: lowercase punycode (idn_to_ascii, UTS #46). */
export const domainName = z.string().transform((raw, ctx) => {
  const stored = normaliseDomain(raw);
  if (stored === null) {
    ctx.addIssue({ code: 'custom', message: 'Not a domain name.', params: { code: 'invalid' } });
    return z.NEVER;
  }
  return stored;
});

/** mailcow's DKIM selector: letters and digits once '-', '_' and '.' are taken out (ctype_alnum), so at least one. */
export const dkimSelector = z.string().regex(/^(?=.*[A-Za-z0-9])[A-Za-z0-9._-]{1,63}$/, { message: 'Letters, digits, ".", "_" and "-" only.' });
/** The RSA key sizes mailcow's forms offer (its API would take any, 512 included; Cowbell does not). */
export const dkimKeySize = z.union([z.literal(1024), z.literal(2048), z.literal(3072), z.literal(4096)]);

const count = z.number().int().min(0).max(2_147_483_647);
const mib = z.number().int().min(0).max(2 ** 40);
const tags = z.array(z.string().trim().min(1).max(255)).max(TAGGING_LIMIT, { message: `At most ${TAGGING_LIMIT} tags.` });

/** Everything an admin may set on a domain; what a domain admin may set is decided in policy.ts. */
const settings = {
  description: z.string().trim().max(255).optional(),
  /** Max aliases, max mailboxes. */
  aliases: count.optional(),
  mailboxes: count.optional(),
  /** MiB: default and maximum quota of a new mailbox, and of the whole domain. */
  defquota: mib.optional(),
  maxquota: mib.optional(),
  quota: mib.optional(),
  active: z.boolean().optional(),
  gal: z.boolean().optional(),
  backupmx: z.boolean().optional(),
  relayAllRecipients: z.boolean().optional(),
  /** "Relay only non-existing mailboxes": forces relayAllRecipients and backupmx on, as mailcow does. */
  relayUnknownOnly: z.boolean().optional(),
  tags: tags.optional(),
};

export const createDomainInput = z.strictObject({
  domain: domainName,
  ...settings,
  /** mailcow's domain rate limit (Redis RL_VALUE): messages per frame; 0 or absent means none. */
  rlValue: count.optional(),
  rlFrame: z.enum(['s', 'm', 'h', 'd']).optional(),
  /** The DKIM key made for the domain (none is made when it has one already). */
  dkimSelector: dkimSelector.optional(),
  keySize: dkimKeySize.optional(),
});
export type CreateDomainInput = z.input<typeof createDomainInput>;

/** Only the fields given change; tags are added to those the domain has (mailcow's edit never removes one). */
export const editDomainInput = z.strictObject(settings);
export type EditDomainInput = z.input<typeof editDomainInput>;
export type EditableField = keyof EditDomainInput;

export const domainParam = z.object({ domain: domainName });

export interface DomainView {
  domain: string;
  description: string;
  aliases: number;
  mailboxes: number;
  defquota: number;
  maxquota: number;
  quota: number;
  active: boolean;
  gal: boolean;
  backupmx: boolean;
  relayAllRecipients: boolean;
  relayUnknownOnly: boolean;
  tags: string[];
}

/** What deleting the domain takes along, and whether mailcow lets it go at all. */
export interface DomainDeletePreview {
  domain: string;
  mailboxes: number;
  aliases: number;
  aliasDomains: string[];
  domainAdmins: number;
  /** mailcow refuses to delete a domain while any mailbox (resources included) is in it. */
  deletable: boolean;
}
