// A stand-in push service on 127.0.0.1: it checks the VAPID JWT signature and decrypts the payload
// with the "browser" keys it handed out, exactly what a real push service and browser would do.
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer } from 'node:http';
import ece from 'http_ece';
import { listenOnFreePort } from './fakes.ts';

const b64u = (b: Buffer) => b.toString('base64url');

export interface Received {
  id: string;
  payload: Record<string, unknown>;
  signatureValid: boolean;
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
  headers: Record<string, string | string[] | undefined>;
  /** Date.now() when the push arrived. */
  at: number;
}

export async function startPushService() {
  const browsers = new Map<string, { ecdh: ECDH; auth: Buffer }>();
  const statuses = new Map<string, number[]>();
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (req.url ?? '').split('/').pop()!;
      const scripted = statuses.get(id)?.shift();
      if (scripted && scripted >= 300) { res.writeHead(scripted).end(); return; }
      const browser = browsers.get(id);
      if (!browser) { res.writeHead(404).end(); return; }
      const [, jwt, k] = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(req.headers.authorization)) ?? [];
      const [h, p, s] = (jwt ?? '..').split('.');
      const raw = Buffer.from(k ?? '', 'base64url');
      const key = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) } });
      const signatureValid = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
      const plain = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: browser.ecdh, authSecret: b64u(browser.auth) });
      received.push({ id, payload: JSON.parse(plain.toString('utf8')), signatureValid, vapidKey: k,
        claims: JSON.parse(Buffer.from(p, 'base64url').toString()), headers: req.headers, at: Date.now() });
      res.writeHead(201).end();
    });
  });
  const bound = await listenOnFreePort(server);
  const origin = `http://127.0.0.1:${bound}`;
  return {
    port: bound,
    /** Where the push service listens (on a port the OS picked); also the audience of VAPID tokens for it. */
    origin,
    received,
    /** A new "browser" subscription: endpoint and keys as PushManager.subscribe() would give them. */
    subscription(id: string) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(id, { ecdh, auth });
      return { endpoint: `${origin}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
    },
    /** The next answers for an endpoint, e.g. [503, 503] before it accepts, or [410]. */
    script(id: string, codes: number[]) { statuses.set(id, [...codes]); },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
