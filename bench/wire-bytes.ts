// Bytes as Chromium receives them: a cold load of each route (fresh profile, no service worker),
// summed from CDP's Network.loadingFinished.encodedDataLength (body as sent, compressed or not, plus
// response headers), next to the decoded size of the same responses.
import { chromium, devices, type Browser } from '@playwright/test';

export interface RouteToLoad {
  name: string;
  path: string;
  /** `name=value; name=value` from a sign-in; absent for public pages. */
  cookie?: string;
  /** The route component's chunk name, e.g. `QuarantineListPage` (its JS and CSS are the route's own). */
  page: string;
}

export interface RouteBytes {
  name: string;
  requests: number;
  /** Everything the load fetched: HTML, JS, CSS, JSON, images. */
  allWire: number;
  jsCssWire: number;
  jsCssDecoded: number;
  /** The route component's own JS and CSS. */
  ownWire: number;
  /** Content-Encoding of the JS and CSS responses, e.g. { br: 12 }. */
  encodings: Record<string, number>;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

/** A sign-in's `name=value; name=value` as Playwright's cookies for the origin. */
export const cookiesFor = (origin: string, cookie: string) => cookie.split('; ').map((pair) => {
  const at = pair.indexOf('=');
  return { name: pair.slice(0, at), value: pair.slice(at + 1), url: origin };
});

interface Seen { url: string; encoding: string; wire: number; decoded: number; done: boolean }

async function loadRoute(browser: Browser, origin: string, route: RouteToLoad): Promise<RouteBytes> {
  const context = await browser.newContext({ ...devices['Pixel 7'], serviceWorkers: 'block' });
  if (route.cookie) await context.addCookies(cookiesFor(origin, route.cookie));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const seen = new Map<string, Seen>();
  const entry = (id: string) => seen.get(id) ?? seen.set(id, { url: '', encoding: 'identity', wire: 0, decoded: 0, done: false }).get(id)!;
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    Object.assign(entry(e.requestId), { url: e.response.url, encoding: headers['content-encoding'] ?? 'identity' });
  });
  cdp.on('Network.dataReceived', (e) => { entry(e.requestId).decoded += e.dataLength; });
  cdp.on('Network.loadingFinished', (e) => Object.assign(entry(e.requestId), { wire: e.encodedDataLength, done: true }));
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(`${origin}${route.path}`, { waitUntil: 'networkidle' });
  await context.close();

  const done = [...seen.values()].filter((s) => s.done && s.url);
  const jsCss = done.filter((s) => /\.(js|css)$/.test(new URL(s.url).pathname));
  const own = jsCss.filter((s) => new URL(s.url).pathname.split('/').pop()!.startsWith(`${route.page}-`));
  const sum = (list: Seen[], key: 'wire' | 'decoded') => list.reduce((n, s) => n + s[key], 0);
  const encodings: Record<string, number> = {};
  for (const s of jsCss) encodings[s.encoding] = (encodings[s.encoding] ?? 0) + 1;
  return { name: route.name, requests: done.length, allWire: sum(done, 'wire'), jsCssWire: sum(jsCss, 'wire'),
    jsCssDecoded: sum(jsCss, 'decoded'), ownWire: sum(own, 'wire'), encodings };
}

/**
 * What a first visit's service worker downloads into its precache, as sent: the precache requests are
 * the service worker's own, seen by Playwright on the context.
 */
async function precacheBytes(browser: Browser, origin: string): Promise<{ files: number; wire: number; encoded: number; admin: number }> {
  const context = await browser.newContext(devices['Pixel 7']);
  const sizes: Promise<{ wire: number; encoded: boolean; admin: boolean }>[] = [];
  context.on('requestfinished', (req) => {
    if (!req.serviceWorker()) return;
    sizes.push(Promise.all([req.sizes(), req.response()]).then(async ([s, res]) => ({
      wire: s.responseBodySize + s.responseHeadersSize,
      encoded: ['br', 'gzip'].includes((await res?.allHeaders())?.['content-encoding'] ?? ''),
      admin: req.url().includes('/assets/admin/'),
    })));
  });
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in`);
  // Runs in the page (a string would be eval, which the CSP refuses); Node's types have no DOM.
  await page.waitForFunction(() => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } })
    .navigator.serviceWorker.controller !== null);
  await page.waitForLoadState('networkidle');
  const all = await Promise.all(sizes);
  await context.close();
  return { files: all.length, wire: all.reduce((n, s) => n + s.wire, 0), encoded: all.filter((s) => s.encoded).length,
    admin: all.filter((s) => s.admin).length };
}

export async function measureWireBytes(origin: string, routes: RouteToLoad[]) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const perRoute: RouteBytes[] = [];
    for (const route of routes) perRoute.push(await loadRoute(browser, origin, route));
    return { perRoute, precache: await precacheBytes(browser, origin) };
  } finally {
    await browser.close();
  }
}
