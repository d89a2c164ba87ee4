// A stand-in for YubiCloud speaking the validation protocol 2.0: it checks the request's signature
// under the client's key, answers OK once per OTP of a key it knows (REPLAYED_OTP after), BAD_OTP for
// other keys, and signs every answer. `state` makes it misbehave: a forged signature, a wrong echo.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { yubicoSignature } from '../features/tfa/yubico-client.ts';
import { listenOnFreePort } from './fakes.ts';

const MODHEX = 'cbdefghijklnrtuv';

/** A 44-character OTP of the key with this 12-character public id. */
export const yubiOtp = (publicId: string) => publicId + [...randomBytes(32)].map((b) => MODHEX[b & 15]).join('');
export const newPublicId = () => [...randomBytes(12)].map((b) => MODHEX[b & 15]).join('');

export interface FakeYubicoState {
  /** Sign answers with another key. */
  forgeSignature: boolean;
  /** Answer with another nonce than the one asked with. */
  wrongEcho: boolean;
}

export async function startFakeYubico() {
  /** client id → base64 API key */
  const clients = new Map<string, string>();
  /** public ids of the keys whose OTPs are good */
  const keys = new Set<string>();
  const used = new Set<string>();
  const state: FakeYubicoState = { forgeSignature: false, wrongEcho: false };
  let requests = 0;

  const server = createServer((req, res) => {
    requests += 1;
    const q = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    const key = clients.get(q.id ?? '');
    const answer = (fields: Record<string, string>) => {
      const signed = { ...fields, t: new Date().toISOString(), sl: '100' };
      const h = key ? yubicoSignature(signed, state.forgeSignature ? randomBytes(20).toString('base64') : key) : '';
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`${key ? `h=${h}\r\n` : ''}${Object.entries(signed).map(([k, v]) => `${k}=${v}`).join('\r\n')}\r\n`);
    };
    if (!key) return answer({ status: 'NO_SUCH_CLIENT' });
    const { h, ...params } = q;
    if (h !== yubicoSignature(params, key)) return answer({ status: 'BAD_SIGNATURE' });
    const echo = { otp: q.otp ?? '', nonce: state.wrongEcho ? 'someothernonce123' : q.nonce ?? '' };
    if (!keys.has((q.otp ?? '').slice(0, 12)) || (q.otp ?? '').length !== 44) return answer({ ...echo, status: 'BAD_OTP' });
    if (used.has(q.otp!)) return answer({ ...echo, status: 'REPLAYED_OTP' });
    used.add(q.otp!);
    answer({ ...echo, status: 'OK' });
  });
  const port = await listenOnFreePort(server);
  return {
    url: `http://127.0.0.1:${port}/wsapi/2.0/verify`,
    state,
    requests: () => requests,
    /** A client id and API key the server knows, and one YubiKey's public id that it accepts OTPs of. */
    addClient() {
      const clientId = String(10000 + clients.size + Math.floor(Math.random() * 80000));
      const secretKey = randomBytes(20).toString('base64');
      clients.set(clientId, secretKey);
      const publicId = newPublicId();
      keys.add(publicId);
      return { clientId, secretKey, publicId };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
