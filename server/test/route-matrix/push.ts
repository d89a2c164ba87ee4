import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { ctx, W, only, USERS, json, uid, type RouteCase } from './kit.ts';

async function deviceOfA() {
  const deviceId = `dev${uid()}`;
  // Straight into the table: an endpoint that refuses connections at once, so "test" ends quickly.
  await ctx.deps.db.insert(cowbellPushSubscriptions).values({ username: W.userA, deviceId, name: 'A phone',
    endpoint: 'https://127.0.0.1:9/push', p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' });
  return deviceId;
}

export const routes: Record<string, RouteCase> = {
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
};
