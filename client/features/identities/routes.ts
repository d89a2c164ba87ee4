import type { RouteRecordRaw } from 'vue-router';

/** Child of the user shell: the addresses a user sends as and their identities (from Settings). */
export const identityChildren: RouteRecordRaw[] = [
  { path: 'identities', name: 'identities', component: () => import('./pages/IdentitiesPage.vue'), meta: { title: 'titles.identities', messages: ['identities'] } },
];
