// Every route the app registers, called as each kind of actor, with the status each must get. A route
// added without an entry here fails the first test: who may call it has to be decided, and proven.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { cowbellAliasReminderOptins, cowbellAliasTokens, cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { alias, mailbox, senderAcl, spamalias } from '../../../db/schema/mail.ts';
import { pushover, quarantine } from '../../../db/schema/quarantine.ts';
import { sogoUserProfile } from '../../../db/schema/sogo.ts';
import { insertDomain, insertDomainAdmin, insertMailbox } from '../mailcow/provision.ts';
import { createTestClient, fromSocket, PASSWORD, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';

const ctx = useTestApp({}, 14);

// tfaPending: the password was right, the second factor is still owed (it may reach nothing more than anonymous).
const ACTORS = ['anonymous', 'tfaPending', 'userA', 'userB', 'daIn', 'daOut', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
type Expect = number | Record<ActorName, number>;

const W: Record<ActorName, string> = { anonymous: '', tfaPending: '', userA: '', userB: '', daIn: '', daOut: '', admin: '' };
let domainOfA = '';

/** Allowed roles → their status; others get 403 when signed in, 401 when not. */
function only(allowed: ActorName[], ok = 200): Record<ActorName, number> {
  return Object.fromEntries(ACTORS.map((a) => [a, allowed.includes(a) ? ok : a === 'anonymous' || a === 'tfaPending' ? 401 : 403])) as Record<ActorName, number>;
}
const everyone = (status: number) => only([...ACTORS], status);
const signedInAnd = (codes: Partial<Record<ActorName, number>>) => ({ ...only([]), ...codes });
const USERS: ActorName[] = ['userA', 'userB'];
/** A's mailbox named with mailcow's `username`: A, the domain admin of A's domain and admins; B and the other domain's admin are refused. */
const forA = (ok = 200) => signedInAnd({ userA: ok, userB: 403, daIn: ok, daOut: 403, admin: ok });
/** One of A's objects by its key: whoever may not see it is told it does not exist. */
const objectOfA = (ok = 200) => signedInAnd({ userA: ok, userB: 404, daIn: ok, daOut: 404, admin: ok });
const SEES_A: ActorName[] = ['userA', 'daIn', 'admin'];
const SIGNED_IN: ActorName[] = ['userA', 'userB', 'daIn', 'daOut', 'admin'];

async function itemOfA() {
  const stored = await quarantineItem(ctx, W.userA);
  const [row] = await ctx.deps.db.select({ qhash: quarantine.qhash }).from(quarantine).where(eq(quarantine.id, stored.id));
  return { id: stored.id, hash: row.qhash! };
}

async function deviceOfA() {
  const deviceId = `dev${uid()}`;
  // Straight into the table: an endpoint that refuses connections at once, so "test" ends quickly.
  await ctx.deps.db.insert(cowbellPushSubscriptions).values({ username: W.userA, deviceId, name: 'A phone',
    endpoint: 'https://127.0.0.1:9/push', p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' });
  return deviceId;
}

/** A password-manager token of A (a random hash: what matters is whose row it is). */
async function tokenOfA() {
  const [owner] = await ctx.deps.db.select({ created: mailbox.created }).from(mailbox).where(eq(mailbox.username, W.userA));
  const name = `token${uid()}`;
  const [res] = await ctx.deps.db.insert(cowbellAliasTokens).values({ username: W.userA, name, tokenHash: randomBytes(32).toString('hex'), mailboxCreated: owner.created });
  return { id: res.insertId, name };
}
const tokenGone = async (id: number) => (await ctx.deps.db.select().from(cowbellAliasTokens).where(eq(cowbellAliasTokens.id, id))).length === 0;
const aliasMadeFor = async (site: string | number) => (await ctx.deps.db.select().from(spamalias).where(eq(spamalias.description, String(site)))).length > 0;
const preflight: RequestInit = { method: 'OPTIONS', headers: { origin: 'https://vault.bitwarden.com', 'access-control-request-method': 'POST' } };
/** A time-limited alias of A's, straight into mailcow's table. */
async function timeLimitedOfA() {
  const address = `t${uid()}.x@${domainOfA}`;
  await ctx.deps.db.insert(spamalias).values({ address, goto: W.userA, description: 'matrix', validity: Math.floor(Date.now() / 1000) + 3600 });
  return { address };
}
const timeLimited = async (address: string | number) => (await ctx.deps.db.select().from(spamalias).where(eq(spamalias.address, String(address))))[0];
/** User A's SOGo preferences (c_defaults), or undefined when A has none. */
const profileOfA = async () => (await ctx.deps.db.select().from(sogoUserProfile).where(eq(sogoUserProfile.cUid, W.userA)))[0]?.cDefaults ?? undefined;
const resetProfileOfA = async () => { await ctx.deps.db.delete(sogoUserProfile).where(eq(sogoUserProfile.cUid, W.userA)); return {}; };

const PUSHOVER_KEY = 'a'.repeat(30);
/** A's Pushover row, straight into mailcow's table. */
async function pushoverOfA() {
  await ctx.deps.db.insert(pushover).values({ username: W.userA, key: PUSHOVER_KEY, token: PUSHOVER_KEY, title: 'matrix' })
    .onDuplicateKeyUpdate({ set: { title: 'matrix' } });
  return {};
}

const itemGone = async (id: number) => (await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).length === 0;

/** A's session in another browser, and its handle in A's list of sessions. */
const otherSessionOfA: { handle: string; client: ReturnType<typeof createTestClient> | null } = { handle: '', client: null };
async function newSessionOfA() {
  const client = createTestClient(ctx);
  expect((await client.signIn(W.userA)).status).toBe(200);
  const { sessions } = await (await client.api.account.sessions.$get()).json();
  Object.assign(otherSessionOfA, { handle: sessions.find((s) => s.current)!.id, client });
  return otherSessionOfA;
}

interface RouteCase {
  /** What the call needs that must be fresh for each actor (an item to delete, a device to remove). */
  prepare?: () => Promise<Record<string, string | number>>;
  request: (p: Record<string, string | number>) => { path: string; init?: RequestInit };
  expect: Expect;
  /** For writes whose status is the same for all: did it take effect? (true = must have changed). */
  effect?: { check: (p: Record<string, string | number>) => Promise<boolean>; by: ActorName[] };
  /** For reads: does the answer show user A's object? Only `by` may see it. */
  shows?: { check: (body: string, p: Record<string, string | number>) => boolean; by: ActorName[] };
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const form = () => {
  const f = new FormData();
  f.set('metadata', JSON.stringify({ qid: 'X', rcpt: [W.userA], from: 'a@example.net', action: 'reject' }));
  f.set('message', new Blob(['Subject: hi\r\n\r\nhello\r\n']));
  return { method: 'POST', body: f } satisfies RequestInit;
};

const ROUTES: Record<string, RouteCase> = {
  'GET /api/health': { request: () => ({ path: '/api/health' }), expect: everyone(200) },
  'GET /api/session': { request: () => ({ path: '/api/session' }), expect: everyone(200) },
  'POST /api/session': { request: () => ({ path: '/api/session', init: json('POST', { username: `nobody${uid()}@${domainOfA}`, password: 'x' }) }), expect: everyone(401) },
  'DELETE /api/session': { request: () => ({ path: '/api/session', init: { method: 'DELETE' } }), expect: everyone(204) },
  // A wrong current password: a user is refused at the check (400), anyone else at the gate.
  'PUT /api/account/password': {
    request: () => ({ path: '/api/account/password', init: json('PUT', { currentPassword: 'wrong', password: 'New-Password-1', password2: 'New-Password-1' }) }),
    expect: signedInAnd({ userA: 400, userB: 400 }),
  },
  'GET /api/account/sessions': {
    request: () => ({ path: '/api/account/sessions' }),
    expect: only(SIGNED_IN),
    shows: { check: (body) => (JSON.parse(body) as { sessions: { id: string }[] }).sessions.some((s) => s.id === otherSessionOfA.handle), by: ['userA'] },
  },
  'DELETE /api/account/sessions': { request: () => ({ path: '/api/account/sessions', init: { method: 'DELETE' } }), expect: only(SIGNED_IN) },
  'DELETE /api/account/sessions/:handle': {
    prepare: async () => ({ handle: (await newSessionOfA()).handle }),
    request: (p) => ({ path: `/api/account/sessions/${p.handle}`, init: { method: 'DELETE' } }),
    expect: signedInAnd({ userA: 204, userB: 404, daIn: 404, daOut: 404, admin: 404 }),
    effect: { check: async () => (await (await otherSessionOfA.client!.api.session.$get()).json()).session === null, by: ['userA'] },
  },
  'GET /api/me': { request: () => ({ path: '/api/me' }), expect: only(USERS) },
  'GET /api/admin/overview': { request: () => ({ path: '/api/admin/overview' }), expect: only(['daIn', 'daOut', 'admin']) },
  'GET /api/admin/domains': {
    request: () => ({ path: '/api/admin/domains' }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body) => (JSON.parse(body) as { domains: { name: string }[] }).domains.some((d) => d.name === domainOfA), by: ['daIn', 'admin'] },
  },
  'GET /api/admin/mailboxes': {
    request: () => ({ path: `/api/admin/mailboxes?q=${encodeURIComponent(W.userA)}` }),
    expect: only(['daIn', 'daOut', 'admin']),
    shows: { check: (body) => (JSON.parse(body) as { items: { username: string }[] }).items.some((m) => m.username === W.userA), by: ['daIn', 'admin'] },
  },
  // Filtered to A's mailbox: the filter narrows what each actor may see, it never widens it.
  'GET /api/quarantine': {
    prepare: async () => ({ id: (await itemOfA()).id }),
    request: () => ({ path: `/api/quarantine?limit=100&mailbox=${encodeURIComponent(W.userA)}` }),
    expect: only(SIGNED_IN),
    shows: { check: (body, p) => (JSON.parse(body) as { items: { id: number }[] }).items.some((i) => i.id === p.id), by: ['userA', 'daIn', 'admin'] },
  },
  'POST /api/quarantine/actions': {
    prepare: async () => ({ id: (await itemOfA()).id }),
    request: (p) => ({ path: '/api/quarantine/actions', init: json('POST', { action: 'delete', ids: [p.id] }) }),
    expect: only(SIGNED_IN),
    effect: { check: (p) => itemGone(Number(p.id)), by: ['userA', 'daIn', 'admin'] },
  },
  'GET /api/quarantine/:id': {
    prepare: async () => ({ id: (await itemOfA()).id }),
    request: (p) => ({ path: `/api/quarantine/${p.id}` }),
    expect: signedInAnd({ userA: 200, userB: 404, daIn: 200, daOut: 404, admin: 200 }),
  },
  // A mailbox's send-as grants: its domain's admins only; another domain's admin finds no such mailbox.
  'GET /api/admin/mailboxes/:username/sender-acl': {
    request: () => ({ path: `/api/admin/mailboxes/${encodeURIComponent(W.userA)}/sender-acl` }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
  },
  'PUT /api/admin/mailboxes/:username/sender-acl': {
    prepare: async () => { await ctx.deps.db.delete(senderAcl).where(eq(senderAcl.loggedInAs, W.userA)); return {}; },
    request: () => ({ path: `/api/admin/mailboxes/${encodeURIComponent(W.userA)}/sender-acl`, init: json('PUT', { internal: [`@${domainOfA}`] }) }),
    expect: signedInAnd({ daIn: 200, daOut: 404, admin: 200 }),
    effect: { check: async () => (await ctx.deps.db.select().from(senderAcl).where(eq(senderAcl.loggedInAs, W.userA))).length > 0, by: ['daIn', 'admin'] },
  },
  // A user's own From identities: an address in the path that is not theirs to send as is refused (400).
  'GET /api/identities': {
    request: () => ({ path: '/api/identities' }),
    expect: only(USERS),
    shows: { check: (body) => (JSON.parse(body) as { identities: { address: string }[] }).identities.some((i) => i.address === W.userA), by: ['userA'] },
  },
  'PUT /api/identities/:address': {
    prepare: resetProfileOfA,
    request: () => ({ path: `/api/identities/${encodeURIComponent(W.userA)}`, init: json('PUT', { displayName: 'Matrix', replyTo: null, signature: '' }) }),
    expect: { ...only(USERS), userB: 400 },
    effect: { check: async () => (await profileOfA())?.includes('Matrix') ?? false, by: ['userA'] },
  },
  'PUT /api/identities/:address/default': {
    prepare: resetProfileOfA,
    request: () => ({ path: `/api/identities/${encodeURIComponent(W.userA)}/default`, init: { method: 'PUT' } }),
    expect: { ...only(USERS), userB: 400 },
    effect: { check: async () => (await profileOfA()) !== undefined, by: ['userA'] },
  },
  'DELETE /api/identities/:address': {
    prepare: async () => {
      await resetProfileOfA();
      await ctx.deps.db.insert(sogoUserProfile).values({ cUid: W.userA, cDefaults: JSON.stringify({ SOGoMailIdentities: [{ email: W.userA, fullName: 'Kept' }] }) });
      return {};
    },
    request: () => ({ path: `/api/identities/${encodeURIComponent(W.userA)}`, init: { method: 'DELETE' } }),
    expect: { ...only(USERS), userB: 404 },
    effect: { check: async () => !((await profileOfA())?.includes('Kept') ?? false), by: ['userA'] },
  },
  'GET /api/push/config': { request: () => ({ path: '/api/push/config' }), expect: only(USERS) },
  'GET /api/push/devices': { request: () => ({ path: '/api/push/devices' }), expect: only(USERS) },
  'PUT /api/push/devices/:deviceId': {
    request: () => ({ path: `/api/push/devices/dev${uid()}`, init: json('PUT', { endpoint: 'https://push.example.net/send/abc',
      keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' }, name: 'Phone' }) }),
    expect: only(USERS),
  },
  'PATCH /api/push/devices/:deviceId': {
    prepare: async () => ({ deviceId: await deviceOfA() }),
    request: (p) => ({ path: `/api/push/devices/${p.deviceId}`, init: json('PATCH', { name: 'Renamed' }) }),
    expect: { ...only(USERS), userB: 404 },
  },
  'DELETE /api/push/devices/:deviceId': {
    prepare: async () => ({ deviceId: await deviceOfA() }),
    request: (p) => ({ path: `/api/push/devices/${p.deviceId}`, init: { method: 'DELETE' } }),
    expect: { ...only(USERS, 204), userB: 404 },
  },
  'POST /api/push/devices/:deviceId/test': {
    prepare: async () => ({ deviceId: await deviceOfA() }),
    request: (p) => ({ path: `/api/push/devices/${p.deviceId}/test`, init: { method: 'POST' } }),
    expect: { ...only(USERS), userB: 404 },
  },
  // The link is the capability (mailcow's digest links): anyone holding it may view and act.
  'GET /api/qhandler/:hash': {
    prepare: async () => ({ hash: (await itemOfA()).hash }),
    request: (p) => ({ path: `/api/qhandler/${p.hash}` }),
    expect: everyone(200),
  },
  'POST /api/qhandler/:hash': {
    prepare: async () => { const i = await itemOfA(); return { hash: i.hash, id: i.id }; },
    request: (p) => ({ path: `/api/qhandler/${p.hash}`, init: json('POST', { action: 'delete' }) }),
    expect: everyone(200),
    effect: { check: (p) => itemGone(Number(p.id)), by: [...ACTORS] },
  },
  'GET /api/alias-tokens': {
    prepare: async () => ({ name: (await tokenOfA()).name }),
    request: () => ({ path: '/api/alias-tokens' }),
    expect: only(USERS),
    shows: { check: (body, p) => (JSON.parse(body) as { tokens: { name: string }[] }).tokens.some((t) => t.name === p.name), by: ['userA'] },
  },
  'POST /api/alias-tokens': { request: () => ({ path: '/api/alias-tokens', init: json('POST', { name: 'Bitwarden' }) }), expect: only(USERS, 201) },
  'DELETE /api/alias-tokens/:id': {
    prepare: async () => ({ id: (await tokenOfA()).id }),
    request: (p) => ({ path: `/api/alias-tokens/${p.id}`, init: { method: 'DELETE' } }),
    expect: { ...only(USERS, 204), userB: 404 },
    effect: { check: (p) => tokenGone(Number(p.id)), by: ['userA'] },
  },
  // Password managers: only an alias token gets in. A session (cookie and CSRF header sent) grants
  // nothing and makes nothing; the browser's preflight is answered for anyone.
  'OPTIONS /api/alias/random/new': { request: () => ({ path: '/api/alias/random/new', init: preflight }), expect: everyone(204) },
  'POST /api/alias/random/new': {
    prepare: async () => ({ site: `site${uid()}.example` }),
    request: (p) => ({ path: `/api/alias/random/new?hostname=${p.site}`, init: json('POST', { note: 'Generated by Bitwarden.' }) }),
    expect: everyone(401),
    effect: { check: (p) => aliasMadeFor(p.site), by: [] },
  },
  'OPTIONS /api/v1/aliases': { request: () => ({ path: '/api/v1/aliases', init: preflight }), expect: everyone(204) },
  'POST /api/v1/aliases': {
    prepare: async () => ({ site: `site${uid()}.example` }),
    request: (p) => ({ path: '/api/v1/aliases', init: json('POST', { domain: domainOfA, description: p.site }) }),
    expect: everyone(401),
    effect: { check: (p) => aliasMadeFor(p.site), by: [] },
  },
  'GET /api/v1/aliases': { request: () => ({ path: '/api/v1/aliases' }), expect: everyone(401) },
  'GET /api/quarantine-settings': { request: () => ({ path: '/api/quarantine-settings' }), expect: only(USERS) },
  'PUT /api/quarantine-settings': { request: () => ({ path: '/api/quarantine-settings', init: json('PUT', { notification: 'daily' }) }), expect: only(USERS) },
  'GET /api/aliases': {
    prepare: async () => {
      const address = `d${uid()}@${domainOfA}`;
      await ctx.deps.db.insert(alias).values({ address, goto: W.userA, domain: domainOfA });
      return { address };
    },
    request: () => ({ path: `/api/aliases?limit=100&username=${encodeURIComponent(W.userA)}` }),
    expect: forA(),
    shows: { check: (body, p) => (JSON.parse(body) as { items: { address: string }[] }).items.some((i) => i.address === p.address), by: SEES_A },
  },
  'GET /api/aliases/defaults': { request: () => ({ path: '/api/aliases/defaults' }), expect: only(USERS) },
  'PUT /api/aliases/defaults': { request: () => ({ path: '/api/aliases/defaults', init: json('PUT', { validity: '1d' }) }), expect: only(USERS) },
  // A user's own choice: B turning reminders on or off never touches A's.
  'GET /api/alias-reminders': {
    prepare: async () => { await ctx.deps.db.insert(cowbellAliasReminderOptins).ignore().values({ username: W.userA }); return {}; },
    request: () => ({ path: '/api/alias-reminders' }),
    expect: only(USERS),
    shows: { check: (body) => (JSON.parse(body) as { enabled: boolean }).enabled, by: ['userA'] },
  },
  'PUT /api/alias-reminders': {
    prepare: async () => { await ctx.deps.db.delete(cowbellAliasReminderOptins).where(eq(cowbellAliasReminderOptins.username, W.userA)); return {}; },
    request: () => ({ path: '/api/alias-reminders', init: json('PUT', { enabled: true }) }),
    expect: only(USERS),
    effect: { check: async () => (await ctx.deps.db.select().from(cowbellAliasReminderOptins).where(eq(cowbellAliasReminderOptins.username, W.userA))).length > 0, by: ['userA'] },
  },
  'GET /api/aliases/time-limited': {
    prepare: timeLimitedOfA,
    request: () => ({ path: `/api/aliases/time-limited?limit=100&username=${encodeURIComponent(W.userA)}` }),
    expect: forA(),
    shows: { check: (body, p) => (JSON.parse(body) as { items: { address: string }[] }).items.some((i) => i.address === p.address), by: SEES_A },
  },
  'POST /api/aliases/time-limited': {
    request: () => ({ path: '/api/aliases/time-limited', init: json('POST', { username: W.userA, description: 'matrix' }) }),
    expect: forA(201),
  },
  'PATCH /api/aliases/time-limited/:address': {
    prepare: timeLimitedOfA,
    request: (p) => ({ path: `/api/aliases/time-limited/${encodeURIComponent(p.address)}`, init: json('PATCH', { validity: 'permanent' }) }),
    expect: objectOfA(),
    effect: { check: async (p) => Number((await timeLimited(p.address)).permanent) === 1, by: SEES_A },
  },
  'DELETE /api/aliases/time-limited/:address': {
    prepare: timeLimitedOfA,
    request: (p) => ({ path: `/api/aliases/time-limited/${encodeURIComponent(p.address)}`, init: { method: 'DELETE' } }),
    expect: objectOfA(204),
    effect: { check: async (p) => (await timeLimited(p.address)) === undefined, by: SEES_A },
  },
  // A user's own Pushover row: B reading or writing never sees or touches A's. Verify goes nowhere here
  // (the key is refused before any request), so it only proves who gets past the gate.
  'GET /api/pushover': {
    prepare: pushoverOfA,
    request: () => ({ path: '/api/pushover' }),
    expect: only(USERS),
    shows: { check: (body) => (JSON.parse(body) as { settings: { title: string } | null }).settings?.title === 'matrix', by: ['userA'] },
  },
  'PUT /api/pushover': {
    prepare: async () => { await ctx.deps.db.delete(pushover).where(eq(pushover.username, W.userA)); return {}; },
    request: () => ({ path: '/api/pushover', init: json('PUT', { key: PUSHOVER_KEY, token: PUSHOVER_KEY }) }),
    expect: only(USERS),
    effect: { check: async () => (await ctx.deps.db.select().from(pushover).where(eq(pushover.username, W.userA))).length > 0, by: ['userA'] },
  },
  'DELETE /api/pushover': {
    prepare: pushoverOfA,
    request: () => ({ path: '/api/pushover', init: { method: 'DELETE' } }),
    expect: only(USERS, 204),
    effect: { check: async () => (await ctx.deps.db.select().from(pushover).where(eq(pushover.username, W.userA))).length === 0, by: ['userA'] },
  },
  'POST /api/pushover/verify': {
    request: () => ({ path: '/api/pushover/verify', init: json('POST', { key: 'short', token: 'short' }) }),
    expect: only(USERS, 400),
  },
  // Machine-to-machine: a session grants nothing; the caller here is outside INGEST_ALLOWED_NETWORKS.
  'POST /ingest/rspamd': { request: () => ({ path: '/ingest/rspamd', init: form() }), expect: everyone(403) },
  'POST /pipe.php': { request: () => ({ path: '/pipe.php', init: form() }), expect: everyone(403) },
  // Notification buttons: only a token grants anything, and an unknown token is unknown to everybody.
  'POST /push-actions': { request: () => ({ path: '/push-actions', init: json('POST', { token: randomBytes(24).toString('base64url'), action: 'release' }) }), expect: everyone(404) },
};

beforeAll(async () => {
  await enableQuarantine(ctx);
  const w = await seedWorld(ctx);
  domainOfA = w.domain;
  W.userA = w.user;
  W.userB = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
  W.daIn = w.domainAdmin;
  W.tfaPending = await insertMailbox(ctx.deps.db, { localPart: 'tina', domain: w.domain, passwordHash: w.hash });
  await ctx.deps.db.insert(tfa).values({ keyId: 'key', username: W.tfaPending, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
  W.admin = w.admin;
  const other = `o${uid()}.test`;
  await insertDomain(ctx.deps.db, other, { redis: ctx.deps.redis });
  W.daOut = `daout${uid()}`;
  await insertDomainAdmin(ctx.deps.db, W.daOut, w.hash, [other]);
  await newSessionOfA();
});

/** A signed-in client (from an address outside every trusted network), as the app does it. */
async function clientAs(actor: ActorName) {
  const client = createTestClient(ctx, { peer: '192.0.2.10' });
  if (actor === 'anonymous') await client.api.session.$get();
  else {
    const res = await client.signIn(W[actor], PASSWORD);
    expect(res.status).toBe(200);
    expect((await res.json()).session.state).toBe(actor === 'tfaPending' ? 'tfa_pending' : 'active');
  }
  return client;
}

it('has an entry for every route the app registers', () => {
  // The middleware mounts (security headers, body limit, actor; the session and CSRF guard; the
  // Server-Timing header on the time-limited aliases) are not routes; any other entry is, whatever
  // its method, including one added with .all() or .use().
  const MIDDLEWARE = ['ALL /*', 'ALL /api/*', 'ALL /api/aliases/time-limited'];
  const registered = [...new Set(ctx.app.routes.map((r) => `${r.method} ${r.path}`))].filter((r) => !MIDDLEWARE.includes(r));
  expect(registered.filter((r) => !(r in ROUTES))).toEqual([]);
  expect(Object.keys(ROUTES).filter((r) => !registered.includes(r))).toEqual([]);
});

describe.each(Object.entries(ROUTES))('%s', (_route, spec) => {
  it.each(ACTORS)('as %s', async (actor) => {
    const client = await clientAs(actor);
    const params = (await spec.prepare?.()) ?? {};
    const { path, init } = spec.request(params);
    const headers = new Headers(init?.headers);
    const csrf = client.jar.get('cowbell_csrf');
    if (csrf) headers.set('x-csrf-token', csrf);
    headers.set('cookie', [...client.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await ctx.app.request(`http://cowbell.test${path}`, { ...init, headers }, fromSocket('192.0.2.10'));
    const expected = typeof spec.expect === 'number' ? spec.expect : spec.expect[actor];
    expect(res.status, `${actor}: ${await res.clone().text()}`).toBe(expected);
    if (spec.effect) expect(await spec.effect.check(params)).toBe(spec.effect.by.includes(actor));
    if (spec.shows && res.status === 200) expect(spec.shows.check(await res.text(), params), `${actor} sees A's object`).toBe(spec.shows.by.includes(actor));
  });
});
