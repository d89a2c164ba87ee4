import type { Pinia } from 'pinia';
import { createRouter, createWebHistory } from 'vue-router';
import type { Role } from '../server/lib/roles.ts';
import { adminRoutes } from './features/admin/routes.ts';
import { authRoutes } from './features/auth/routes.ts';
import { userRoutes } from './features/home/routes.ts';
import { qhandlerRoutes } from './features/quarantine/routes.ts';
import { loadFeatureMessages } from './i18n/index.ts';
import { onSessionRefused } from './lib/api.ts';
import { appBase } from './lib/base-path.ts';
import { ApiError } from './lib/errors.ts';
import { useSessionStore } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    roles?: Role[];
    /** Features whose strings the page needs (features/<name>/i18n). */
    messages?: string[];
    /** i18n key of the page's name in the document title ("Quarantine · Cowbell"); see usePageTitle. */
    title?: string;
  }
}

/** mailcow's force_pw_update and force_tfa: the security page is the only one until they are done. */
function forcedAway(store: ReturnType<typeof useSessionStore>, at: unknown) {
  const a = store.active;
  const name = a?.role === 'user' ? 'security' : 'admin-security';
  return a && (a.mustChangePassword || a.mustEnrolTfa) && at !== name ? { name, query: { forced: null } } : null;
}

export function createAppRouter(pinia: Pinia) {
  const router = createRouter({
    history: createWebHistory(appBase),
    routes: [...authRoutes, ...qhandlerRoutes, ...userRoutes, ...adminRoutes, { path: '/:rest(.*)*', redirect: '/' }],
  });

  // The server decides who may do what; this guard only spares people pages they cannot use.
  router.beforeEach(async (to) => {
    const store = useSessionStore(pinia);
    if (!store.loaded) {
      try {
        await store.load();
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'network')) throw e;
        // Offline: keep the shell up on the page asked for; its data calls will say they are offline.
        return true;
      }
    }
    if (to.matched.some((r) => r.meta.public)) return store.active && to.name === 'sign-in' ? store.homePath : true;
    if (!store.active) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    // Each level may narrow who enters: a page for admins only inside the admin area of both kinds.
    const role = store.active.role;
    if (!to.matched.every((r) => !r.meta.roles || r.meta.roles.includes(role))) return store.homePath;
    return forcedAway(store, to.name) ?? true;
  });
  // A call refused because the session ended (elsewhere, or by a password change) or is held to a
  // password change: off to where the guard would send this session as the server now sees it.
  onSessionRefused(async () => {
    const store = useSessionStore(pinia);
    await store.load();
    const here = router.currentRoute.value;
    if (!store.active && !here.matched.some((r) => r.meta.public)) await router.replace({ name: 'sign-in', query: { next: here.fullPath } });
    else if (forcedAway(store, here.name)) await router.replace(forcedAway(store, here.name)!);
  });
  router.beforeResolve(async (to) => {
    const features = to.matched.flatMap((r) => r.meta.messages ?? []);
    if (features.length > 0) await loadFeatureMessages(features);
  });
  return router;
}
