// add/edit domain, checked against what a real mailcow wrote for the same requests
// (server/test/fixtures/mailcow-domains/captured.json) and against mailcow's limit rules.
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { daAcl } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import { alias, domain, mailbox, senderAcl, tagsDomain } from '../../db/schema/mail.ts';
import captured from '../test/fixtures/mailcow-domains/captured.json' with { type: 'json' };
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { createDomain, editDomain } from './domain.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.9' });
const MIB = 1048576;

async function world() {
  const w = await seedWorld(ctx);
  return { ...w, admin: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin'), alice: as(w.user, 'user') };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: AppError) => err);
  expect(e, 'expected a refusal').not.toBeNull();
  return { code: e!.code, issues: e!.issues.map((i) => `${i.path}:${i.code}`), text: e!.issues.map((i) => i.message).join(' ') };
}

/** The columns mailcow's fixture rows have, as numbers and strings like the fixture. */
async function row(name: string) {
  const [r] = await db().select().from(domain).where(eq(domain.domain, name));
  return {
    domain: r.domain, description: r.description, aliases: r.aliases, mailboxes: r.mailboxes, defquota: r.defquota, maxquota: r.maxquota,
    quota: r.quota, relayhost: r.relayhost, backupmx: Number(r.backupmx), gal: Number(r.gal), relay_all_recipients: Number(r.relayAllRecipients),
    relay_unknown_only: Number(r.relayUnknownOnly), active: Number(r.active),
  };
}
const tagsOf = async (name: string) => (await db().select().from(tagsDomain).where(eq(tagsDomain.domain, name))).map((t) => t.tagName).sort();

/** The fixture's API request in the service's shape (mailcow posts strings; "1"/"0" flags). */
function asInput(req: Record<string, unknown>, name: string) {
  const n = (k: string) => (req[k] === undefined ? undefined : Number(req[k]));
  const b = (k: string) => (req[k] === undefined ? undefined : req[k] === '1');
  return {
    domain: name, description: req.description as string | undefined, aliases: n('aliases'), mailboxes: n('mailboxes'), defquota: n('defquota'),
    maxquota: n('maxquota'), quota: n('quota'), active: b('active'), gal: b('gal'), backupmx: b('backupmx'),
    relayAllRecipients: b('relay_all_recipients'), relayUnknownOnly: b('relay_unknown_only'), tags: req.tags as string[] | undefined,
    rlValue: n('rl_value'), rlFrame: req.rl_frame as 'h' | undefined,
  };
}

describe('creating a domain', () => {
  it('writes the row mailcow writes with its defaults, in punycode, with DOMAIN_MAP and the audit row', async () => {
    const w = await world();
    const fx = captured.add[0];
    const id = uid();
    const view = await createDomain(ctx.deps, w.admin, { domain: `Bücher-${id}.TEST` });
    const name = `xn--bcher-${id}-`;
    expect(view.domain.startsWith(name)).toBe(true);
    expect(await row(view.domain)).toEqual({ ...fx.domainRow, domain: view.domain, description: view.domain });
    expect(await tagsOf(view.domain)).toEqual(fx.tags);
    expect(await ctx.deps.redis.hget('DOMAIN_MAP', view.domain)).toBe(fx.redis.DOMAIN_MAP);
    expect(await ctx.deps.redis.hget('RL_VALUE', view.domain)).toBe(fx.redis.RL_VALUE);
    const pub = await ctx.deps.redis.hget('DKIM_PUB_KEYS', view.domain);
    expect(await ctx.deps.redis.hget('DKIM_SELECTORS', view.domain)).toBe(captured.dkim.DKIM_SELECTORS);
    expect(pub).toHaveLength(captured.dkim.DKIM_PUB_KEYS_length);
    expect(pub!.startsWith(captured.dkim.DKIM_PUB_KEYS_prefix)).toBe(true);
    const priv = await ctx.deps.redis.hget('DKIM_PRIV_KEYS', captured.dkim.DKIM_PRIV_KEYS_field.replace('<domain>', view.domain));
    expect(priv!.split('\n')[0]).toBe(captured.dkim.DKIM_PRIV_KEYS_first_line);
    const [log] = await db().select().from(logs).where(like(logs.msg, `%"${view.domain}"%`));
    expect(JSON.parse(log.msg!)).toEqual(['domain_added', view.domain]);
    expect(log).toMatchObject({ user: w.admin.username, role: 'admin', type: 'success' });
  });

  it('stores every option as mailcow did, relay_unknown_only forcing relay_all_recipients and backupmx', async () => {
    const w = await world();
    const fx = captured.add[1];
    const name = `full-${uid()}.test`;
    await createDomain(ctx.deps, w.admin, asInput(fx.request, name));
    expect(await row(name)).toEqual({ ...fx.domainRow, domain: name });
    expect(await tagsOf(name)).toEqual(fx.tags);
    expect(await ctx.deps.redis.hget('RL_VALUE', name)).toBe(fx.redis.RL_VALUE);
  });

  it('refuses what mailcow refused, each on its field', async () => {
    const w = await world();
    const [bad1, bad2, , bad3] = captured.addRefusals;
    const r1 = await refusal(createDomain(ctx.deps, w.admin, asInput(bad1.request, `b${uid()}.test`)));
    expect(r1).toMatchObject({ code: 'validation_failed', issues: ['defquota:invalid'] });
    expect(r1.text).toContain(bad1.msg);
    expect((await refusal(createDomain(ctx.deps, w.admin, asInput(bad2.request, `b${uid()}.test`)))).text).toContain(bad2.msg);
    expect((await refusal(createDomain(ctx.deps, w.admin, asInput(bad3.request, `b${uid()}.test`)))).text).toContain(bad3.msg);
    const exists = await refusal(createDomain(ctx.deps, w.admin, { domain: w.domain.toUpperCase() }));
    expect(exists).toMatchObject({ code: 'validation_failed', issues: ['domain:invalid'] });
    expect(exists.text).toContain('domain_exists');
    expect((await refusal(createDomain(ctx.deps, w.admin, { domain: 'not a domain' }))).issues).toEqual(['domain:invalid']);
    expect((await refusal(createDomain(ctx.deps, w.admin, { domain: `x${uid()}.test`, maxquota: 0, defquota: 0 }))).issues)
      .toEqual(['defquota:required', 'maxquota:required']);
    expect((await refusal(createDomain(ctx.deps, w.admin, { domain: `x${uid()}.test`, tags: Array.from({ length: 26 }, (_, i) => `t${i}`) }))).issues).toEqual(['tags:too_long']);
  });

  it('keeps a DKIM key the domain has already, and takes another selector and size', async () => {
    const w = await world();
    const kept = `k-${uid()}.test`;
    await ctx.deps.redis.hset('DKIM_SELECTORS', kept, 'old');
    await createDomain(ctx.deps, w.admin, { domain: kept });
    expect(await ctx.deps.redis.hexists('DKIM_PUB_KEYS', kept)).toBe(0);
    const other = `s-${uid()}.test`;
    await createDomain(ctx.deps, w.admin, { domain: other, dkimSelector: 'mail2026', keySize: 1024 });
    expect(await ctx.deps.redis.hget('DKIM_SELECTORS', other)).toBe('mail2026');
    expect((await ctx.deps.redis.hget('DKIM_PUB_KEYS', other))!.length).toBeLessThan(391);
    expect(await ctx.deps.redis.hexists('DKIM_PRIV_KEYS', `mail2026.${other}`)).toBe(1);
  });

  it('drops external send-as grants for the new domain (they are local now)', async () => {
    const w = await world();
    const name = `ext-${uid()}.test`;
    await db().insert(senderAcl).values([{ loggedInAs: w.user, sendAs: `x@${name}`, external: 1 }, { loggedInAs: w.user, sendAs: `@${name}`, external: 0 }]);
    await createDomain(ctx.deps, w.admin, { domain: name });
    expect((await db().select().from(senderAcl).where(like(senderAcl.sendAs, `%${name}`))).map((r) => r.sendAs)).toEqual([`@${name}`]);
  });

  it('is for admins only', async () => {
    const w = await world();
    expect((await refusal(createDomain(ctx.deps, w.da, { domain: `x${uid()}.test` }))).code).toBe('forbidden');
    expect((await refusal(createDomain(ctx.deps, w.alice, { domain: `x${uid()}.test` }))).code).toBe('forbidden');
  });
});

describe('editing a domain', () => {
  it('writes what mailcow wrote for the same edit and only adds tags', async () => {
    const w = await world();
    const name = `full-${uid()}.test`;
    await createDomain(ctx.deps, w.admin, asInput(captured.add[1].request, name));
    const { domain: _d, rlValue: _v, rlFrame: _f, ...attr } = asInput(captured.edit.attr, name);
    await editDomain(ctx.deps, w.admin, name, attr);
    expect(await row(name)).toEqual({ ...captured.edit.domainRow, domain: name });
    expect(await tagsOf(name)).toEqual(captured.edit.tagsAfter);
    await editDomain(ctx.deps, w.admin, name, { relayAllRecipients: true });
    expect(await row(name)).toMatchObject(captured.editRefusals.accepted[1].row!);
  });

  it('refuses limits below what the domain uses, as mailcow', async () => {
    const w = await world();
    // seedWorld's domain: alice with 3072 MiB; add an alias.
    await db().insert(alias).values({ address: `al@${w.domain}`, goto: w.user, domain: w.domain });
    await db().update(mailbox).set({ quota: 1500 * MIB }).where(eq(mailbox.username, w.user));
    await editDomain(ctx.deps, w.admin, w.domain, { defquota: 256, maxquota: 2048, quota: 8192 });
    const maxq = await refusal(editDomain(ctx.deps, w.admin, w.domain, { maxquota: 1024 }));
    expect(maxq).toMatchObject({ code: 'validation_failed', issues: ['maxquota:invalid'] });
    expect(maxq.text).toContain('1500 MiB');
    await insertMailbox(db(), { localPart: 'bob', domain: w.domain, passwordHash: w.hash, quotaBytes: 1500 * MIB });
    expect((await refusal(editDomain(ctx.deps, w.admin, w.domain, { quota: 2048, maxquota: 1600 }))).issues).toEqual(['quota:invalid']);
    expect((await refusal(editDomain(ctx.deps, w.admin, w.domain, { mailboxes: 1 }))).issues).toEqual(['mailboxes:invalid']);
    expect((await refusal(editDomain(ctx.deps, w.admin, w.domain, { aliases: 0 }))).issues).toEqual(['aliases:invalid']);
    await editDomain(ctx.deps, w.admin, w.domain, { aliases: 1, mailboxes: 2 });
    expect((await refusal(editDomain(ctx.deps, w.admin, w.domain, { defquota: 4096 }))).issues).toEqual(['defquota:invalid']);
    expect((await refusal(editDomain(ctx.deps, w.admin, w.domain, { quota: 1024 }))).issues).toEqual(['maxquota:invalid']);
    expect(await row(w.domain)).toMatchObject({ aliases: 1, mailboxes: 2, defquota: 256, maxquota: 2048, quota: 8192 });
  });

  it('lets a domain admin change GAL and tags, the description only with da_acl domain_desc, and no limit', async () => {
    const w = await world();
    await editDomain(ctx.deps, w.da, w.domain, { gal: false, tags: ['x'] });
    expect(await row(w.domain)).toMatchObject({ gal: 0 });
    expect((await refusal(editDomain(ctx.deps, w.da, w.domain, { description: 'New' }))).code).toBe('forbidden');
    await db().update(daAcl).set({ domainDesc: 1 }).where(eq(daAcl.username, w.domainAdmin));
    await editDomain(ctx.deps, w.da, w.domain, { description: 'New' });
    expect(await row(w.domain)).toMatchObject({ description: 'New' });
    for (const attr of [{ quota: 1 }, { mailboxes: 99 }, { active: false }, { backupmx: true }, { relayUnknownOnly: true }]) {
      expect((await refusal(editDomain(ctx.deps, w.da, w.domain, attr))).code).toBe('forbidden');
    }
  });

  it('hides other domains from a domain admin and refuses users', async () => {
    const w = await world();
    const other = await world();
    expect((await refusal(editDomain(ctx.deps, w.da, other.domain, { gal: false }))).code).toBe('not_found');
    expect((await refusal(editDomain(ctx.deps, w.alice, w.domain, { gal: false }))).code).toBe('forbidden');
    expect((await refusal(editDomain(ctx.deps, w.admin, `none-${uid()}.test`, { gal: false }))).code).toBe('not_found');
  });
});
