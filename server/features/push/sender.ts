// Delivers one encrypted payload to one push service endpoint. web-push builds the request (VAPID
// JWT, aes128gcm body); fetch sends it, so http:// test endpoints work as well as real https ones.
import webpush from 'web-push';
import type { VapidKeys } from './vapid.ts';

export type SendOutcome = 'sent' | 'gone' | 'retry' | 'failed';

export interface Target {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export async function sendPush(target: Target, payload: unknown, vapid: VapidKeys, subject: string, ttlSeconds = 86_400): Promise<{ outcome: SendOutcome; status: number }> {
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(payload), { TTL: ttlSeconds, contentEncoding: 'aes128gcm', urgency: 'high',
      vapidDetails: { subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey } });
  } catch {
    return { outcome: 'failed', status: 0 }; // bad keys or subject: retrying cannot help
  }
  let status = 0;
  try {
    const res = await fetch(details.endpoint, { method: details.method, headers: details.headers as Record<string, string>,
      body: new Uint8Array(details.body as Buffer), signal: AbortSignal.timeout(15_000) });
    status = res.status;
  } catch {
    return { outcome: 'retry', status };
  }
  if (status >= 200 && status < 300) return { outcome: 'sent', status };
  // The subscription expired or was revoked: it will never work again.
  if (status === 404 || status === 410) return { outcome: 'gone', status };
  if (status === 429 || status >= 500) return { outcome: 'retry', status };
  return { outcome: 'failed', status };
}
