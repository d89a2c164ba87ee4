import type { RouteRecordRaw } from 'vue-router';
import { aliasChildren } from '../aliases/routes.ts';
import { appPasswordChildren } from '../app-passwords/routes.ts';
import { identityChildren } from '../identities/routes.ts';
import { newMailChildren } from '../new-mail/routes.ts';
import { quarantineChildren } from '../quarantine/routes.ts';
import { securityChildren } from '../security/routes.ts';

const QUARANTINE_TITLES: Record<string, string> = { quarantine: 'nav.quarantine', 'quarantine-item': 'titles.quarantineItem' };

export const userRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('../user-shell/UserLayout.vue'),
    meta: { roles: ['user'] },
    children: [
      { path: '', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: 'nav.home', messages: ['home'] } },
      // A title the quarantine feature sets itself wins over this one.
      ...quarantineChildren('').map((r) => ({ ...r, meta: { title: QUARANTINE_TITLES[String(r.name)], ...r.meta } }) as RouteRecordRaw),
      ...aliasChildren,
      ...identityChildren,
      ...securityChildren,
      ...appPasswordChildren,
      ...newMailChildren,
      { path: 'settings', name: 'settings', component: () => import('../settings/pages/SettingsPage.vue'),
        meta: { title: 'nav.settings', messages: ['quarantine', 'push', 'aliases', 'pushover'] } },
    ],
  },
];
