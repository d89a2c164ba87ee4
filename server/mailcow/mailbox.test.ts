// Creating mailboxes through the one service: mailcow's rows (compared with a real mailcow's capture),
// its checks and limits, and who may do what.
import { eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { logs } from '../../db/schema/audit.ts';
import { alias, mailbox, spamalias } from '../../db/schema/mail.ts';
import { insertDomain } from '../lib/mailcow/provision.ts';
import { captured, inDomain, mailboxWorld, refusal, rowsOf, setDaAcl, STAMP, withTagsTable } from '../test/mailbox-fixture.ts';
import { useTestApp } from '../test/helpers.ts';
import { checkNewMailbox, createMailbox } from './mailbox.service.ts';
import { generatePassword, passwordPolicyIssues } from './password-policy.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const PW = 'Secret-123';

beforeAll(() => withTagsTable(ctx));

describe('creating a mailbox', () => {
  it('writes the rows a real mailcow writes for the same request', async () => {
    const w = await mailboxWorld(ctx);
    const created = await createMailbox(ctx.deps, w.admin, {
      localPart: 'Fix', domain: w.domain.toUpperCase(), name: '<Fix Ture>', password: PW, quota: 150, active: 1,
      forcePwUpdate: true, tlsEnforceIn: true, tlsEnforceOut: false, sogoAccess: false, tags: ['t1', 't2'],
    });
    const want = inDomain(captured.add, w.domain);
    const rows = await rowsOf(ctx, `fix@${w.domain}`);
    const { password, ...mailboxRow } = rows.mailbox!;
    expect(String(password)).toMatch(/^\{BLF-CRYPT\}\$2/);
    expect(await ctx.deps.hasher.verify(String(password), PW)).toBe(true);
    expect(mailboxRow.attributes.passwd_update).toMatch(STAMP);
    expect(Object.keys(mailboxRow.attributes)).toEqual(Object.keys(want.mailbox.attributes));
    expect({ ...mailboxRow, attributes: { ...mailboxRow.attributes, passwd_update: 'x' } })
      .toEqual({ ...want.mailbox, attributes: { ...want.mailbox.attributes, passwd_update: 'x' } });
    expect(rows.quota2).toEqual([want.quota2]);
    expect(rows.quota2replica).toEqual([want.quota2replica]);
    expect(rows.alias).toEqual([want.alias]);
    expect(rows.userAcl).toEqual([want.user_acl]);
    expect(rows.tags).toEqual(want.tags_mailbox);
    expect(rows.sogo).toEqual([want.sogo_static_view]);
    expect(created.mailbox).toMatchObject({ username: `fix@${w.domain}`, name: 'Fix Ture', quota: 150, active: 1, sogoAccess: false, tags: ['t1', 't2'] });
    expect(created.generatedPassword).toBeUndefined();
    const [log] = await db().select().from(logs).where(like(logs.msg, `%"fix@${w.domain}"%`));
    expect(JSON.parse(log.msg!)).toEqual(['mailbox_added', `fix@${w.domain}`]);
    expect(log.call).toContain('"password":"*"');
    expect(log.call).not.toContain(PW);
  });

  it('generates a strong password when none is given and returns it once', async () => {
    const w = await mailboxWorld(ctx);
    const created = await createMailbox(ctx.deps, w.admin, { localPart: 'gen', domain: w.domain, quota: 10 });
    expect(created.generatedPassword).toHaveLength(20);
    const [row] = await db().select().from(mailbox).where(eq(mailbox.username, `gen@${w.domain}`));
    expect(await ctx.deps.hasher.verify(row.password, created.generatedPassword!)).toBe(true);
    const strict = { length: 24, chars: true, specialChars: true, lowerupper: true, numbers: true };
    for (let i = 0; i < 50; i++) expect(passwordPolicyIssues(strict, generatePassword(strict))).toEqual([]);
  });

  it('stores a {SCHEME} password as it is, defaults the name to the local part and the quota to the domain default', async () => {
    const w = await mailboxWorld(ctx);
    const created = await createMailbox(ctx.deps, w.admin, { localPart: 'pre', domain: w.domain, password: captured.prehashed.password });
    const [row] = await db().select().from(mailbox).where(eq(mailbox.username, `pre@${w.domain}`));
    expect(row.password).toBe(captured.prehashed.stored);
    expect(created.mailbox).toMatchObject({ name: 'pre', quota: 100 });
  });

  it('refuses an empty password instead of generating one when asked to (mailcow\'s API has no way to hand one back)', async () => {
    const w = await mailboxWorld(ctx);
    for (const password of [undefined, '']) {
      expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'nopw', domain: w.domain, password }, { generatePassword: false })))
        .toEqual({ code: 'validation_failed', issues: ['password:required'] });
    }
  });

  it('takes an internationalised domain and stores it in punycode', async () => {
    const w = await mailboxWorld(ctx);
    const puny = new URL(`http://bücher-${w.domain}/`).hostname;
    await insertDomain(db(), puny);
    const created = await createMailbox(ctx.deps, w.admin, { localPart: 'Ana', domain: `BÜCHER-${w.domain}`, password: PW, quota: 10 });
    expect(created.mailbox).toMatchObject({ username: `ana@${puny}`, domain: puny });
  });

  it('names the field that is wrong', async () => {
    const w = await mailboxWorld(ctx);
    expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'a b', domain: w.domain, password: PW }))).toEqual({ code: 'validation_failed', issues: ['localPart:invalid'] });
    expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'a', domain: 'no domain', password: PW }))).toEqual({ code: 'validation_failed', issues: ['domain:invalid'] });
    expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'a', domain: `x${w.domain}`, password: PW }))).toEqual({ code: 'validation_failed', issues: ['domain:invalid'] });
    expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'a', domain: w.domain, password: 'abc' }))).toEqual({ code: 'validation_failed', issues: ['password:too_short'] });
    expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'a', domain: w.domain, password: PW, password2: 'other-123' })))
      .toEqual({ code: 'validation_failed', issues: ['password2:mismatch'] });
    expect((await refusal(createMailbox(ctx.deps, w.admin, { localPart: 'a', domain: w.domain, active: 3 as 1, quota: -1 }))).issues.sort()).toEqual(['active:invalid', 'quota:invalid'].sort());
  });

  it('refuses an address that is a mailbox, an alias or a time-limited alias', async () => {
    const w = await mailboxWorld(ctx);
    await db().insert(alias).values({ address: `info@${w.domain}`, goto: w.user, domain: w.domain });
    await db().insert(spamalias).values({ address: `tmp@${w.domain}`, goto: w.user, description: '', validity: 2_000_000_000 });
    for (const local of ['alice', 'info', 'tmp']) {
      expect(await refusal(createMailbox(ctx.deps, w.admin, { localPart: local, domain: w.domain, password: PW, quota: 1 }))).toEqual({ code: 'conflict', issues: ['localPart:invalid'] });
    }
  });
});

describe("the domain's limits", () => {
  it('refuses a quota above the per-mailbox maximum, above what is left, and a mailbox beyond the count', async () => {
    const w = await mailboxWorld(ctx);
    const create = (localPart: string, quota: number) => createMailbox(ctx.deps, w.admin, { localPart, domain: w.domain, password: PW, quota });
    expect(await refusal(create('big', 250))).toEqual({ code: 'conflict', issues: ['quota:invalid'] });
    await create('fix', 150);
    await expect(create('q2', 200)).rejects.toThrow('Only 150 MiB');
    await create('c3', 10);
    await expect(create('c4', 10)).rejects.toThrow('no mailboxes left (3 of 3)');
  });

  it('lets only one of two simultaneous creations take the last mailbox', async () => {
    const w = await mailboxWorld(ctx);
    await createMailbox(ctx.deps, w.admin, { localPart: 'b', domain: w.domain, password: PW, quota: 1 });
    const results = await Promise.allSettled(['x', 'y'].map((localPart) => createMailbox(ctx.deps, w.admin, { localPart, domain: w.domain, password: PW, quota: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db().select().from(mailbox).where(eq(mailbox.domain, w.domain))).toHaveLength(3);
  });

  it('checks a row without writing it, counting rows planned above it (a CSV import)', async () => {
    const w = await mailboxWorld(ctx);
    const plan = await checkNewMailbox(ctx.deps, w.admin, { localPart: 'x', domain: w.domain, password: PW, quota: 200 });
    expect(plan).toMatchObject({ username: `x@${w.domain}`, quotaMiB: 200, generated: false });
    expect(await db().select().from(mailbox).where(eq(mailbox.username, `x@${w.domain}`))).toEqual([]);
    await expect(checkNewMailbox(ctx.deps, w.admin, { localPart: 'x', domain: w.domain, password: PW, quota: 150 }, { mailboxes: 1, quotaMiB: 200 }))
      .rejects.toThrow('Only 100 MiB');
    await expect(checkNewMailbox(ctx.deps, w.admin, { localPart: 'x', domain: w.domain, password: PW, quota: 1 }, { mailboxes: 2, quotaMiB: 0 }))
      .rejects.toThrow('no mailboxes left');
  });
});

describe('who may create', () => {
  it("lets a domain admin create in its domains only, within its da_acl; users not at all", async () => {
    const w = await mailboxWorld(ctx);
    const input = { localPart: 'n', domain: w.domain, password: PW, quota: 10 };
    expect(await refusal(createMailbox(ctx.deps, w.alice, input))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(createMailbox(ctx.deps, w.da, { ...input, domain: w.other }))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(createMailbox(ctx.deps, w.da, { ...input, domain: `x${w.domain}` }))).toMatchObject({ code: 'forbidden' });
    // da_acl unlimited_quota is off by default: quota 0 is the admin's to give.
    expect(await refusal(createMailbox(ctx.deps, w.da, { ...input, quota: 0 }))).toMatchObject({ code: 'forbidden' });
    await setDaAcl(ctx, w.domainAdmin, { protocolAccess: 0, sogoAccess: 0 });
    expect(await refusal(createMailbox(ctx.deps, w.da, { ...input, protocolAccess: { pop3: false } }))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(createMailbox(ctx.deps, w.da, { ...input, sogoAccess: false }))).toMatchObject({ code: 'forbidden' });
    await setDaAcl(ctx, w.domainAdmin, { unlimitedQuota: 1 });
    expect((await createMailbox(ctx.deps, w.da, { ...input, quota: 0 })).mailbox.quota).toBe(0);
    expect((await createMailbox(ctx.deps, w.admin, { ...input, localPart: 'n2', quota: 0, protocolAccess: { pop3: false } })).mailbox.protocolAccess.pop3).toBe(false);
  });
});
