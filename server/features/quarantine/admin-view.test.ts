// The quarantine as admins and domain admins see it (issue 7, section 3): who sees what, filters that
// never reach past the viewer's scope, and read state that is each viewer's own.
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems as items, cowbellQuarantineReads as reads } from '../../../db/schema/cowbell.ts';
import { aliasDomain } from '../../../db/schema/mail.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, mailcowQuarantines, quarantineItem } from '../../test/quarantine-helpers.ts';
import { followDeletions } from './index-deletions.ts';
import { pruneIndex, removeItems } from './quarantine-index.ts';

const ctx = useTestApp({ QUARANTINE_SYNC_MS: '0' }, 4);
const { db } = ctx.deps;
beforeAll(() => enableQuarantine(ctx));

async function signedIn(name: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(name)).status).toBe(200);
  return client;
}

type Client = Awaited<ReturnType<typeof signedIn>>;
const list = async (client: Client, query: Record<string, string> = {}) =>
  (await (await client.api.quarantine.$get({ query: { limit: '100', ...query } })).json()).items;
const ids = async (client: Client, query: Record<string, string> = {}) => (await list(client, query)).map((i) => i.id);
const open = async (client: Client, id: number) =>
  expect((await client.api.quarantine[':id'].$get({ param: { id: String(id) }, query: {} })).status).toBe(200);

describe('who sees which items', () => {
  it('shows an admin every domain, a domain admin their domains and the alias domains on them', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const alias = `a${uid()}.test`;
    await db.insert(aliasDomain).values({ aliasDomain: alias, targetDomain: w.domain });
    const mine = (await quarantineItem(ctx, w.user)).id;
    // mailcow's pipe.php may store a recipient on the alias domain; the index keeps that domain.
    const onAlias = await mailcowQuarantines(db, `alice@${alias}`);
    const theirs = (await quarantineItem(ctx, other.user)).id;
    const da = await signedIn(w.domainAdmin);
    const seenByDa = await ids(da);
    expect(seenByDa).toEqual(expect.arrayContaining([mine, onAlias]));
    expect(seenByDa).not.toContain(theirs);
    expect(await ids(await signedIn(w.admin))).toEqual(expect.arrayContaining([mine, onAlias, theirs]));
    expect(await ids(da, { domain: alias })).toEqual([onAlias]);
  });

  it('names the recipient of each row', async () => {
    const w = await seedWorld(ctx);
    await quarantineItem(ctx, w.user, { subject: 'For Alice' });
    const [row] = await list(await signedIn(w.domainAdmin), { domain: w.domain });
    expect(row).toMatchObject({ rcpt: w.user, subject: 'For Alice' });
  });

  it('filters by domain and by mailbox, both for admins and domain admins, keyset paging kept', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const bob = `bob@${w.domain}`;
    await insertMailbox(db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const alices = [(await quarantineItem(ctx, w.user)).id, (await quarantineItem(ctx, w.user)).id, (await quarantineItem(ctx, w.user)).id];
    const bobs = [(await quarantineItem(ctx, bob)).id];
    const theirs = (await quarantineItem(ctx, other.user)).id;
    for (const name of [w.admin, w.domainAdmin]) {
      const client = await signedIn(name);
      expect(await ids(client, { domain: w.domain })).toEqual([...bobs, ...alices].sort((a, b) => b - a));
      expect(await ids(client, { mailbox: bob })).toEqual(bobs);
      // Addresses are matched as mailcow stores them: lower case.
      expect(await ids(client, { mailbox: w.user.toUpperCase(), domain: w.domain })).toEqual([...alices].reverse());
      const first = await (await client.api.quarantine.$get({ query: { mailbox: w.user, limit: '2' } })).json();
      expect(first.items.map((i) => i.id)).toEqual([alices[2], alices[1]]);
      const second = await (await client.api.quarantine.$get({ query: { mailbox: w.user, limit: '2', cursor: String(first.nextCursor) } })).json();
      expect(second.items.map((i) => i.id)).toEqual([alices[0]]);
      expect(second.nextCursor).toBeNull();
    }
    expect(await ids(await signedIn(w.admin), { domain: other.domain })).toEqual([theirs]);
  });

  it('gives nothing for a filter outside the viewer\'s scope, never the other domain\'s items', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    await quarantineItem(ctx, w.user);
    await quarantineItem(ctx, other.user);
    const da = await signedIn(w.domainAdmin);
    expect(await ids(da, { domain: other.domain })).toEqual([]);
    expect(await ids(da, { mailbox: other.user })).toEqual([]);
    expect(await ids(da, { domain: w.domain, mailbox: other.user })).toEqual([]);
    // A user's filters cannot reach past their own mailbox either.
    const user = await signedIn(w.user);
    expect(await ids(user, { mailbox: other.user })).toEqual([]);
    expect(await ids(user, { domain: other.domain })).toEqual([]);
  });
});

describe('read state is the viewer\'s own', () => {
  const reviewed = async (id: number) => (await db.select({ r: items.reviewed }).from(items).where(eq(items.id, id)))[0].r;
  const readFlags = async (client: Client, domain: string) =>
    Object.fromEntries((await list(client, { domain })).map((i) => [i.id, i.reviewed]));

  it('an admin opening an item marks it for that admin only, not for the user or another admin', async () => {
    const w = await seedWorld(ctx);
    const a = (await quarantineItem(ctx, w.user)).id;
    const b = (await quarantineItem(ctx, w.user)).id;
    const admin = await signedIn(w.admin);
    const da = await signedIn(w.domainAdmin);
    const user = await signedIn(w.user);
    expect(await readFlags(admin, w.domain)).toEqual({ [a]: false, [b]: false });
    await open(admin, a);
    expect(await readFlags(admin, w.domain)).toEqual({ [a]: true, [b]: false });
    expect(await readFlags(da, w.domain)).toEqual({ [a]: false, [b]: false });
    expect(await reviewed(a)).toBe(0);
    const userList = await (await user.api.quarantine.$get({ query: {} })).json();
    expect(userList.unreviewed).toBe(2);
    expect(userList.items.every((i) => !i.reviewed)).toBe(true);
  });

  it('the user opening an item marks it reviewed for the user, and not read for any admin', async () => {
    const w = await seedWorld(ctx);
    const a = (await quarantineItem(ctx, w.user)).id;
    const user = await signedIn(w.user);
    await open(user, a);
    expect(await reviewed(a)).toBe(1);
    expect((await (await user.api.quarantine.$get({ query: {} })).json()).unreviewed).toBe(0);
    expect(await readFlags(await signedIn(w.admin), w.domain)).toEqual({ [a]: false });
    expect(await readFlags(await signedIn(w.domainAdmin), w.domain)).toEqual({ [a]: false });
    expect(await db.select().from(reads).where(eq(reads.itemId, a))).toEqual([]);
  });

  it('opening twice keeps one read, from the first look', async () => {
    const w = await seedWorld(ctx);
    const a = (await quarantineItem(ctx, w.user)).id;
    const da = await signedIn(w.domainAdmin);
    await open(da, a);
    await open(da, a);
    expect(await db.select({ viewer: reads.viewer }).from(reads).where(eq(reads.itemId, a))).toEqual([{ viewer: w.domainAdmin }]);
  });

  it('reads leave with their item, whichever way the item goes', async () => {
    const w = await seedWorld(ctx);
    const [viaAction, viaRemove, viaMailcow, viaPrune] = [
      (await quarantineItem(ctx, w.user)).id, (await quarantineItem(ctx, w.user)).id,
      (await quarantineItem(ctx, w.user)).id, (await quarantineItem(ctx, w.user)).id,
    ];
    const admin = await signedIn(w.admin);
    for (const id of [viaAction, viaRemove, viaMailcow, viaPrune]) await open(admin, id);
    const readIds = async () => (await db.select({ id: reads.itemId }).from(reads)
      .where(inArray(reads.itemId, [viaAction, viaRemove, viaMailcow, viaPrune]))).map((r) => r.id).sort((x, y) => x - y);
    expect(await readIds()).toHaveLength(4);
    // Deleted by the admin in Cowbell (removeItems under the action).
    const res = await admin.api.quarantine.actions.$post({ json: { action: 'delete', ids: [viaAction] } });
    expect((await res.json()).results).toEqual([{ id: viaAction, ok: true }]);
    await removeItems(db, [viaRemove]);
    expect(await readIds()).toEqual([viaMailcow, viaPrune]);
    // Deleted by mailcow: the index's deletion follower drops the row, and the read goes with it.
    await db.delete(quarantine).where(eq(quarantine.id, viaMailcow));
    await followDeletions(db, ctx.deps.redis, [], { window: 1, recentIds: 1_000_000 });
    expect(await readIds()).toEqual([viaPrune]);
    // Or by housekeeping's full comparison.
    await db.delete(quarantine).where(eq(quarantine.id, viaPrune));
    await pruneIndex(db);
    expect(await readIds()).toEqual([]);
  });
});
