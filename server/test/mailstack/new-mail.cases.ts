// Push for new mail from the real Dovecot (issue 12): the stack's Dovecot runs README.md's
// extra.conf lines (Lua push driver, the bulk Sieve script in sieve_before3) and alice's own Sieve
// script files list mail into "Lists". Each mail's event goes to Cowbell's /ingest/dovecot, and
// what Cowbell pushes is decrypted at the local push service. Registered by mailstack.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import { NEW_MAIL_INGEST_PATH, type NewMailSettingsView } from '../../features/new-mail-push/new-mail.schema.ts';
import type { NewMailSettingsInput } from '../../features/new-mail-push/rules.schema.ts';
import type { PushPayload } from '../../features/push/push.schema.ts';
import { isolate } from '../../lib/bidi.ts';
import { keys } from '../../lib/redis-keys.ts';
import type { startPushService } from '../push-service.ts';

type Send = (method: string, path: string, body?: unknown) => Promise<Response>;

export interface NewMailStack {
  deps: Deps;
  user: string;
  password: string;
  /** Where Dovecot keeps the user's home: <vmail>/<domain>/<local part>. */
  home: string;
  ports: { imap: number; lmtp: number; smtpIn: number };
  /** Cowbell's origin (it takes ingest from 127.0.0.1 only) and its NEW_MAIL_SECRET. */
  origin: string;
  secret: string;
  push: Awaited<ReturnType<typeof startPushService>>;
  signedIn(): Promise<Send>;
}

const DEVICE = 'alice-new-mail';
/** Every push counts against the cap; these cases push more often than the default 10 in 10 minutes. */
const NO_CAP = { count: 100, minutes: 1 };

/** Files mail with a List-Id into "Lists", as a user's own filter would (ManageSieve, SOGo). */
const LISTS_SIEVE = `require ["fileinto", "mailbox"];
if exists "List-Id" {
  fileinto :create "Lists";
}
`;

export function newMailCases(stack: NewMailStack) {
  let send: Send;
  let mark = 0;

  /** Settings for the next case, whose first push starts a burst of its own ("New mail", not "3 new messages"). */
  async function settings(input: NewMailSettingsInput): Promise<NewMailSettingsView> {
    await stack.deps.redis.del(keys.newMailBurst(stack.user));
    const res = await send('PUT', '/api/new-mail/settings', { cap: NO_CAP, ...input });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json() as Promise<NewMailSettingsView>;
  }

  /** One mail into alice's LMTP: when it answers, Dovecot has delivered it and Cowbell has taken the event. */
  async function deliver(from: string, subject: string, headers: Record<string, string> = {}) {
    const lmtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.ports.lmtp, lmtp: true, secure: false, ignoreTLS: true });
    try {
      const info = await lmtp.sendMail({ from, to: stack.user, subject, text: `${subject}\n`, headers });
      expect(info.accepted).toEqual([stack.user]);
    } finally {
      lmtp.close();
    }
  }

  /** The pushes to the new-mail device since the last call, once `last` is among them. */
  async function pushesUntil(last: (p: PushPayload) => boolean): Promise<PushPayload[]> {
    const end = Date.now() + 20_000;
    for (;;) {
      const mine = stack.push.received.filter((r) => r.id === DEVICE).slice(mark);
      if (mine.some((r) => last(r.payload as unknown as PushPayload))) {
        expect(mine.every((r) => r.signatureValid)).toBe(true);
        mark += mine.length;
        return mine.map((r) => r.payload as unknown as PushPayload);
      }
      if (Date.now() > end) throw new Error(`timed out waiting for a push; got ${JSON.stringify(mine.map((r) => r.payload))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function inboxUnseen(): Promise<number> {
    const imap = new ImapFlow({ host: '127.0.0.1', port: stack.ports.imap, secure: false, auth: { user: stack.user, pass: stack.password }, logger: false });
    await imap.connect();
    try {
      return (await imap.status('INBOX', { unseen: true })).unseen!;
    } finally {
      await imap.logout();
    }
  }

  /** A POST to the ingest endpoint from a chosen loopback address (node:http: fetch cannot pick one). */
  function ingest(body: unknown, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<number> {
    const url = new URL(NEW_MAIL_INGEST_PATH, stack.origin);
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  describe('push for new mail from the real Dovecot', () => {
    beforeAll(async () => {
      // alice's own Sieve script, where the stack's `sieve = file:~/sieve;active=~/.dovecot.sieve` looks.
      mkdirSync(`${stack.home}/sieve`, { recursive: true });
      writeFileSync(`${stack.home}/sieve/lists.sieve`, LISTS_SIEVE);
      rmSync(`${stack.home}/.dovecot.sieve`, { force: true });
      symlinkSync('sieve/lists.sieve', `${stack.home}/.dovecot.sieve`);
      expect(spawnSync('chown', ['-R', 'mail:mail', `${stack.home}/..`]).status).toBe(0);

      const s = stack.push.subscription(DEVICE);
      // Off by default for quarantine details: new mail's detail is the user's new-mail setting alone.
      await stack.deps.db.insert(cowbellPushSubscriptions).values({ username: stack.user, deviceId: DEVICE, name: 'Mail phone',
        endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth, newMail: 1 });
      send = await stack.signedIn();
    });

    it('pushes Inbox mail, naming sender and subject only when the user allows it, with the Inbox unseen count as badge; the next mail counts both', async () => {
      const view = await settings({ detail: 'private' });
      expect(view).toMatchObject({ receiving: true, settings: { enabled: true, detail: 'private', folders: ['INBOX'] } });

      // The whole way once: Postfix (rspamd's milter) → Dovecot LMTP → Lua → Cowbell → push service.
      const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.ports.smtpIn, secure: false, ignoreTLS: true });
      await smtp.sendMail({ from: '"Jürgen Ä" <juergen@example.org>', to: stack.user, subject: 'Grüße aus Köln', text: 'Hallo' });
      smtp.close();
      const [quiet] = await pushesUntil((p) => p.kind === 'new_mail');
      expect(quiet).toMatchObject({ kind: 'new_mail', title: 'New mail', body: '', tag: 'cowbell-new-mail', badge: await inboxUnseen(),
        actions: [{ action: 'mute_sender', title: expect.any(String), token: expect.any(String) }] });
      expect(quiet.badge).toBeGreaterThan(0);

      await settings({ detail: 'sender_subject' });
      await deliver('"Jürgen Ä" <juergen@example.org>', 'Zweiter Gruß');
      const [named] = await pushesUntil((p) => p.kind === 'new_mail');
      expect(named).toMatchObject({ kind: 'new_mail', title: `New mail from ${isolate('Jürgen Ä')}`, body: isolate('Zweiter Gruß'),
        tag: 'cowbell-new-mail', badge: await inboxUnseen() });

      // Within the burst the notification (same tag, so it replaces the last) counts what came.
      await deliver('Ann <ann@example.org>', 'Dritter');
      const [burst] = await pushesUntil((p) => p.kind === 'new_mail');
      expect(burst).toMatchObject({ title: `2 new messages, the latest from ${isolate('Ann')}`, body: isolate('Dritter'), badge: await inboxUnseen() });
    });

    it('pushes nothing for list mail Sieve filed away, bulk mail in the Inbox (by Precedence or rspamd), muted senders or domains; the next mail pushes', async () => {
      await settings({ detail: 'sender_subject', muted: ['pest@example.org', '@noisy.example'] });
      await deliver('dev-list@lists.example.org', 'List mail', { 'List-Id': 'Developers <dev.lists.example.org>' });
      await deliver('news@shop.example', 'Bulk mail', { Precedence: 'bulk' });
      await deliver('offers@shop.example', 'Bulk by rspamd', { 'X-Spamd-Result': 'default: False [2.00 / 15.00]; DCC_BULK(2.00)[bulk Body=1 Fuz1=many]' });
      await deliver('Pest <PEST@example.org>', 'Muted sender');
      await deliver('anyone@noisy.example', 'Muted domain');
      await deliver('friend@example.net', 'Marker after the silent ones');
      const pushes = await pushesUntil((p) => p.body === isolate('Marker after the silent ones'));
      expect(pushes.map((p) => p.body)).toEqual([isolate('Marker after the silent ones')]);

      // Cowbell heard of the list mail, in the folder Sieve filed it into.
      const res = await send('GET', '/api/new-mail/settings');
      expect(((await res.json()) as NewMailSettingsView).folders).toContain('Lists');
    });

    it('pushes a VIP in quiet hours, and nobody else', async () => {
      const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
      const now = Date.now();
      await settings({ detail: 'sender_subject', vip: ['boss@example.com'], quiet: { from: hhmm(now - 3600_000), to: hhmm(now + 3600_000), timeZone: 'UTC' } });
      await deliver('colleague@example.com', 'Not now');
      await deliver('"The Boss" <Boss@Example.com>', 'Call me');
      const pushes = await pushesUntil((p) => p.body === isolate('Call me'));
      expect(pushes).toEqual([expect.objectContaining({ title: `New mail from ${isolate('The Boss')}`, body: isolate('Call me') })]);
    });

    it('refuses a forged event: without the secret, with a wrong one, from an untrusted peer, through a proxy', async () => {
      const event = { event: 'MessageNew', user: 'nobody@example.invalid', folder: 'INBOX', uid: 1, uidvalidity: 1, messageId: null,
        from: 'x@example.org', subject: 'forged', flags: [], keywords: [], unseen: 1 };
      const bearer = { authorization: `Bearer ${stack.secret}` };
      expect(await ingest(event, {})).toBe(403);
      expect(await ingest(event, { authorization: `Bearer ${stack.secret}x` })).toBe(403);
      // Cowbell takes ingest from 127.0.0.1/32 only; Dovecot's posts above came from there.
      expect(await ingest(event, bearer, '127.0.0.2')).toBe(403);
      expect(await ingest(event, { ...bearer, 'x-forwarded-for': '127.0.0.1' })).toBe(403);
      // The same event, rightly sent, is taken (an unknown user is dropped without a word).
      expect(await ingest(event, bearer)).toBe(204);
    });
  });
}
