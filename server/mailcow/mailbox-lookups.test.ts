// The batch lookups a CSV import uses answer what the one-at-a-time lookups answer, each reason
// included, with a handful of queries for a whole file.
import { describe, expect, it } from 'vitest';
import { alias, aliasDomain, spamalias } from '../../db/schema/mail.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { insertDomain } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { addressesTaken, addressTaken } from './alias.rules.ts';
import { batchLookups, liveLookups } from './mailbox-lookups.ts';

const ctx = useTestApp();

describe('lookups for many new mailboxes', () => {
  it('say of each address what addressTaken says of it alone', async () => {
    const w = await seedWorld(ctx);
    const db = ctx.deps.db;
    const ad = `ad${uid()}.test`;
    await db.insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await db.insert(alias).values({ address: `sales@${w.domain}`, goto: w.user, domain: w.domain });
    await db.insert(spamalias).values({ address: `tl@${w.domain}`, goto: w.user, description: '', validity: 2e9 });
    const addresses = [
      w.user, `alice@${ad}`, `sales@${w.domain}`, `tl@${w.domain}`, `free@${w.domain}`, `free@${ad}`, `@${w.domain}`, 'nobody@nowhere.test',
    ];
    const batch = await addressesTaken(db, addresses);
    for (const a of addresses) expect([a, batch.get(a) ?? null]).toEqual([a, await addressTaken(db, a)]);
    expect([...batch.keys()].sort()).toEqual([`alice@${ad}`, `sales@${w.domain}`, `tl@${w.domain}`, w.user].sort());
  });

  it('read a domain and the actor\'s rights once, and fall back to asking for an address not asked in advance', async () => {
    const w = await seedWorld(ctx);
    const other = `o${uid()}.test`;
    await insertDomain(ctx.deps.db, other);
    const da: Actor = { kind: 'session', username: w.domainAdmin, role: 'domain_admin', ip: '192.0.2.1', freshProof: true };
    const ask = await batchLookups(ctx.deps, da, [`x@${w.domain}`]);
    const live = liveLookups(ctx.deps, da);
    expect(await ask.limits(w.domain)).toEqual(await live.limits(w.domain));
    expect(ask.limits(w.domain)).toBe(ask.limits(w.domain));
    await expect(ask.allow(w.domain, [])).resolves.toBeUndefined();
    // Outside its domains the answer is the same refusal, every time it is asked.
    await expect(ask.allow(other, [])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask.allow(other, [])).rejects.toMatchObject({ code: 'forbidden' });
    expect(await ask.taken(`x@${w.domain}`)).toBeNull();
    expect(await ask.taken(w.user)).toBe(await addressTaken(ctx.deps.db, w.user));
  });
});
