// Yubico OTP validation protocol 2.0 (what mailcow's Auth_Yubico speaks to YubiCloud): a GET with the
// client id, the OTP and a fresh nonce, signed with HMAC-SHA1 under the client's base64 API key; the
// answer is `key=value` lines signed the same way. Only a signed OK that echoes our OTP and nonce counts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Env } from '../../env.ts';

export interface YubicoClient { clientId: string; secretKey: string }

export type YubicoResult =
  | { ok: true }
  /** The OTP is wrong or was used before (the server's BAD_OTP / REPLAYED_OTP). */
  | { ok: false; reason: 'bad_otp' | 'replayed' }
  /** The server does not know the client id, or our signature under its key is wrong. */
  | { ok: false; reason: 'bad_client' }
  /** No answer, or none to trust (unsigned, wrongly signed, not echoing the request, a server error). */
  | { ok: false; reason: 'unavailable' };

/** `k=v` pairs sorted by key, joined with &: what protocol 2.0 signs. */
export function signedText(params: Record<string, string>): string {
  return Object.keys(params).filter((k) => k !== 'h').sort().map((k) => `${k}=${params[k]}`).join('&');
}

export const yubicoSignature = (params: Record<string, string>, secretKey: string) =>
  createHmac('sha1', Buffer.from(secretKey, 'base64')).update(signedText(params)).digest('base64');

function parseResponse(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of body.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function judge(answer: Record<string, string>, sent: { otp: string; nonce: string }, secretKey: string): YubicoResult {
  switch (answer.status) {
    case 'BAD_OTP': return { ok: false, reason: 'bad_otp' };
    case 'REPLAYED_OTP': return { ok: false, reason: 'replayed' };
    case 'NO_SUCH_CLIENT':
    case 'BAD_SIGNATURE': return { ok: false, reason: 'bad_client' };
    case 'OK': break;
    default: return { ok: false, reason: 'unavailable' };
  }
  const signed = typeof answer.h === 'string' && sameText(answer.h, yubicoSignature(answer, secretKey));
  return signed && answer.otp === sent.otp && answer.nonce === sent.nonce ? { ok: true } : { ok: false, reason: 'unavailable' };
}

export async function verifyYubicoOtp(env: Env, client: YubicoClient, otp: string): Promise<YubicoResult> {
  const nonce = randomBytes(16).toString('hex');
  const params: Record<string, string> = { id: client.clientId, nonce, otp };
  const url = new URL(env.YUBICO_API_URL);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('h', yubicoSignature(params, client.secretKey));
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(env.YUBICO_TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) return { ok: false, reason: 'unavailable' };
    return judge(parseResponse(await res.text()), { otp, nonce }, client.secretKey);
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}
