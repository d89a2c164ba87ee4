import { z } from 'zod';

export const QUARANTINE_ACTIONS = ['reject', 'add header', 'rewrite subject'] as const;

export const listQuerySchema = z.object({
  /** Keyset paging: items with an id below this one. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  q: z.string().trim().max(200).optional(),
  action: z.enum(QUARANTINE_ACTIONS).optional(),
  /** One domain's items (for admins and domain admins; within what the viewer may see, never beyond). */
  domain: z.string().trim().toLowerCase().max(255).optional(),
  /** One mailbox's items, by its full address (likewise within the viewer's scope). */
  mailbox: z.string().trim().toLowerCase().max(255).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const itemParamSchema = z.object({ id: z.coerce.number().int().positive() });
export const detailQuerySchema = z.object({ remote: z.enum(['0', '1']).default('0') });

export interface QuarantineListItem {
  id: number;
  /* No qid: with the id it makes the digest link, a capability (see qhandler.service.ts). */
  subject: string;
  sender: string;
  rcpt: string;
  score: number | null;
  action: string;
  created: string;
  /** The strongest rspamd symbols, for a one-line "why". */
  reasons: string[];
  virus: boolean;
  /** Whether the viewer opened it: the recipient's reviewed flag, or an admin's own read. */
  reviewed: boolean;
}

export interface QuarantineList {
  items: QuarantineListItem[];
  nextCursor: number | null;
  /** For mailbox users: their items not yet opened or acted on (the app badge). */
  unreviewed: number | null;
}

export interface QuarantineDetail extends QuarantineListItem {
  headerFrom: string;
  recipients: string[];
  date: string | null;
  symbols: { name: string; score: number; options: string[] }[];
  headers: { name: string; value: string }[];
  text: string;
  /** Sanitised HTML for a sandboxed frame, or null when the message has no HTML part. */
  html: string | null;
  /** How many remote images were held back (loaded only when asked with ?remote=1). */
  blockedRemote: number;
  attachments: { index: number; filename: string; contentType: string; size: number }[];
}

export const ITEM_ACTIONS = ['release', 'delete', 'learn_ham', 'learn_spam', 'block_sender'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export const actionSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(100).transform((ids) => [...new Set(ids)]),
  action: z.enum(ITEM_ACTIONS),
});

export interface ActionResult {
  id: number;
  ok: boolean;
  /**
   * Set when the action failed, or succeeded with a part that did not (e.g. learning after a release).
   * `mail_server_unreachable`: release needs the mail server (RELEASE_SMTP_HOST) and it could not be
   * reached; `release_failed`: it was reached but did not take the message.
   */
  error?: 'not_found' | 'mail_server_unreachable' | 'release_failed' | 'learn_failed' | 'no_sender' | 'invalid_sender' | 'internal';
}
