// The whole path against real servers: Postfix → rspamd milter (rejects) → metadata exporter →
// Cowbell ingest → web push (VAPID verified, payload decrypted) → release over SMTP to Postfix's
// release port → Dovecot LMTP → visible over IMAP. Learning talks to rspamd's real controller.
// App passwords against the real Dovecot: app-passwords.cases.ts, and push for new mail through
// Dovecot's Lua driver: new-mail.cases.ts, both registered at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { aliasDomain, spamalias } from '../../../db/schema/mail.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { createDeps } from '../../deps.ts';
import { loadEnv } from '../../env.ts';
import { NEW_MAIL_INGEST_PATH } from '../../features/new-mail-push/new-mail.schema.ts';
import { insertDomain, insertMailbox } from '../../lib/mailcow/provision.ts';
import { CONTROLLER_PASSWORD } from '../../mailstack/config.ts';
import { cowbellEnvFor, portOffset, stackConfig } from '../../mailstack/profiles.ts';
import { startMailstack, stopMailstack } from '../../mailstack/stack.ts';
import { startPushService } from '../push-service.ts';
import { appPasswordCases } from './app-passwords.cases.ts';
import { newMailCases } from './new-mail.cases.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// rspamd posts to Cowbell, so its port is known in advance; it moves with COWBELL_PORT_OFFSET too.
const COWBELL_PORT = 8093 + portOffset();
const DOMAIN = 'mailstack.test';
const USER = `alice@${DOMAIN}`;
const PASSWORD = 'alice-stack-pw';
const NEW_MAIL_SECRET = 'mailstack-new-mail-secret';
const cfg = stackConfig('test', { root: ROOT, domain: DOMAIN, ingestUrl: `http://127.0.0.1:${COWBELL_PORT}/ingest/rspamd`,
  databaseUrl: process.env.DATABASE_URL!, redisUrl: process.env.REDIS_URL!,
  newMail: { url: `http://127.0.0.1:${COWBELL_PORT}${NEW_MAIL_INGEST_PATH}`, secret: NEW_MAIL_SECRET } });

const deps = createDeps(loadEnv({ ...process.env, HASH_THREADS: '1', PASSWORD_HASH_COST: '4' }));
let cowbell: ChildProcess;
let push: Awaited<ReturnType<typeof startPushService>>;

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs in to Cowbell over HTTP like the app does and returns a caller for state-changing requests. */
async function signedIn(origin: string, user = USER, password = PASSWORD) {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => res.headers.getSetCookie().forEach((c) => { const [k, v] = c.split(';')[0].split('='); cookies.set(k, v); });
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  keep(await fetch(`${origin}/api/session`));
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', cookie: header(), 'x-csrf-token': (cookies.get('__Host-cowbell_csrf') ?? cookies.get('cowbell_csrf'))! } });
    keep(res);
    return res;
  };
  expect((await send('POST', '/api/session', { username: user, password })).status).toBe(200);
  return send;
}


/** The source of the newest INBOX message whose body holds `marker`, once Dovecot has it. */
async function inboxMessage(marker: string): Promise<string> {
  const imap = new ImapFlow({ host: '127.0.0.1', port: cfg.ports.imap, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
  await imap.connect();
  try {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const uid = await until(`"${marker}" in INBOX`, async () => {
        await imap.noop();
        const found = await imap.search({ body: marker }, { uid: true });
        return Array.isArray(found) && found.length > 0 ? found[found.length - 1] : undefined;
      });
      const msg = await imap.fetchOne(String(uid), { source: true }, { uid: true });
      return msg && msg.source ? msg.source.toString('utf8') : '';
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout();
  }
}

/** Sends a plain message over the inbound port; the SMTP error when Postfix refuses it. */
async function sendTo(to: string, subject: string, text: string, from = 'friend@example.net'): Promise<{ responseCode?: number; command?: string } | null> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: cfg.ports.smtpIn, secure: false, ignoreTLS: true });
  try {
    await smtp.sendMail({ from, to, subject, text });
    return null;
  } catch (e) {
    return e as { responseCode?: number; command?: string };
  } finally {
    smtp.close();
  }
}

const sendSpam = (subject: string) => sendTo(USER, subject, `Buy now! MAILSTACK-TEST-SPAM ${subject}`, 'spammer@example.net');

const rowFor = (subject: string) => until(`the quarantine row "${subject}"`, async () =>
  (await deps.db.select().from(quarantine).where(eq(quarantine.subject, subject)))[0]);

beforeAll(async () => {
  await deps.redis.mset({ Q_MAX_SIZE: '2', Q_RETENTION_SIZE: '100', Q_RELEASE_FORMAT: 'raw' });
  await insertDomain(deps.db, DOMAIN, { redis: deps.redis });
  await insertMailbox(deps.db, { localPart: 'alice', domain: DOMAIN, passwordHash: await deps.hasher.hash(PASSWORD) });
  push = await startPushService();
  await deps.db.insert(cowbellPushSubscriptions).values({ username: USER, deviceId: 'alice-phone', name: 'Phone', ...(() => {
    const s = push.subscription('alice-phone');
    return { endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth };
  })() });
  cowbell = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: {
    ...process.env, PORT: String(COWBELL_PORT), HOST: '127.0.0.1', STATIC_DIR: '', ...cowbellEnvFor(cfg, CONTROLLER_PASSWORD),
    PUBLIC_URL: 'https://cowbell.mailstack.test', QUARANTINE_DIGEST: 'off', PUSH_LOCAL_SERVICES: push.origin,
    // App passwords it makes are checked by MariaDB's crypt() at every IMAP login: cheap hashes keep that quick.
    PASSWORD_HASH_COST: '4',
    // Dovecot and rspamd post from 127.0.0.1; 127.0.0.2 stands for an untrusted peer (new-mail.cases.ts).
    NEW_MAIL_SECRET, INGEST_ALLOWED_NETWORKS: '127.0.0.1/32' } });
  await until('Cowbell', () => fetch(`http://127.0.0.1:${COWBELL_PORT}/api/health`).then((r) => r.ok, () => false));
  await startMailstack(cfg);
}, 180_000);

afterAll(async () => {
  await stopMailstack(cfg).catch(() => undefined);
  cowbell?.kill('SIGTERM');
  await push?.close();
  await deps.close();
}, 60_000);

describe('the real mail stack', () => {
  it('quarantines marked mail, pushes to the device, and releases it into the IMAP inbox', async () => {
    const subject = `Cheap meds Grüße ${Date.now()}`;
    const refused = await sendSpam(subject);
    expect(refused?.responseCode).toBe(554);

    const row = await rowFor(subject);
    expect(row).toMatchObject({ rcpt: USER, sender: 'spammer@example.net', action: 'reject' });
    expect(row.symbols).toContain('MAILSTACK_TEST_SPAM');

    const notified = await until('the push', async () => push.received.find((r) => r.id === 'alice-phone'));
    expect(notified.signatureValid).toBe(true);
    expect(notified.payload).toMatchObject({ kind: 'quarantine', title: 'A message was quarantined', url: `/quarantine/${row.id}` });

    const send = await signedIn(`http://127.0.0.1:${COWBELL_PORT}`);
    const released = await send('POST', '/api/quarantine/actions', { action: 'release', ids: [row.id] });
    expect(await released.json()).toEqual({ results: [{ id: row.id, ok: true }] });

    expect(await inboxMessage('MAILSTACK-TEST-SPAM')).toContain('MAILSTACK-TEST-SPAM');
  });

  it("learns spam through rspamd's real controller, with its password", async () => {
    const subject = `Learn me ${Date.now()}`;
    await sendSpam(subject);
    const row = await rowFor(subject);
    const send = await signedIn(`http://127.0.0.1:${COWBELL_PORT}`);
    const res = await send('POST', '/api/quarantine/actions', { action: 'learn_spam', ids: [row.id] });
    expect(await res.json()).toEqual({ results: [{ id: row.id, ok: true }] });
    expect(await deps.db.select().from(quarantine).where(eq(quarantine.id, row.id))).toEqual([]);
  });

  it("resolves time-limited aliases as mailcow's Postfix does: delivered while valid, refused at RCPT once expired", async () => {
    const send = await signedIn(`http://127.0.0.1:${COWBELL_PORT}`);
    const aliasDomainName = `alias-${DOMAIN}`;
    await deps.db.insert(aliasDomain).values({ aliasDomain: aliasDomainName, targetDomain: DOMAIN });
    const created = await Promise.all([{ validity: '1h' }, { validity: '1d', domain: aliasDomainName }].map(async (input) => {
      const res = await send('POST', '/api/aliases/time-limited', { description: 'mail stack', ...input });
      expect(res.status).toBe(201);
      return ((await res.json()) as { address: string }).address;
    }));
    for (const address of created) {
      const marker = `TLA-${Date.now()}-${address.split('@')[0]}`;
      expect(await sendTo(address, 'To a time-limited alias', marker)).toBeNull();
      const source = await inboxMessage(marker);
      expect(source).toContain(`To: ${address}`);
    }
    await deps.db.update(spamalias).set({ validity: Math.floor(Date.now() / 1000) - 60 }).where(eq(spamalias.address, created[0]));
    expect(await sendTo(created[0], 'Too late', 'expired')).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    // Made permanent again (mailcow's edit: permanent = 1, validity = 0), it delivers at once.
    expect((await send('PATCH', `/api/aliases/time-limited/${encodeURIComponent(created[0])}`, { validity: 'permanent' })).status).toBe(200);
    expect(await sendTo(created[0], 'Back again', `TLA-back-${Date.now()}`)).toBeNull();
  });
});

appPasswordCases({ deps, domain: DOMAIN, imapPort: cfg.ports.imap, signedIn: (user, password) => signedIn(`http://127.0.0.1:${COWBELL_PORT}`, user, password) });
newMailCases({ deps, user: USER, password: PASSWORD, home: `${cfg.dir}/vmail/${DOMAIN}/alice`, ports: cfg.ports,
  origin: `http://127.0.0.1:${COWBELL_PORT}`, secret: NEW_MAIL_SECRET, get push() { return push; },
  signedIn: () => signedIn(`http://127.0.0.1:${COWBELL_PORT}`) });
