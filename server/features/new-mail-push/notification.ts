// One new-mail notification per device: worded in the device's language, private unless the user
// chose sender and subject, with a "mute sender" button bound by a token to that sender and device.
import type { Deps } from '../../deps.ts';
import { keys } from '../../lib/redis-keys.ts';
import { issueSlotToken } from '../push/action-tokens.ts';
import type { SendJob } from '../push/notify.service.ts';
import type { PushPayload } from '../push/push.schema.ts';
import type { DeliveryOptions } from '../push/sender.ts';
import { senderAddress, senderLabel } from './addresses.ts';
import { muteButtonText, newMailText } from './new-mail-text.ts';
import type { Device } from './recipient.ts';
import { senderAddressSchema, type NewMailSettings } from './rules.schema.ts';
import { webmailUrl } from './webmail.ts';

export const NEW_MAIL_TAG = 'cowbell-new-mail';

/**
 * News of new mail goes stale: a phone offline for hours gets only the latest notification (the
 * topic replaces an undelivered older one at the push service), none older than two hours, and a
 * push service that stays down for minutes is not retried into the evening.
 */
export const NEW_MAIL_DELIVERY: DeliveryOptions = { ttlSeconds: 2 * 3600, topic: 'cowbell-new-mail' };
export const NEW_MAIL_ATTEMPTS = 6;
/** The mute button's token lives as long as a notification can still be on the screen unreplaced. */
const MUTE_TOKEN_SECONDS = 24 * 3600;
/** Push services take about 4 KB of payload (RFC 8291 with their limit); the rest is encryption's. */
export const MAX_PAYLOAD_BYTES = 3000;

export interface NewMailMessage {
  username: string;
  folder: string;
  uid: number;
  from: string;
  subject: string;
  /** The Inbox's unseen count after this mail, or null (another folder, or not reported). */
  inboxUnseen: number | null;
}

const bytes = (payload: PushPayload) => Buffer.byteLength(JSON.stringify(payload));

/**
 * Names and subjects are cut already (new-mail-text.ts), but escapes and a long webmail link can
 * still outgrow a push: then the subject goes, and then the link (the tap opens Cowbell instead).
 */
export function fitPayload(payload: PushPayload): PushPayload {
  if (bytes(payload) <= MAX_PAYLOAD_BYTES) return payload;
  const bodiless = { ...payload, body: '' };
  return bytes(bodiless) <= MAX_PAYLOAD_BYTES ? bodiless : { ...bodiless, url: '/' };
}

export async function newMailSends(deps: Deps, devices: Device[], message: NewMailMessage, settings: NewMailSettings,
  count: number): Promise<SendJob[]> {
  const address = senderAddress(message.from);
  // A mute needs a whole address: no button for a From without one, or with only "@domain" in it.
  const mutable = senderAddressSchema.safeParse(address).success;
  const url = webmailUrl(deps.env.WEBMAIL_URL_TEMPLATE, message) ?? '/';
  return Promise.all(devices.map(async (device): Promise<SendJob> => {
    const text = newMailText({ count, sender: senderLabel(message.from), subject: message.subject.trim() }, settings.detail, device.locale);
    const actions: PushPayload['actions'] = mutable
      ? [{ action: 'mute_sender', title: muteButtonText(device.locale), token: await issueSlotToken(deps.redis, keys.newMailMuteSlot(device.id),
        { action: 'mute_sender', address, subscriptionId: device.id, username: message.username }, MUTE_TOKEN_SECONDS) }]
      : [];
    const payload = fitPayload({ kind: 'new_mail', title: text.title, body: text.body, url, badge: message.inboxUnseen ?? -1, tag: NEW_MAIL_TAG, actions });
    return { subscriptionId: device.id, payload, delivery: NEW_MAIL_DELIVERY };
  }));
}
