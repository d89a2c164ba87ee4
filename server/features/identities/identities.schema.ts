import { z } from 'zod';
import { normaliseAddress } from '../../lib/mailcow/addresses.ts';
import type { SendAs, SendAsSource } from '../../mailcow/send-as.service.ts';

/** A signature is a few lines (or their HTML); 10,000 characters leaves room for markup, not for images. */
export const MAX_SIGNATURE = 10_000;
export const MAX_DISPLAY_NAME = 255;

const address = (message: string) => z.string().max(255).transform((v, ctx) => {
  const normalised = normaliseAddress(v);
  if (normalised) return normalised;
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});

export const identityParam = z.object({ address: address('Not an email address.') });

export const identityInput = z.object({
  // SOGo strips anything between < and > from a display name when it reads it, and a line break has
  // no place in a From header: refused rather than silently changed.
  displayName: z.string().trim().min(1).max(MAX_DISPLAY_NAME)
    .refine((v) => !/[<>\u0000-\u001f\u007f\u2028\u2029]/.test(v), { message: 'No < >, line breaks or control characters.', params: { code: 'invalid' } }),
  /** null or '' for none. */
  replyTo: z.union([z.literal(''), z.null(), address('Not an email address.')]).transform((v) => v || null),
  /** '' for none; HTML when signatureFormat is 'html', plain text otherwise (SOGo's compose format). */
  signature: z.string().max(MAX_SIGNATURE).refine((v) => !v.includes('\u0000'), { message: 'No NUL characters.', params: { code: 'invalid' } }),
});
export type IdentityInput = z.infer<typeof identityInput>;

export interface IdentityView {
  address: string;
  displayName: string;
  replyTo: string | null;
  signature: string;
  isDefault: boolean;
  /** Kept in SOGo's preferences; false: nothing stored yet, SOGo's defaults shown. */
  stored: boolean;
  /** Postfix accepts this From from the user now (false for a stored identity that lost its right). */
  allowed: boolean;
  /** Why the user may send as it; empty for an address under a grant (or no longer allowed). */
  via: SendAsSource[];
}

export interface IdentitiesView {
  /** The login: SOGo's own address for the user. */
  mailbox: string;
  /** SOGo's display name when none is set: the mailbox's name, else the login. */
  defaultName: string;
  /** What SOGo's compose window makes of a signature (the user's SOGoMailComposeMessageType). */
  signatureFormat: 'html' | 'text';
  /** Whole addresses first (the own address leading), then stored identities under a grant or stale. */
  identities: IdentityView[];
  /** "Any address in a domain" and "any address": an identity may use any address they cover. */
  grants: Exclude<SendAs, { kind: 'address' }>[];
  /**
   * SOGo's stored preferences: 'missing' before the first SOGo login (the first change creates them),
   * 'unreadable' when not JSON, 'unavailable' without SOGo; in the last two cases changes are refused (409).
   */
  profile: 'ok' | 'missing' | 'unreadable' | 'unavailable';
}
