import { z } from 'zod';
import type { ActionResult } from '../quarantine/quarantine.schema.ts';

export const deviceParam = z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a device id') });

export const subscribeSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(1024),
  keys: z.object({ p256dh: z.string().min(16).max(255), auth: z.string().min(8).max(255) }),
  name: z.string().trim().min(1).max(100),
  locale: z.enum(['en', 'de']).default('en'),
});

export const devicePatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  showDetails: z.boolean().optional(),
  /** Push for new mail on this device (issue 12). */
  newMail: z.boolean().optional(),
}).refine((v) => v.name !== undefined || v.showDetails !== undefined || v.newMail !== undefined, 'Nothing to change.');

/** The buttons of a notification about one quarantined item. */
export const QUARANTINE_PUSH_ACTIONS = ['release', 'delete', 'learn_ham'] as const;
export type QuarantinePushAction = (typeof QUARANTINE_PUSH_ACTIONS)[number];
/**
 * Every notification button: the quarantine's, "extend" on a reminder that a time-limited alias
 * expires, and "mute_sender" on a new-mail notification.
 */
export const PUSH_ACTIONS = [...QUARANTINE_PUSH_ACTIONS, 'extend', 'mute_sender'] as const;
export type PushAction = (typeof PUSH_ACTIONS)[number];
export const pushActionSchema = z.object({ token: z.string().min(20).max(100), action: z.enum(PUSH_ACTIONS) });

/**
 * Why the last push to a device did not arrive, as the user is told: a closed set the client words.
 * Never a status number, address, port or resolver message (that would make the test button a probe).
 */
export const PUSH_ERRORS = ['refused', 'busy', 'unreachable', 'not_allowed', 'invalid'] as const;
export type PushError = (typeof PUSH_ERRORS)[number];

/** What the test button reports. */
export type TestOutcome = 'sent' | 'gone' | 'retry' | 'failed' | 'not_allowed' | 'no_device';

export interface DeviceView {
  deviceId: string;
  name: string;
  showDetails: boolean;
  /** Whether new mail pushes to this device. */
  newMail: boolean;
  created: string;
  lastSuccessAt: string | null;
  lastError: PushError | null;
}

/** What the service worker receives (encrypted by the push service on the way). */
export interface PushPayload {
  kind: 'quarantine' | 'alias_expiry' | 'announcement' | 'new_mail' | 'test';
  title: string;
  body: string;
  /**
   * The page a tap opens: an app path ("/quarantine/5"), sent with BASE_PATH before it (deliver.ts),
   * or an absolute http(s) URL outside the app (new mail: the user's webmail at the message).
   */
  url: string;
  /** The app badge: unreviewed quarantine items, or new mail's Inbox unseen count; -1 leaves the badge as it is. */
  badge: number;
  tag: string;
  actions: { action: PushAction; title: string; token: string }[];
}

/** A notification the service worker shows in place of the one whose button was tapped, worded by the server. */
export interface PushNotice {
  title: string;
  body: string;
}

/**
 * What "extend" on an alias reminder did. `expired`: the alias stopped working before the tap (a new
 * one is needed); `not_found`: it was deleted, or is not the token owner's; `forbidden`: the account
 * may no longer manage time-limited aliases.
 */
export type AliasExtendResult =
  | { address: string; ok: true; validity: number | null; notice: PushNotice }
  | { address: string; ok: false; error: 'expired' | 'not_found' | 'forbidden'; notice: PushNotice };

/**
 * What "mute sender" on a new-mail notification did: the sender's address was added to the muted
 * senders (and taken off the VIPs). `invalid`: the list is full, or changed at the same moment.
 */
export type MuteSenderResult =
  | { address: string; ok: true; notice: PushNotice }
  | { address: string; ok: false; error: 'invalid'; notice: PushNotice };

/** What POST /push-actions answers: a quarantine button's result, an alias reminder's, or a new-mail mute. */
export type PushActionResult = ActionResult | AliasExtendResult | MuteSenderResult;
