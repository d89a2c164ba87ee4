import type { RouteRecordRaw } from 'vue-router';

/** Child of the user shell, under Settings: the rules for new-mail push (issue 12). */
export const newMailChildren: RouteRecordRaw[] = [
  { path: 'settings/new-mail', name: 'new-mail-settings', component: () => import('./pages/NewMailSettingsPage.vue'),
    meta: { title: 'newMail.title', messages: ['new-mail', 'push'] } },
];
