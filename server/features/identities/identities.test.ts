// A user's identities: addresses from Postfix's send-as rules, everything else in SOGo's profile,
// which is changed read-modify-write and never lost.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alias, senderAcl } from '../../../db/schema/mail.ts';
import { sogoUserProfile } from '../../../db/schema/sogo.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { updateSogoDefaults } from '../../mailcow/sogo-profile.service.ts';
import { startFakeMemcached } from '../../test/fakes.ts';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../../test/helpers.ts';
import { MAX_SIGNATURE } from './identities.schema.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;

async function world() {
  const w = await seedWorld(ctx);
  const bob = await insertMailbox(db(), { localPart: 'bob', domain: w.domain, passwordHash: w.hash, name: 'Bob' });
  const team = `team@${w.domain}`;
  await db().insert(alias).values({ address: team, goto: `${w.user},${bob}`, domain: w.domain });
  const alice = createTestClient(ctx);
  expect((await alice.signIn(w.user)).status).toBe(200);
  return { ...w, bob, team, alice };
}

const profileRow = async (uid: string) => (await db().select().from(sogoUserProfile).where(eq(sogoUserProfile.cUid, uid)))[0];
const identitiesIn = async (uid: string) => JSON.parse((await profileRow(uid)).cDefaults!).SOGoMailIdentities;
const fields = (displayName: string, more: Partial<{ replyTo: string | null; signature: string }> = {}) =>
  ({ displayName, replyTo: null, signature: '', ...more });

describe('the list', () => {
  it("shows every address the user may send as with SOGo's defaults before anything is stored", async () => {
    const w = await world();
    await db().insert(senderAcl).values({ loggedInAs: w.user, sendAs: `@x${w.domain}`, external: 1 });
    const res = await w.alice.api.identities.$get();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ mailbox: w.user, defaultName: 'alice', signatureFormat: 'html', profile: 'missing',
      grants: [{ kind: 'domain', domain: `x${w.domain}`, unclaimedOnly: false, via: ['sender_acl_external'] }] });
    expect(body.identities).toEqual([
      { address: w.user, displayName: 'alice', replyTo: null, signature: '', isDefault: true, stored: false, allowed: true, via: ['mailbox'] },
      { address: w.team, displayName: 'alice', replyTo: null, signature: '', isDefault: false, stored: false, allowed: true, via: ['alias'] },
    ]);
  });

  it("is the user's own: B sees B's addresses and cannot set an identity on A's", async () => {
    const w = await world();
    const bobClient = createTestClient(ctx);
    expect((await bobClient.signIn(w.bob)).status).toBe(200);
    expect((await (await bobClient.api.identities.$get()).json()).identities.map((i) => i.address)).toEqual([w.bob, w.team]);
    const res = await bobClient.api.identities[':address'].$put({ param: { address: w.user }, json: fields('Not Alice') });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', issues: [{ path: 'address' }] } });
    const asDefault = await bobClient.api.identities[':address'].default.$put({ param: { address: w.user } });
    expect(asDefault.status).toBe(400);
    expect(await profileRow(w.user)).toBeUndefined();
    expect(await profileRow(w.bob)).toBeUndefined();
  });
});

describe('changing an identity', () => {
  it("stores SOGo's keys only, seeding the user's own identity as SOGo's preferences would", async () => {
    const w = await world();
    const res = await w.alice.api.identities[':address'].$put({ param: { address: w.team },
      json: fields('Team Alice', { replyTo: `Help@${w.domain}`, signature: '<p>Alice<br>Team</p>' }) });
    expect(res.status).toBe(200);
    expect(await identitiesIn(w.user)).toEqual([
      { email: w.user, fullName: 'alice', isDefault: true },
      { email: w.team, fullName: 'Team Alice', replyTo: `help@${w.domain}`, signature: '<p>Alice<br>Team</p>' },
    ]);
    expect((await profileRow(w.user)).cSettings).toBeNull();
    const team = (await res.json()).identities.find((i) => i.address === w.team);
    expect(team).toMatchObject({ stored: true, displayName: 'Team Alice', replyTo: `help@${w.domain}`, isDefault: false });
    // Clearing reply-to and signature removes the keys, as SOGo leaves them out.
    await w.alice.api.identities[':address'].$put({ param: { address: w.team }, json: fields('Team Alice', { replyTo: '' }) });
    expect((await identitiesIn(w.user))[1]).toEqual({ email: w.team, fullName: 'Team Alice' });
  });

  it('moves the default, which SOGo marks on one identity only', async () => {
    const w = await world();
    const res = await w.alice.api.identities[':address'].default.$put({ param: { address: w.team } });
    expect(res.status).toBe(200);
    expect(await identitiesIn(w.user)).toEqual([{ email: w.user, fullName: 'alice' }, { email: w.team, fullName: 'alice', isDefault: true }]);
    expect((await res.json()).identities.map((i) => [i.address, i.isDefault])).toEqual([[w.user, false], [w.team, true]]);
    await w.alice.api.identities[':address'].default.$put({ param: { address: w.user } });
    expect(await identitiesIn(w.user)).toEqual([{ email: w.user, fullName: 'alice', isDefault: true }, { email: w.team, fullName: 'alice' }]);
  });

  it('allows any address a grant covers, and no other', async () => {
    const w = await world();
    await db().insert(senderAcl).values({ loggedInAs: w.user, sendAs: `@${w.domain}` });
    const custom = `news@${w.domain}`;
    expect((await w.alice.api.identities[':address'].$put({ param: { address: custom }, json: fields('News') })).status).toBe(200);
    const body = await (await w.alice.api.identities.$get()).json();
    expect(body.identities.at(-1)).toMatchObject({ address: custom, stored: true, allowed: true, via: [], displayName: 'News' });
    expect((await w.alice.api.identities[':address'].$put({ param: { address: `news@elsewhere.example` }, json: fields('News') })).status).toBe(400);
  });

  it('shows a stored identity that lost its right as not allowed, refuses to change it, and removes it', async () => {
    const w = await world();
    await w.alice.api.identities[':address'].$put({ param: { address: w.team }, json: fields('Team') });
    await db().update(alias).set({ senderAllowed: 0 }).where(eq(alias.address, w.team));
    const body = await (await w.alice.api.identities.$get()).json();
    expect(body.identities.find((i) => i.address === w.team)).toMatchObject({ allowed: false, stored: true, via: [] });
    expect((await w.alice.api.identities[':address'].$put({ param: { address: w.team }, json: fields('Team 2') })).status).toBe(400);
    expect((await w.alice.api.identities[':address'].$delete({ param: { address: w.team } })).status).toBe(200);
    expect(await identitiesIn(w.user)).toEqual([{ email: w.user, fullName: 'alice', isDefault: true }]);
    expect((await w.alice.api.identities[':address'].$delete({ param: { address: w.team } })).status).toBe(404);
  });

  it('refuses bad input field by field', async () => {
    const w = await world();
    const put = (json: Record<string, unknown>) => w.alice.api.identities[':address'].$put({ param: { address: w.user }, json: json as never });
    const paths = async (json: Record<string, unknown>) => {
      const res = await put(json);
      expect(res.status).toBe(400);
      return ((await res.json()) as unknown as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    };
    expect(await paths(fields('A <script>'))).toEqual(['displayName']);
    expect(await paths(fields('Two\nLines'))).toEqual(['displayName']);
    expect(await paths(fields('   '))).toEqual(['displayName']);
    expect(await paths(fields('Alice', { replyTo: 'not an address' }))).toEqual(['replyTo']);
    expect(await paths(fields('Alice', { signature: 'x'.repeat(MAX_SIGNATURE + 1) }))).toEqual(['signature']);
    expect((await put(fields('Alice', { signature: 'x'.repeat(MAX_SIGNATURE) }))).status).toBe(200);
    const badAddress = await w.alice.api.identities[':address'].$put({ param: { address: 'nobody' }, json: fields('Alice') });
    expect(badAddress.status).toBe(400);
  });
});

describe("SOGo's profile", () => {
  it('keeps every other key of c_defaults and all of c_settings, and reads what SOGo wrote', async () => {
    const w = await world();
    const defaults = {
      SOGoLanguage: 'German', SOGoMailComposeMessageType: 'text', SOGoMailLabelsColors: { $label1: ['Important', '#f00'] },
      SOGoMailIdentities: [{ email: w.team, fullName: 'Legacy', isDefault: 'YES', signature: 'sig' }, 'junk'],
      Vacation: { enabled: 0, daysBetweenResponse: 7 },
    };
    const settings = '{"Mail":{"DelegateFrom":["x@example.org"]},"Calendar":{}}';
    await db().insert(sogoUserProfile).values({ cUid: w.user, cDefaults: JSON.stringify(defaults), cSettings: settings });
    const before = await (await w.alice.api.identities.$get()).json();
    expect(before).toMatchObject({ profile: 'ok', signatureFormat: 'text' });
    expect(before.identities.map((i) => [i.address, i.isDefault, i.stored, i.displayName])).toEqual([[w.user, false, false, 'alice'], [w.team, true, true, 'Legacy']]);
    await w.alice.api.identities[':address'].$put({ param: { address: w.user }, json: fields('Alice A.') });
    const row = await profileRow(w.user);
    expect(row.cSettings).toBe(settings);
    const { SOGoMailIdentities, ...rest } = JSON.parse(row.cDefaults!);
    const { SOGoMailIdentities: _before, ...restBefore } = defaults;
    expect(rest).toEqual(restBefore);
    // The stored list is kept as found (an entry SOGo cannot use included) and the new one appended.
    expect(SOGoMailIdentities).toEqual([...defaults.SOGoMailIdentities, { email: w.user, fullName: 'Alice A.' }]);
  });

  it('leaves a document it cannot read untouched and says so', async () => {
    const w = await world();
    const plist = '{\n  SOGoLanguage = German;\n}';
    await db().insert(sogoUserProfile).values({ cUid: w.user, cDefaults: plist, cSettings: null });
    const list = await (await w.alice.api.identities.$get()).json();
    expect(list.profile).toBe('unreadable');
    const res = await w.alice.api.identities[':address'].$put({ param: { address: w.user }, json: fields('Alice') });
    expect(res.status).toBe(409);
    expect((await profileRow(w.user)).cDefaults).toBe(plist);
  });

  it('reads again when SOGo writes between the read and the write, and keeps what SOGo wrote', async () => {
    const w = await world();
    await db().insert(sogoUserProfile).values({ cUid: w.user, cDefaults: '{"SOGoLanguage":"English"}' });
    let calls = 0;
    const result = await updateSogoDefaults(ctx.deps, w.user, async (d) => {
      calls += 1;
      // SOGo saves its preferences meanwhile (a whole new document).
      if (calls === 1) await db().update(sogoUserProfile).set({ cDefaults: '{"SOGoLanguage":"French","SOGoTimeZone":"Europe/Paris"}' })
        .where(eq(sogoUserProfile.cUid, w.user));
      return { ...d, Marker: 'cowbell' };
    });
    expect(calls).toBe(2);
    expect(result).toEqual({ SOGoLanguage: 'French', SOGoTimeZone: 'Europe/Paris', Marker: 'cowbell' });
    expect(JSON.parse((await profileRow(w.user)).cDefaults!)).toEqual(result);
  });

  it('creates the row for a user SOGo has not seen, and updates it instead when SOGo created it meanwhile', async () => {
    const w = await world();
    let calls = 0;
    await updateSogoDefaults(ctx.deps, w.user, async (d) => {
      calls += 1;
      if (calls === 1) await db().insert(sogoUserProfile).values({ cUid: w.user, cDefaults: '{"SOGoLanguage":"Dutch"}', cSettings: '{}' });
      return { ...d, Marker: calls };
    });
    expect(await profileRow(w.user)).toEqual({ cUid: w.user, cDefaults: '{"SOGoLanguage":"Dutch","Marker":2}', cSettings: '{}' });
  });

  it('gives up with a conflict rather than write over a document that keeps changing', async () => {
    const w = await world();
    await db().insert(sogoUserProfile).values({ cUid: w.user, cDefaults: '{}' });
    let calls = 0;
    const attempt = updateSogoDefaults(ctx.deps, w.user, async (d) => {
      calls += 1;
      await db().update(sogoUserProfile).set({ cDefaults: JSON.stringify({ SOGoSave: calls }) }).where(eq(sogoUserProfile.cUid, w.user));
      return { ...d, Marker: 'cowbell' };
    });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect(JSON.parse((await profileRow(w.user)).cDefaults!)).toEqual({ SOGoSave: calls });
  });
});

describe("SOGo's memcached", () => {
  let memcached: Awaited<ReturnType<typeof startFakeMemcached>>;
  beforeAll(async () => { memcached = await startFakeMemcached('NOT_FOUND'); });
  afterAll(() => memcached.close());

  it("forgets the user's cached defaults after a change, so SOGo neither shows nor saves a stale copy", async () => {
    const w = await seedWorld(ctx);
    await updateSogoDefaults({ db: db(), env: { ...ctx.deps.env, SOGO_MEMCACHED: memcached.target } }, w.user, (d) => ({ ...d, X: 1 }));
    expect(memcached.received).toEqual([`delete ${w.user}+defaults\r\n`]);
  });
});

it('is for mailbox users only', async () => {
  const w = await seedWorld(ctx);
  const admin = createTestClient(ctx);
  expect((await admin.signIn(w.admin, PASSWORD)).status).toBe(200);
  expect((await admin.api.identities.$get()).status).toBe(403);
});
