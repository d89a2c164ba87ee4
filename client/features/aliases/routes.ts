import type { RouteRecordRaw } from 'vue-router';

// Children of the user shell. /aliases/new is where the "New alias" button, the home-screen shortcut
// and pages shared to the app (manifest share_target) arrive.
export const aliasChildren: RouteRecordRaw[] = [
  { path: 'aliases', name: 'aliases', component: () => import('./pages/AliasesPage.vue'), meta: { title: 'nav.aliases', messages: ['aliases'] } },
  { path: 'aliases/new', name: 'alias-new', component: () => import('./pages/NewAliasPage.vue'), meta: { title: 'titles.newAlias', messages: ['aliases'] } },
];
