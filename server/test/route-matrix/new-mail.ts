import { cowbellNewMailSettings } from '../../../db/schema/cowbell.ts';
import { ctx, W, only, USERS, json, eq, everyone, type RouteCase } from './kit.ts';

const settingsOfA = async () => (await ctx.deps.db.select().from(cowbellNewMailSettings).where(eq(cowbellNewMailSettings.username, W.userA)))[0];

export const routes: Record<string, RouteCase> = {
  // A user's own settings: B's requests read and write B's, never A's.
  'GET /api/new-mail/settings': { request: () => ({ path: '/api/new-mail/settings' }), expect: only(USERS) },
  'PUT /api/new-mail/settings': {
    prepare: async () => { await ctx.deps.db.delete(cowbellNewMailSettings).where(eq(cowbellNewMailSettings.username, W.userA)); return {}; },
    request: () => ({ path: '/api/new-mail/settings', init: json('PUT', { vip: ['matrix@example.org'] }) }),
    expect: only(USERS),
    effect: { check: async () => (await settingsOfA())?.settings.includes('matrix@example.org') === true, by: ['userA'] },
  },
  // Machine-to-machine (Dovecot): a session grants nothing; the caller here is outside INGEST_ALLOWED_NETWORKS.
  'POST /ingest/dovecot': {
    request: () => ({ path: '/ingest/dovecot', init: json('POST', { event: 'MessageNew', user: W.userA, folder: 'INBOX', uid: 1, uidvalidity: 1 }) }),
    expect: everyone(403),
  },
};
