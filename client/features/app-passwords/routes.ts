import type { RouteRecordRaw } from 'vue-router';

/** Child of the user shell: passwords for mail apps (from Settings and the Security page). */
export const appPasswordChildren: RouteRecordRaw[] = [
  { path: 'app-passwords', name: 'app-passwords', component: () => import('./pages/AppPasswordsPage.vue'),
    meta: { title: 'appPasswords.title', messages: ['app-passwords'] } },
];
