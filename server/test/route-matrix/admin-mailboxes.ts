import { domain, mailbox } from '../../../db/schema/mail.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { ctx, world, signedInAnd, json, eq, uid, type RouteCase } from './kit.ts';

/** A mailbox of A's domain made for one call, so each actor edits or deletes its own. */
async function mailboxOfDomainA() {
  const username = await insertMailbox(ctx.deps.db, { localPart: `m${uid()}`, domain: world.domainOfA, passwordHash: world.hash });
  return { username };
}

const exists = async (username: string | number) => (await ctx.deps.db.select().from(mailbox).where(eq(mailbox.username, String(username)))).length > 0;
const activeOf = async (username: string | number) => (await ctx.deps.db.select({ a: mailbox.active }).from(mailbox).where(eq(mailbox.username, String(username))))[0]?.a;
const nameOf = async (username: string | number) => (await ctx.deps.db.select({ n: mailbox.name }).from(mailbox).where(eq(mailbox.username, String(username))))[0]?.n;

// Mailboxes are for A's domain admin and admins; another domain's admin may not create in A's domain
// and finds no such mailbox to edit or delete; users may do none of it.
export const routes: Record<string, RouteCase> = {
  'POST /api/admin/mailboxes': {
    prepare: async () => {
      // The matrix makes many mailboxes in A's domain; its limits are not what is tested here.
      await ctx.deps.db.update(domain).set({ mailboxes: 10000, quota: 10_000_000 }).where(eq(domain.domain, world.domainOfA));
      return { localPart: `n${uid()}` };
    },
    request: (p) => ({ path: '/api/admin/mailboxes', init: json('POST', { localPart: p.localPart, domain: world.domainOfA, quota: 10 }) }),
    expect: signedInAnd({ daIn: 201, daOut: 403, admin: 201 }),
    effect: { check: (p) => exists(`${p.localPart}@${world.domainOfA}`), by: ['daIn', 'admin'] },
  },
  'GET /api/admin/mailboxes/:username': {
    prepare: mailboxOfDomainA,
    request: (p) => ({ path: `/api/admin/mailboxes/${encodeURIComponent(String(p.username))}` }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
  },
  // Another domain's admin gets an answer, but each of A's mailboxes in it is "not found" and stays as it was.
  'PATCH /api/admin/mailboxes': {
    prepare: mailboxOfDomainA,
    request: (p) => ({ path: '/api/admin/mailboxes', init: json('PATCH', { usernames: [p.username], patch: { active: 2 } }) }),
    expect: signedInAnd({ daIn: 200, daOut: 200, admin: 200 }),
    effect: { check: async (p) => (await activeOf(p.username)) === 2, by: ['daIn', 'admin'] },
  },
  'PATCH /api/admin/mailboxes/:username': {
    prepare: mailboxOfDomainA,
    request: (p) => ({ path: `/api/admin/mailboxes/${encodeURIComponent(String(p.username))}`, init: json('PATCH', { name: 'Renamed' }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => (await nameOf(p.username)) === 'Renamed', by: ['daIn', 'admin'] },
  },
  'DELETE /api/admin/mailboxes/:username': {
    prepare: mailboxOfDomainA,
    request: (p) => ({ path: `/api/admin/mailboxes/${encodeURIComponent(String(p.username))}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async (p) => !(await exists(p.username)), by: ['daIn', 'admin'] },
  },
};

