// mailcow's ratelimit(): RL_VALUE exactly as mailcow writes and reads it, refusals as zod issues,
// the da_acl ratelimit flag, the effective limit, and the writers that go through the service.
import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { logs } from '../../db/schema/audit.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { as, mailboxWorld, refusal, setDaAcl } from '../test/mailbox-fixture.ts';
import { useTestApp } from '../test/helpers.ts';
import { createAliasDomain, deleteAliasDomain } from './alias-domain.service.ts';
import { createMailbox, deleteMailbox } from './mailbox.service.ts';
import {
  effectiveRateLimits, getDomainRateLimit, getMailboxRateLimits, parseRateLimit, setDomainRateLimit, setMailboxRateLimit,
} from './ratelimit.service.ts';

const ctx = useTestApp();
const { redis } = ctx.deps;
const RL = (field: string) => redis.hget('RL_VALUE', field);

describe('the stored form', () => {
  it('is mailcow\'s "<n> / 1<frame>", and 0 removes the field', async () => {
    const w = await mailboxWorld(ctx);
    expect(await setDomainRateLimit(ctx.deps, w.admin, w.domain, { value: 10, frame: 'h' })).toEqual({ value: 10, frame: 'h' });
    expect(await RL(w.domain)).toBe('10 / 1h');
    expect(await getDomainRateLimit(ctx.deps, w.admin, w.domain)).toEqual({ value: 10, frame: 'h' });
    await setDomainRateLimit(ctx.deps, w.admin, w.domain, { value: 0, frame: 's' });
    expect(await redis.hexists('RL_VALUE', w.domain)).toBe(0);
    expect(await getDomainRateLimit(ctx.deps, w.admin, w.domain)).toBeNull();
    const audit = await ctx.deps.db.select().from(logs).where(like(logs.msg, `%"rl_saved","${w.domain}"%`));
    expect(audit.map((l) => JSON.parse(l.call!))).toEqual([
      ['ratelimit', 'edit', 'domain', { object: [w.domain], rl_value: '10', rl_frame: 'h' }],
      ['ratelimit', 'edit', 'domain', { object: [w.domain], rl_value: '', rl_frame: 's' }],
    ]);
  });

  it('reads what mailcow wrote, and nothing from what rspamd could not take', () => {
    expect(parseRateLimit('5 / 1m')).toEqual({ value: 5, frame: 'm' });
    expect(parseRateLimit('-5 / 1m')).toBeNull();
    expect(parseRateLimit('5/m')).toBeNull();
    expect(parseRateLimit(null)).toBeNull();
  });

  it('refuses a frame w, a negative and a non-numeric value with zod issues', async () => {
    const w = await mailboxWorld(ctx);
    for (const bad of [{ value: 10, frame: 'w' }, { value: -5, frame: 'm' }, { value: '10', frame: 'h' }, { value: 1.5, frame: 'h' }]) {
      const r = await refusal(setMailboxRateLimit(ctx.deps, w.admin, w.user, bad as never));
      expect(r.code).toBe('validation_failed');
      expect(r.issues).toEqual([bad.frame === 'w' ? 'frame:invalid' : 'value:invalid']);
    }
    expect(await redis.hexists('RL_VALUE', w.user)).toBe(0);
  });
});

describe('the effective limit of a mailbox', () => {
  it('is its own, else its domain\'s, with the scope', async () => {
    const w = await mailboxWorld(ctx);
    await setDomainRateLimit(ctx.deps, w.admin, w.domain, { value: 20, frame: 'd' });
    expect(await getMailboxRateLimits(ctx.deps, w.da, w.user)).toEqual({ own: null, domain: { value: 20, frame: 'd' }, effective: { value: 20, frame: 'd', scope: 'domain' } });
    const set = await setMailboxRateLimit(ctx.deps, w.da, w.user, { value: 5, frame: 's' });
    expect(set.effective).toEqual({ value: 5, frame: 's', scope: 'mailbox' });
    expect(await RL(w.user)).toBe('5 / 1s');
    const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const page = await effectiveRateLimits(redis, [{ username: w.user, domain: w.domain }, { username: bob, domain: w.domain }, { username: 'x@none.test', domain: 'none.test' }]);
    expect(Object.fromEntries(page)).toEqual({
      [w.user]: { value: 5, frame: 's', scope: 'mailbox' }, [bob]: { value: 20, frame: 'd', scope: 'domain' }, 'x@none.test': null,
    });
  });

  it('is the same for a long list whether the hash is read whole (few limits) or field by field (many)', async () => {
    const w = await mailboxWorld(ctx);
    await setDomainRateLimit(ctx.deps, w.admin, w.domain, { value: 7, frame: 'h' });
    await setMailboxRateLimit(ctx.deps, w.admin, w.user, { value: 3, frame: 'm' });
    const others = Array.from({ length: 120 }, (_, i) => ({ username: `long${i}@${w.domain}`, domain: w.domain }));
    const rows = [{ username: w.user, domain: w.domain }, ...others, { username: '__proto__', domain: 'constructor' }];
    const expected = {
      [w.user]: { value: 3, frame: 'm', scope: 'mailbox' },
      ...Object.fromEntries(others.map((o) => [o.username, { value: 7, frame: 'h', scope: 'domain' }])),
    };
    const few = await effectiveRateLimits(redis, rows);
    expect(few.get('__proto__')).toBeNull();
    // A field named like an object's own property is not found on the object HGETALL gives.
    expect(Object.fromEntries([...few].filter(([k]) => k !== '__proto__'))).toEqual(expected);
    // As many stored limits as the list is long: asked for field by field.
    await redis.hset('RL_VALUE', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`filler${i}@elsewhere.test`, '1 / 1s'])));
    try {
      expect(Object.fromEntries(await effectiveRateLimits(redis, rows))).toEqual(Object.fromEntries(few));
    } finally {
      await redis.hdel('RL_VALUE', ...Array.from({ length: 200 }, (_, i) => `filler${i}@elsewhere.test`));
    }
  });
});

describe('who may', () => {
  it('a domain admin in its domains with da_acl ratelimit; not without it, not elsewhere, never a user', async () => {
    const w = await mailboxWorld(ctx);
    await setDaAcl(ctx, w.domainAdmin, { ratelimit: 0 });
    expect((await refusal(setDomainRateLimit(ctx.deps, w.da, w.domain, { value: 1, frame: 'm' }))).code).toBe('forbidden');
    expect((await refusal(setMailboxRateLimit(ctx.deps, w.da, w.user, { value: 1, frame: 'm' }))).code).toBe('forbidden');
    // Reading needs no flag.
    expect(await getDomainRateLimit(ctx.deps, w.da, w.domain)).toBeNull();
    await setDaAcl(ctx, w.domainAdmin, { ratelimit: 1 });
    await setDomainRateLimit(ctx.deps, w.da, w.domain, { value: 1, frame: 'm' });
    expect(await RL(w.domain)).toBe('1 / 1m');
    expect((await refusal(setDomainRateLimit(ctx.deps, w.da, w.other, { value: 1, frame: 'm' }))).code).toBe('not_found');
    expect((await refusal(getMailboxRateLimits(ctx.deps, w.alice, w.user))).code).toBe('forbidden');
    expect((await refusal(setDomainRateLimit(ctx.deps, w.admin, 'no-such-domain.test', { value: 1, frame: 'm' }))).code).toBe('not_found');
    expect((await refusal(setMailboxRateLimit(ctx.deps, w.admin, `nobody@${w.domain}`, { value: 1, frame: 'm' }))).code).toBe('not_found');
    expect(await RL(w.other)).toBeNull();
  });
});

describe('the other writers', () => {
  it('an alias domain\'s limit is written on creation, read and set as a domain\'s, and goes with it', async () => {
    const w = await mailboxWorld(ctx);
    const name = `ad-${w.domain}`;
    await createAliasDomain(ctx.deps, w.admin, { aliasDomain: name, targetDomain: w.domain, rlValue: 3, rlFrame: 'm' });
    expect(await getDomainRateLimit(ctx.deps, w.da, name)).toEqual({ value: 3, frame: 'm' });
    await setDomainRateLimit(ctx.deps, w.da, name, { value: 4, frame: 'h' });
    expect(await RL(name)).toBe('4 / 1h');
    await deleteAliasDomain(ctx.deps, w.admin, name);
    expect(await RL(name)).toBeNull();
  });

  it('a new mailbox may come with its own limit, if the actor may set limits', async () => {
    const w = await mailboxWorld(ctx);
    await createMailbox(ctx.deps, w.da, { localPart: 'rl1', domain: w.domain, password: 'Correct-Horse-9', quota: 10, rateLimit: { value: 2, frame: 'd' } });
    expect(await RL(`rl1@${w.domain}`)).toBe('2 / 1d');
    await setDaAcl(ctx, w.domainAdmin, { ratelimit: 0 });
    const refused = await refusal(createMailbox(ctx.deps, w.da, { localPart: 'rl2', domain: w.domain, password: 'Correct-Horse-9', quota: 10, rateLimit: { value: 2, frame: 'd' } }));
    expect(refused.code).toBe('forbidden');
    expect((await getMailboxRateLimits(ctx.deps, w.admin, `rl2@${w.domain}`).catch((e: { code: string }) => e.code))).toBe('not_found');
  });

  it('a deleted mailbox leaves no limit behind', async () => {
    const w = await mailboxWorld(ctx);
    await setMailboxRateLimit(ctx.deps, w.admin, w.user, { value: 9, frame: 'h' });
    await deleteMailbox(ctx.deps, as(w.admin.username, 'admin'), w.user);
    expect(await RL(w.user)).toBeNull();
  });
});
