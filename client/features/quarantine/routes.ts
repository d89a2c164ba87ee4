import type { RouteRecordRaw } from 'vue-router';

/** Children of the user shell (and of the admin area, which reuses the same pages). */
export const quarantineChildren = (prefix: string): RouteRecordRaw[] => [
  { path: 'quarantine', name: `${prefix}quarantine`, component: () => import('./pages/QuarantineListPage.vue'), meta: { messages: ['quarantine'] } },
  { path: 'quarantine/:id(\\d+)', name: `${prefix}quarantine-item`, component: () => import('./pages/QuarantineDetailPage.vue'), meta: { messages: ['quarantine'] } },
];

export const qhandlerRoutes: RouteRecordRaw[] = [
  { path: '/qhandler/:action(release|delete)/:hash([0-9a-f]{64})', name: 'qhandler', component: () => import('./pages/QHandlerPage.vue'), meta: { public: true, messages: ['quarantine'] } },
];
