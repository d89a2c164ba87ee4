import type { RouteRecordRaw } from 'vue-router';

/** Child of the user shell: password and browser sessions (from Settings; forced after sign-in by force_pw_update). */
export const securityChildren: RouteRecordRaw[] = [
  { path: 'security', name: 'security', component: () => import('./pages/SecurityPage.vue'), meta: { title: 'security.title', messages: ['security'] } },
];
