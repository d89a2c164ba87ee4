// The admin's quarantine settings and the announcement: admins set them, anyone reads the announcement,
// mailbox users choose whether it is pushed to them.
import { ctx, everyone, json, only, USERS, type RouteCase } from './kit.ts';

// The matrix's quarantine stays on (kit.ts's enableQuarantine: 2 MiB, 100 items).
const settings = { maxSize: 2, retentionSize: 100, maxScore: null, maxAge: 365, excludeDomains: [], releaseFormat: 'raw', sender: '', subject: '',
  htmlTemplate: '', bcc: '', redirect: '' };

export const routes: Record<string, RouteCase> = {
  'GET /api/admin/quarantine-settings': { request: () => ({ path: '/api/admin/quarantine-settings' }), expect: only(['admin']) },
  'PUT /api/admin/quarantine-settings': {
    prepare: async () => { await ctx.deps.redis.set('Q_SUBJ', 'before'); return {}; },
    request: () => ({ path: '/api/admin/quarantine-settings', init: json('PUT', settings) }),
    expect: only(['admin']),
    effect: { check: async () => (await ctx.deps.redis.get('Q_SUBJ')) === '', by: ['admin'] },
  },
  'GET /api/admin/announcement': { request: () => ({ path: '/api/admin/announcement' }), expect: only(['admin']) },
  'PUT /api/admin/announcement': {
    prepare: async () => { await ctx.deps.redis.set('UI_ANNOUNCEMENT_TEXT', 'before'); return {}; },
    request: () => ({ path: '/api/admin/announcement', init: json('PUT', { text: 'after', type: 'info', active: false }) }),
    expect: only(['admin']),
    effect: { check: async () => (await ctx.deps.redis.get('UI_ANNOUNCEMENT_TEXT')) === 'after', by: ['admin'] },
  },
  // Shown on the sign-in screen, so to anybody.
  'GET /api/announcement': { request: () => ({ path: '/api/announcement' }), expect: everyone(200) },
  'GET /api/announcement/push': { request: () => ({ path: '/api/announcement/push' }), expect: only(USERS) },
  'PUT /api/announcement/push': { request: () => ({ path: '/api/announcement/push', init: json('PUT', { push: false }) }), expect: only(USERS) },
};
