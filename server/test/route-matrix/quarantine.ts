import { randomBytes } from 'node:crypto';
import { quarantineItem } from '../quarantine-helpers.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { ACTORS, ctx, W, only, everyone, signedInAnd, USERS, SIGNED_IN, json, eq, type RouteCase } from './kit.ts';

async function itemOfA() {
  const stored = await quarantineItem(ctx, W.userA);
  const [row] = await ctx.deps.db.select({ qhash: quarantine.qhash }).from(quarantine).where(eq(quarantine.id, stored.id));
  return { id: stored.id, hash: row.qhash! };
}

const itemGone = async (id: number) => (await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).length === 0;

const form = () => {
  const f = new FormData();
  f.set('metadata', JSON.stringify({ qid: 'X', rcpt: [W.userA], from: 'a@example.net', action: 'reject' }));
  f.set('message', new Blob(['Subject: hi\r\n\r\nhello\r\n']));
  return { method: 'POST', body: f } satisfies RequestInit;
};

export const routes: Record<string, RouteCase> = {
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
  'GET /api/quarantine-settings': { request: () => ({ path: '/api/quarantine-settings' }), expect: only(USERS) },
  'PUT /api/quarantine-settings': { request: () => ({ path: '/api/quarantine-settings', init: json('PUT', { notification: 'daily' }) }), expect: only(USERS) },
  // Machine-to-machine: a session grants nothing; the caller here is outside INGEST_ALLOWED_NETWORKS.
  'POST /ingest/rspamd': { request: () => ({ path: '/ingest/rspamd', init: form() }), expect: everyone(403) },
  'POST /pipe.php': { request: () => ({ path: '/pipe.php', init: form() }), expect: everyone(403) },
  // Notification buttons: only a token grants anything, and an unknown token is unknown to everybody.
  'POST /push-actions': { request: () => ({ path: '/push-actions', init: json('POST', { token: randomBytes(24).toString('base64url'), action: 'release' }) }), expect: everyone(404) },
};
