// mailcow's ratelimit get/edit: admins, and domain admins in their domains (changes with da_acl
// ratelimit, on by default); users never. Out of reach is "no such object".
import { ctx, json, signedInAnd, W, world, type RouteCase } from './kit.ts';

const limitOf = (field: string) => ctx.deps.redis.hget('RL_VALUE', field);
const IN_REACH = { daIn: 200, daOut: 404, admin: 200 };

export const routes: Record<string, RouteCase> = {
  'GET /api/admin/domains/:domain/rate-limit': {
    request: () => ({ path: `/api/admin/domains/${world.domainOfA}/rate-limit` }),
    expect: signedInAnd(IN_REACH),
  },
  'PUT /api/admin/domains/:domain/rate-limit': {
    prepare: async () => { await ctx.deps.redis.hdel('RL_VALUE', world.domainOfA); return {}; },
    request: () => ({ path: `/api/admin/domains/${world.domainOfA}/rate-limit`, init: json('PUT', { value: 7, frame: 'm' }) }),
    expect: signedInAnd(IN_REACH),
    effect: { check: async () => (await limitOf(world.domainOfA)) === '7 / 1m', by: ['daIn', 'admin'] },
    cleanup: async () => { await ctx.deps.redis.hdel('RL_VALUE', world.domainOfA); },
  },
  'GET /api/admin/mailboxes/:username/rate-limit': {
    request: () => ({ path: `/api/admin/mailboxes/${W.userA}/rate-limit` }),
    expect: signedInAnd(IN_REACH),
  },
  'PUT /api/admin/mailboxes/:username/rate-limit': {
    prepare: async () => { await ctx.deps.redis.hdel('RL_VALUE', W.userA); return {}; },
    request: () => ({ path: `/api/admin/mailboxes/${W.userA}/rate-limit`, init: json('PUT', { value: 3, frame: 'h' }) }),
    expect: signedInAnd(IN_REACH),
    effect: { check: async () => (await limitOf(W.userA)) === '3 / 1h', by: ['daIn', 'admin'] },
    cleanup: async () => { await ctx.deps.redis.hdel('RL_VALUE', W.userA); },
  },
};
