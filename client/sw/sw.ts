/// <reference lib="webworker" />
// Cowbell's service worker: precache the shell, serve it for navigations, never touch /api/, and
// hand push events to their handlers.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { onNotificationClick, onPush } from './push-handlers.ts';

declare const self: ServiceWorkerGlobalScope;

// The precache names files relative to this script, so it serves whatever path the app is under.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Offline navigations get the app shell; API calls always go to the network (nothing is cached).
// The scope is the app's base ("/" or e.g. "/cowbell/"), which BASE_PATH only allows to be plain path characters.
const base = new URL(self.registration.scope).pathname.replace(/[.]/g, '\\.');
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [new RegExp(`^${base}(?:api|qhandler)/`)] }));

// A waiting version takes over only when the page asks (prompt-to-update).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('push', (event) => event.waitUntil(onPush(event)));
self.addEventListener('notificationclick', (event) => event.waitUntil(onNotificationClick(event)));
