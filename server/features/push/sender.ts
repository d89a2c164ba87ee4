// Delivers one encrypted payload to one push service endpoint. web-push builds the request (VAPID
// JWT, aes128gcm body); node:https sends it to an address checked on the way (lib/outbound.ts): only
// https on public addresses, or a local service the operator listed in PUSH_LOCAL_SERVICES.
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import webpush from 'web-push';
import { AddressNotAllowed, judgeEndpoint, publicOnlyLookup, type LocalService } from '../../lib/outbound.ts';
import type { PushError } from './push.schema.ts';
import type { VapidKeys } from './vapid.ts';
import { vapidAuthorization } from './vapid-headers.ts';

export type SendOutcome = 'sent' | 'gone' | 'retry' | 'failed' | 'not_allowed';

export interface Target {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** RFC 8030: how long the push service keeps a message for an offline device, and a topic under which a newer message replaces an undelivered older one. */
export interface DeliveryOptions {
  ttlSeconds?: number;
  /** Up to 32 characters of the URL-safe base64 alphabet. */
  topic?: string;
}

export interface SendOptions extends DeliveryOptions {
  vapid: VapidKeys;
  subject: string;
  localServices: LocalService[];
}

export interface SendResult {
  outcome: SendOutcome;
  /** For the device list; null when sent or gone. */
  error: PushError | null;
}

const TIMEOUT_MS = 15_000;

/** Posts and resolves with the status; rejects when no answer came (or the address was refused). */
function post(details: webpush.RequestDetails, local: boolean): Promise<number> {
  const url = new URL(details.endpoint);
  const send = (url.protocol === 'https:' ? httpsRequest : httpRequest) as (u: URL, o: RequestOptions, cb: (res: IncomingMessage) => void) => ClientRequest;
  return new Promise((resolve, reject) => {
    // No redirects are followed and no pooled socket is shared: each push connects to what was checked.
    const req = send(url, { method: details.method, headers: details.headers as Record<string, string | number>, agent: false,
      timeout: TIMEOUT_MS, ...(local ? {} : { lookup: publicOnlyLookup() }) }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('the push service did not answer in time')));
    req.on('error', reject);
    req.end(details.body);
  });
}

export async function sendPush(target: Target, payload: unknown, opts: SendOptions): Promise<SendResult> {
  const verdict = judgeEndpoint(target.endpoint, opts.localServices);
  if (!verdict.allowed) return { outcome: 'not_allowed', error: 'not_allowed' };
  let details: webpush.RequestDetails;
  try {
    // No vapidDetails: the Authorization header comes signed once per push service (vapid-headers.ts).
    details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload), { TTL: opts.ttlSeconds ?? 86_400, contentEncoding: 'aes128gcm', urgency: 'high',
        ...(opts.topic ? { topic: opts.topic } : {}),
        headers: { Authorization: vapidAuthorization(target.endpoint, opts.subject, opts.vapid) } });
  } catch {
    return { outcome: 'failed', error: 'invalid' }; // bad keys or subject: retrying cannot help
  }
  let status: number;
  try {
    status = await post(details, verdict.local);
  } catch (e) {
    if (e instanceof AddressNotAllowed) return { outcome: 'not_allowed', error: 'not_allowed' };
    return { outcome: 'retry', error: 'unreachable' };
  }
  if (status >= 200 && status < 300) return { outcome: 'sent', error: null };
  // The subscription expired or was revoked: it will never work again.
  if (status === 404 || status === 410) return { outcome: 'gone', error: null };
  if (status === 429 || status >= 500) return { outcome: 'retry', error: 'busy' };
  return { outcome: 'failed', error: 'refused' };
}
