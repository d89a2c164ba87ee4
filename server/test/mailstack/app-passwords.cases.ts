// App passwords against the real Dovecot (its SQL passdb mirrors mailcow's mailcowauth.php): made,
// changed and revoked through Cowbell's API, expired by Cowbell's job, and each change felt by the
// very next IMAP login. Registered by mailstack.test.ts, so the stack starts once for both.
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { expireAppPasswords } from '../../mailcow/app-passwd.service.ts';

type Send = (method: string, path: string, body?: unknown) => Promise<Response>;

export interface AppPasswordStack {
  deps: Deps;
  domain: string;
  imapPort: number;
  /** Signs in to the running Cowbell as this mailbox and returns a caller for its API. */
  signedIn(user: string, password: string): Promise<Send>;
}

export function appPasswordCases(stack: AppPasswordStack) {
  /** Whether Dovecot lets this user in over IMAP with this password. */
  async function imapLogin(user: string, pass: string): Promise<boolean> {
    const imap = new ImapFlow({ host: '127.0.0.1', port: stack.imapPort, secure: false, auth: { user, pass }, logger: false });
    try {
      await imap.connect();
    } catch (e) {
      // Only a refused login counts as "no": anything else is a broken test.
      if ((e as { authenticationFailed?: boolean }).authenticationFailed) return false;
      throw e;
    }
    await imap.logout();
    return true;
  }

  async function newUser(localPart: string) {
    const password = `${localPart}-main-pw`;
    const user = await insertMailbox(stack.deps.db, { localPart: `${localPart}${Date.now()}`, domain: stack.domain, passwordHash: await stack.deps.hasher.hash(password) });
    const send = await stack.signedIn(user, password);
    const create = async (protocols = ['imap_access', 'smtp_access']) => {
      const res = await send('POST', '/api/app-passwords', { name: 'Phone', protocols });
      expect(res.status).toBe(201);
      const body = await res.json() as { appPassword: { id: number }; password: string };
      return { id: body.appPassword.id, password: body.password };
    };
    const edit = async (id: number, change: Record<string, unknown>) => expect((await send('PATCH', `/api/app-passwords/${id}`, change)).status).toBe(200);
    return { user, password, send, create, edit };
  }

  describe('app passwords in the real Dovecot', () => {
    it('log in while active with IMAP among their protocols; not once switched off, without IMAP, expired or revoked', async () => {
      const u = await newUser('carol');
      const app = await u.create();
      expect(await imapLogin(u.user, app.password)).toBe(true);
      expect(await imapLogin(u.user, u.password)).toBe(true);
      expect(await imapLogin(u.user, 'not-it')).toBe(false);

      await u.edit(app.id, { protocols: ['smtp_access', 'dav_access'] });
      expect(await imapLogin(u.user, app.password)).toBe(false);
      await u.edit(app.id, { protocols: ['imap_access'] });
      expect(await imapLogin(u.user, app.password)).toBe(true);

      await u.edit(app.id, { active: false });
      expect(await imapLogin(u.user, app.password)).toBe(false);
      await u.edit(app.id, { active: true });
      expect(await imapLogin(u.user, app.password)).toBe(true);

      // Expiry: the job, run two hours on, switches it off; mailcow's Dovecot reads only `active`.
      await u.edit(app.id, { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
      expect(await imapLogin(u.user, app.password)).toBe(true);
      expect((await expireAppPasswords({ ...stack.deps, now: () => Date.now() + 2 * 3600_000 }, [u.user])).expired).toBe(1);
      expect(await imapLogin(u.user, app.password)).toBe(false);

      const other = await u.create(['imap_access']);
      expect(await imapLogin(u.user, other.password)).toBe(true);
      expect((await u.send('DELETE', `/api/app-passwords/${other.id}`)).status).toBe(204);
      expect(await imapLogin(u.user, other.password)).toBe(false);
    });

    it('do not log in a mailbox whose login is disallowed (active = 2), nor does its password', async () => {
      const u = await newUser('dave');
      const app = await u.create();
      expect(await imapLogin(u.user, app.password)).toBe(true);
      await stack.deps.db.update(mailbox).set({ active: 2 }).where(eq(mailbox.username, u.user));
      expect(await imapLogin(u.user, app.password)).toBe(false);
      expect(await imapLogin(u.user, u.password)).toBe(false);
      await stack.deps.db.update(mailbox).set({ active: 1 }).where(eq(mailbox.username, u.user));
      expect(await imapLogin(u.user, app.password)).toBe(true);
    });

    it('are the only way in for mail apps of a user with two-factor authentication', async () => {
      const u = await newUser('erin');
      const app = await u.create();
      await stack.deps.db.insert(tfa).values({ keyId: 'phone', username: u.user, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
      expect(await imapLogin(u.user, u.password)).toBe(false);
      expect(await imapLogin(u.user, app.password)).toBe(true);
      // An inactive TFA entry does not count (mailcow's `active = '1'`).
      await stack.deps.db.update(tfa).set({ active: 0 }).where(eq(tfa.username, u.user));
      expect(await imapLogin(u.user, u.password)).toBe(true);
    });
  });
}
