// One new-mail notification per device: worded in the device's language, private unless the user
// chose sender and subject, with a "mute sender" button bound by a token to that sender and device.
import type { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import { issueToken } from '../push/action-tokens.ts';
import type { SendJob } from '../push/notify.service.ts';
import type { PushPayload } from '../push/push.schema.ts';
import { senderAddress, senderLabel } from './addresses.ts';
import { muteButtonText, newMailText } from './new-mail-text.ts';
import type { NewMailSettings } from './rules.schema.ts';
import { webmailUrl } from './webmail.ts';

export const NEW_MAIL_TAG = 'cowbell-new-mail';

type Device = typeof cowbellPushSubscriptions.$inferSelect;

export interface NewMailMessage {
  username: string;
  folder: string;
  uid: number;
  from: string;
  subject: string;
  /** The Inbox's unseen count after this mail, or null (another folder, or not reported). */
  inboxUnseen: number | null;
}

export async function newMailSends(deps: Deps, devices: Device[], message: NewMailMessage, settings: NewMailSettings,
  count: number): Promise<SendJob[]> {
  const address = senderAddress(message.from);
  // A mute needs an address to mute: a From without one gets no button.
  const mutable = address.includes('@');
  const url = webmailUrl(deps.env.WEBMAIL_URL_TEMPLATE, message) ?? '/';
  return Promise.all(devices.map(async (device): Promise<SendJob> => {
    const text = newMailText({ count, sender: senderLabel(message.from), subject: message.subject.trim(), latestAt: 0 },
      settings.detail, device.locale);
    const actions: PushPayload['actions'] = mutable
      ? [{ action: 'mute_sender', title: muteButtonText(device.locale),
        token: await issueToken(deps.redis, { action: 'mute_sender', address, subscriptionId: device.id, username: message.username }) }]
      : [];
    const payload: PushPayload = { kind: 'new_mail', title: text.title, body: text.body, url, badge: message.inboxUnseen ?? -1,
      tag: NEW_MAIL_TAG, actions };
    return { subscriptionId: device.id, payload };
  }));
}
