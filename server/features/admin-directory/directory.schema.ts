import { z } from 'zod';

export const mailboxQuerySchema = z.object({
  /** Part of the address or the name. */
  q: z.string().trim().max(200).optional(),
  /** One domain's mailboxes (within the viewer's domains, never beyond). */
  domain: z.string().trim().toLowerCase().max(255).optional(),
  /** Keyset paging: addresses after this one. */
  cursor: z.string().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type MailboxQuery = z.infer<typeof mailboxQuerySchema>;

export interface DomainView {
  name: string;
  active: boolean;
  mailboxes: number;
  /** Alias domains that point at this domain (they are in a domain admin's scope too). */
  aliasDomains: string[];
}

export interface MailboxView {
  username: string;
  name: string;
  domain: string;
  active: boolean;
}

export interface MailboxPage {
  items: MailboxView[];
  nextCursor: string | null;
}
