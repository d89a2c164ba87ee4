// Where a tap on a notification goes. Pure, so it is tested without a service worker.

/**
 * The URL to open, absolute: an app path (sent with BASE_PATH) on the app's origin, or an absolute
 * http(s) URL as the server sent it (the user's webmail at the message). Anything else (a javascript:
 * URL, nonsense) opens the app. `inApp` says whether it lies under the app's scope.
 */
export function tapTarget(url: string | undefined, scope: string): { url: string; inApp: boolean } {
  let to: URL;
  try {
    to = new URL(url ?? '', scope);
  } catch {
    return { url: scope, inApp: true };
  }
  if (to.protocol !== 'https:' && to.protocol !== 'http:') return { url: scope, inApp: true };
  return { url: to.href, inApp: to.href.startsWith(scope) };
}
