import type { RouteRecordRaw } from 'vue-router';
import { quarantineChildren } from '../quarantine/routes.ts';

// Everything here is lazy: a phone user's path never downloads admin code.
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    component: () => import('./AdminLayout.vue'),
    meta: { roles: ['admin', 'domain_admin'] },
    children: [
      { path: '', name: 'admin-overview', component: () => import('./pages/AdminOverviewPage.vue') },
      ...quarantineChildren('admin-'),
      { path: 'settings', name: 'admin-settings', component: () => import('../settings/pages/SettingsPage.vue'), meta: { messages: ['quarantine', 'push'] } },
    ],
  },
];
