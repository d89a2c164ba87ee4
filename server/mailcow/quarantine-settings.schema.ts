// The admin's quarantine settings (reference 3.3) as Cowbell's own API takes them. mailcow's
// quarantine('edit', settings) is lenient (it turns bad values into defaults); Cowbell's form refuses
// them at the edge instead, then hands the same service the values mailcow's field names would carry.
import { z } from 'zod';
import { normaliseDomain } from '../lib/mailcow/addresses.ts';
import { phpValidEmail } from '../lib/mailcow/php-values.ts';

export const RELEASE_FORMATS = ['raw', 'attachment'] as const;

const addressOrEmpty = z.string().max(255).refine((v) => v === '' || phpValidEmail(v), { params: { code: 'invalid' }, message: 'A valid address, or nothing.' });

export const quarantineSettingsInput = z.object({
  /** MiB; 0 switches the quarantine off (nothing fits). */
  maxSize: z.number().int().min(0).max(1_000_000),
  /** Items kept per mailbox; 0 switches the quarantine off. */
  retentionSize: z.number().int().min(0).max(1_000_000),
  /** Items scoring this or more are left out of digests; null: no limit. */
  maxScore: z.number().finite().nullable(),
  /** Days; 0 or less is saved as 365, as mailcow does. */
  maxAge: z.number().int().max(100_000),
  excludeDomains: z.array(z.string().max(255).refine((d) => normaliseDomain(d) !== null, { params: { code: 'invalid' }, message: 'Not a domain name.' })).max(10_000),
  releaseFormat: z.enum(RELEASE_FORMATS),
  sender: addressOrEmpty,
  subject: z.string().max(500),
  /** The digest's Jinja2 template; '' means mailcow's own. */
  htmlTemplate: z.string().max(200_000),
  bcc: addressOrEmpty,
  redirect: addressOrEmpty,
});
export type QuarantineSettingsInput = z.input<typeof quarantineSettingsInput>;

export interface QuarantineSettingsView {
  maxSize: number;
  retentionSize: number;
  maxScore: number | null;
  maxAge: number;
  excludeDomains: string[];
  releaseFormat: (typeof RELEASE_FORMATS)[number];
  sender: string;
  subject: string;
  /** What Q_HTML holds ('' when unset: the digest then uses defaultTemplate). */
  htmlTemplate: string;
  defaultTemplate: string;
  /** Why the stored template cannot be used (the digest falls back to the default), or null. */
  templateError: string | null;
  bcc: string;
  redirect: string;
}
