import type { RouteRecordRaw } from 'vue-router';

// Everything here is lazy: a phone user's path never downloads admin code. The admin area has its
// own quarantine pages (recipient, domain and mailbox filters, the viewer's own read state).
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    component: () => import('./AdminLayout.vue'),
    meta: { roles: ['admin', 'domain_admin'], messages: ['admin'] },
    children: [
      { path: '', name: 'admin-overview', component: () => import('./pages/AdminOverviewPage.vue'), meta: { title: 'nav.overview' } },
      { path: 'quarantine', name: 'admin-quarantine', component: () => import('./quarantine/pages/AdminQuarantineListPage.vue'), meta: { title: 'nav.quarantine' } },
      { path: 'quarantine/:id(\\d+)', name: 'admin-quarantine-item', component: () => import('./quarantine/pages/AdminQuarantineDetailPage.vue'), meta: { title: 'titles.quarantineItem', messages: ['quarantine'] } },
      { path: 'domains', name: 'admin-domains', component: () => import('./directory/pages/AdminDomainsPage.vue'), meta: { title: 'adminDirectory.domains', messages: ['admin/directory', 'admin/dkim'] } },
      { path: 'mailboxes', name: 'admin-mailboxes', component: () => import('./directory/pages/AdminMailboxesPage.vue'), meta: { title: 'adminDirectory.mailboxes', messages: ['admin/directory'] } },
      { path: 'mailboxes/:username/send-as', name: 'admin-sender-acl', component: () => import('./sender-acl/AdminSenderAclPage.vue'), meta: { title: 'adminSendAs.pageTitle' } },
      { path: 'mailboxes/:username/acl', name: 'admin-user-acl', component: () => import('./domain-admins/pages/AdminUserAclPage.vue'), meta: { title: 'adminShell.userAclLink', messages: ['admin/domain-admins'] } },
      { path: 'domain-admins', name: 'admin-domain-admins', component: () => import('./domain-admins/pages/AdminDomainAdminsPage.vue'), meta: { title: 'adminShell.domainAdminsNav', roles: ['admin'], messages: ['admin/domain-admins'] } },
      { path: 'permissions', name: 'admin-own-acl', component: () => import('./domain-admins/pages/AdminOwnAclPage.vue'), meta: { title: 'adminShell.ownAclNav', roles: ['domain_admin'], messages: ['admin/domain-admins'] } },
      { path: 'dkim', name: 'admin-dkim', component: () => import('./dkim/pages/AdminDkimPage.vue'), meta: { title: 'adminDkim.title', roles: ['admin'], messages: ['admin/dkim'] } },
      { path: 'api-keys', name: 'admin-api-keys', component: () => import('./api-keys/pages/AdminApiKeysPage.vue'), meta: { title: 'adminShell.apiKeysNav', messages: ['admin/api-keys'] } },
      { path: 'logs', name: 'admin-logs', component: () => import('./logs/pages/AdminLogsPage.vue'), meta: { title: 'adminShell.logsNav', roles: ['admin'], messages: ['admin/logs'] } },
      { path: 'import', name: 'admin-import', component: () => import('./import/pages/AdminImportPage.vue'), meta: { title: 'import.title' } },
      { path: 'aliases', name: 'admin-aliases', component: () => import('./aliases/pages/AdminAliasesPage.vue'), meta: { title: 'adminDirectory.aliases', messages: ['admin/aliases'] } },
      { path: 'security', name: 'admin-security', component: () => import('../security/pages/SecurityPage.vue'), meta: { title: 'security.title', messages: ['security'] } },
      { path: 'quarantine-settings', name: 'admin-quarantine-settings', component: () => import('./quarantine-settings/AdminQuarantineSettingsPage.vue'), meta: { title: 'quarantineSettings.title', roles: ['admin'], messages: ['admin/quarantine-settings'] } },
      { path: 'announcement', name: 'admin-announcement', component: () => import('./announcement/AdminAnnouncementPage.vue'), meta: { title: 'adminAnnouncement.title', roles: ['admin'], messages: ['admin/announcement'] } },
      { path: 'settings', name: 'admin-settings', component: () => import('../settings/pages/SettingsPage.vue'), meta: { title: 'nav.settings', messages: ['quarantine', 'push'] } },
    ],
  },
];
