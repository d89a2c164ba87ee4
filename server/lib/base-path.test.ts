// Cowbell under a path of mailcow's host (BASE_PATH=/cowbell/): the setting, every route answered
// under the prefix and nothing outside it, the shell naming its base, and cookies kept to the path.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestClient, seedWorld, testEnv, useTestApp, type TestContext } from '../test/helpers.ts';
import { pathUnderBase, publicUrl } from './base-path.ts';

const ctx = useTestApp({ BASE_PATH: '/cowbell/', PUBLIC_URL: 'https://mail.example.org/cowbell/' });
const at = 'http://localhost/cowbell';
const dist = mkdtempSync(join(tmpdir(), 'cowbell-base-'));
const app = createApp(ctx.deps, { staticDir: dist });
const shell = `<!doctype html><html><head><meta charset="UTF-8" /><base href="/" /><title>Cowbell</title></head><body>${'<div></div>'.repeat(100)}</body></html>`;

beforeAll(() => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), shell);
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{"start_url":"./","scope":"./"}');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'export {};');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) => app.request(`http://localhost${path}`, { headers });
const post = (path: string) => app.request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
/** Not answered by any route: the bare 404 that nginx would never even ask for. */
const notCowbells = (res: Response) => res.status === 404 && /^text\/plain/.test(res.headers.get('content-type') ?? '');

describe('the BASE_PATH setting', () => {
  it('is "/" by default and is kept with one slash at each end however it is written', () => {
    expect(testEnv().BASE_PATH).toBe('/');
    expect(testEnv({ BASE_PATH: 'cowbell' }).BASE_PATH).toBe('/cowbell/');
    expect(testEnv({ BASE_PATH: '/apps//cowbell' }).BASE_PATH).toBe('/apps/cowbell/');
    expect(testEnv({ BASE_PATH: '' }).BASE_PATH).toBe('/');
  });

  it('refuses paths with dot segments or characters a URL would have to escape', () => {
    for (const bad of ['/../cowbell/', '/a/./b/', '/co bell/', '/cow%62ell/', '/cowbell?x/']) {
      expect(() => testEnv({ BASE_PATH: bad }), bad).toThrow(/BASE_PATH/);
    }
  });

  it('must agree with the path of PUBLIC_URL, when that has one', () => {
    expect(() => testEnv({ BASE_PATH: '/cowbell/', PUBLIC_URL: 'https://mail.example.org/other/' })).toThrow(/PUBLIC_URL.*BASE_PATH=\/other\//);
    expect(() => testEnv({ PUBLIC_URL: 'https://mail.example.org/cowbell' })).toThrow(/PUBLIC_URL/);
    expect(testEnv({ BASE_PATH: '/cowbell/', PUBLIC_URL: 'https://mail.example.org/cowbell' }).BASE_PATH).toBe('/cowbell/');
    expect(testEnv({ BASE_PATH: '/cowbell/', PUBLIC_URL: 'https://mail.example.org' }).BASE_PATH).toBe('/cowbell/');
  });

  it('puts the prefix into the links Cowbell hands out (push notifications, digest mails)', () => {
    const env = testEnv({ BASE_PATH: '/cowbell/', PUBLIC_URL: 'https://mail.example.org' });
    expect(pathUnderBase(env, '/quarantine/5')).toBe('/cowbell/quarantine/5');
    expect(publicUrl(env, '/qhandler/release/abc')).toBe('https://mail.example.org/cowbell/qhandler/release/abc');
    expect(publicUrl(testEnv({ PUBLIC_URL: 'https://cowbell.example.org' }))).toBe('https://cowbell.example.org/');
  });
});

describe('an app under /cowbell/', () => {
  it('answers the API, the machine endpoints and the password-manager API below the prefix only', async () => {
    expect(await (await get('/cowbell/api/health')).json()).toEqual({ status: 'ok' });
    for (const path of ['/api/health', '/', '/sign-in', '/cowbellish/api/health', '/sw.js', '/manifest.webmanifest']) {
      expect(notCowbells(await get(path)), path).toBe(true);
    }
    for (const path of ['/ingest/rspamd', '/pipe.php', '/push-actions', '/api/session', '/api/alias/random/new']) {
      expect(notCowbells(await post(path)), path).toBe(true);
      expect(notCowbells(await post(`/cowbell${path}`)), `/cowbell${path}`).toBe(false);
    }
    // Bitwarden appends /api/… to the server URL as typed, so "https://host/cowbell/" sends a doubled slash.
    expect((await get('/cowbell//api/v1/aliases')).status).toBe(401);
  });

  it('sends the prefix without its slash to the prefix, query and all', async () => {
    const res = await get('/cowbell?next=%2Fquarantine');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/cowbell/?next=%2Fquarantine');
  });

  it("serves the shell with the prefix as its <base href>, by any of the app's paths, compressed when asked", async () => {
    for (const path of ['/cowbell/', '/cowbell/index.html', '/cowbell/quarantine/5']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("base-uri 'self'");
      expect(await res.text()).toBe(shell.replace('<base href="/" />', '<base href="/cowbell/">'));
    }
    const br = await get('/cowbell/aliases/new', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toContain('<base href="/cowbell/">');
  });

  it('serves the service worker, the manifest and the assets below the prefix', async () => {
    const sw = await get('/cowbell/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    // At the root of the scope it serves: no Service-Worker-Allowed needed.
    expect(sw.headers.get('service-worker-allowed')).toBeNull();
    expect(await (await get('/cowbell/manifest.webmanifest')).json()).toEqual({ start_url: './', scope: './' });
    expect((await get('/cowbell/assets/app-abc123.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the shell as built at "/"', async () => {
    const root = createApp({ ...ctx.deps, env: { ...ctx.deps.env, BASE_PATH: '/', PUBLIC_URL: 'https://cowbell.example.org' } }, { staticDir: dist });
    expect(await (await root.request('http://localhost/quarantine/5')).text()).toBe(shell);
    expect((await root.request('http://localhost/api/health')).status).toBe(200);
  });
});

const setCookies = (res: { headers: Headers }) => res.headers.getSetCookie();

describe('cookies under /cowbell/', () => {
  it('over HTTPS are __Secure- (not __Host-, which demands Path=/) and live on the prefix only', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx, { at });
    const res = await client.signIn(w.user);
    expect(res.status).toBe(200);
    const cookies = setCookies(res);
    for (const name of ['__Secure-cowbell_session', '__Secure-cowbell_csrf']) {
      const cookie = cookies.find((c) => c.startsWith(`${name}=`));
      expect(cookie, name).toMatch(/; Path=\/cowbell\/(;|$)/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).not.toMatch(/Domain=/i);
    }
    expect(cookies.join('\n')).not.toContain('__Host-');
    expect(await (await client.api.session.$get()).json()).toMatchObject({ session: { username: w.user, state: 'active' } });
    const out = await client.api.session.$delete();
    expect(setCookies(out).find((c) => c.startsWith('__Secure-cowbell_session='))).toMatch(/Max-Age=0.*Path=\/cowbell\/|Path=\/cowbell\/.*Max-Age=0/);
  });

  it('over plain HTTP keep their plain names, on the prefix', async () => {
    const plain: TestContext = { ...ctx, app: createApp({ ...ctx.deps, env: { ...ctx.deps.env, PUBLIC_URL: 'http://mail.example.org/cowbell/' } }) };
    const w = await seedWorld(ctx);
    const client = createTestClient(plain, { at });
    const cookies = setCookies(await client.signIn(w.user));
    expect(cookies.find((c) => c.startsWith('cowbell_session='))).toMatch(/; Path=\/cowbell\/(;|$)/);
    expect(cookies.find((c) => c.startsWith('cowbell_csrf='))).toMatch(/; Path=\/cowbell\/(;|$)/);
    expect(cookies.join('\n')).not.toMatch(/Secure/);
  });
});
