import type { RouteRecordRaw } from 'vue-router';

export const userRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('../user-shell/UserLayout.vue'),
    meta: { roles: ['user'] },
    children: [
      { path: '', name: 'home', component: () => import('./pages/HomePage.vue') },
      { path: 'settings', name: 'settings', component: () => import('../settings/pages/SettingsPage.vue') },
    ],
  },
];
