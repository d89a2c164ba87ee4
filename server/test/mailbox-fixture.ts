// What the mailbox service tests share: mailcow's captured rows (fixtures/mailcow-mailboxes), a
// domain with the capture's limits, actors, and the rows around a mailbox read back as mailcow shows them.
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { daAcl } from '../../db/schema/access.ts';
import { domain } from '../../db/schema/mail.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { insertDomain } from '../lib/mailcow/provision.ts';
import { seedWorld, type TestContext } from './helpers.ts';

export const captured = JSON.parse(readFileSync(new URL('./fixtures/mailcow-mailboxes/rows.json', import.meta.url), 'utf8'));

/** The capture's domain name replaced by the test's own. */
export const inDomain = <T>(value: T, name: string): T => JSON.parse(JSON.stringify(value).replaceAll('mbcap.test', name));

export const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.7' });

/** standalone mode has no tags_mailbox; a real mailcow database does (this is its definition, without the foreign key). */
export async function withTagsTable(ctx: TestContext) {
  await ctx.deps.db.execute(sql`CREATE TABLE IF NOT EXISTS tags_mailbox (tag_name VARCHAR(255) NOT NULL, username VARCHAR(255) NOT NULL,
    UNIQUE KEY tag_name (tag_name, username)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
}

/** seedWorld's domain with the capture's limits (3 mailboxes, 100/200/300 MiB), alice taking 0 MiB. */
export async function mailboxWorld(ctx: TestContext) {
  const w = await seedWorld(ctx);
  await ctx.deps.db.update(domain).set({ mailboxes: 3, defquota: 100, maxquota: 200, quota: 300 }).where(eq(domain.domain, w.domain));
  await ctx.deps.db.execute(sql`UPDATE mailbox SET quota = 0 WHERE username = ${w.user}`);
  const other = `o${w.domain}`;
  await insertDomain(ctx.deps.db, other);
  return { ...w, other, admin: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin'), alice: as(w.user, 'user') };
}

export const setDaAcl = (ctx: TestContext, username: string, flags: Partial<typeof daAcl.$inferInsert>) =>
  ctx.deps.db.update(daAcl).set(flags).where(eq(daAcl.username, username));

export async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: AppError) => err);
  if (!e) throw new Error('expected a refusal');
  return { code: e.code, issues: e.issues.map((i) => `${i.path}:${i.code ?? ''}`) };
}

const one = async (ctx: TestContext, query: ReturnType<typeof sql>) => ((await ctx.deps.db.execute(query))[0] as unknown as Record<string, unknown>[]);

/** The rows mailcow's capture lists, for one mailbox, in its column names. */
export async function rowsOf(ctx: TestContext, username: string) {
  const [mailbox] = await one(ctx, sql`SELECT username, name, quota, local_part, domain, attributes, custom_attributes, kind, multiple_bookings,
    authsource, active, mailbox_path_prefix, description, password FROM mailbox WHERE username = ${username}`);
  return {
    mailbox: mailbox && { ...mailbox, password: String(mailbox.password), quota: Number(mailbox.quota), attributes: JSON.parse(String(mailbox.attributes)), custom_attributes: JSON.parse(String(mailbox.custom_attributes)) },
    quota2: (await one(ctx, sql`SELECT bytes, messages FROM quota2 WHERE username = ${username}`)).map((r) => ({ bytes: Number(r.bytes), messages: Number(r.messages) })),
    quota2replica: (await one(ctx, sql`SELECT bytes, messages FROM quota2replica WHERE username = ${username}`)).map((r) => ({ bytes: Number(r.bytes), messages: Number(r.messages) })),
    alias: await one(ctx, sql`SELECT address, goto, domain, private_comment, public_comment, sogo_visible, internal, sender_allowed, active FROM alias WHERE address = ${username}`),
    userAcl: await one(ctx, sql`SELECT spam_alias, tls_policy, spam_score, spam_policy, delimiter_action, syncjobs, eas_reset, sogo_profile_reset, pushover,
      quarantine, quarantine_attachments, quarantine_notification, quarantine_category, app_passwds, pw_reset FROM user_acl WHERE username = ${username}`),
    tags: (await one(ctx, sql`SELECT tag_name FROM tags_mailbox WHERE username = ${username} ORDER BY tag_name`)).map((r) => r.tag_name),
    sogo: await one(ctx, sql`SELECT c_uid, domain, c_name, c_cn, mail, aliases, ad_aliases, ext_acl, kind, multiple_bookings FROM _sogo_static_view WHERE c_uid = ${username}`),
  };
}

/** mailcow's passwd_update is the database's NOW() in "YYYY-MM-DD HH:MM:SS". */
export const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
