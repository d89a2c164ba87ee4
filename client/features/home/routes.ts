import type { RouteRecordRaw } from 'vue-router';
import { quarantineChildren } from '../quarantine/routes.ts';

export const userRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('../user-shell/UserLayout.vue'),
    meta: { roles: ['user'] },
    children: [
      { path: '', name: 'home', component: () => import('./pages/HomePage.vue') },
      ...quarantineChildren(''),
      { path: 'settings', name: 'settings', component: () => import('../settings/pages/SettingsPage.vue'), meta: { messages: ['quarantine', 'push'] } },
    ],
  },
];
