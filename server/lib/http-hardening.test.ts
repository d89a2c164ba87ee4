// Body limits, security headers and the cookie rule, through the whole app.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT } from '../app.ts';
import { createTestClient, fromSocket, seedWorld, useTestApp } from '../test/helpers.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

const ctx = useTestApp();
const behindTls = useTestApp({ PUBLIC_URL: 'https://cowbell.example.test', COOKIE_SECURE: 'auto', TRUST_PROXY: '0' });
const proxied = useTestApp({ TRUST_PROXY: '10.9.0.0/16', INGEST_SECRET: 'a-long-shared-secret-123' });

/** A body of `size` bytes streamed in 64 KiB chunks, counting how much the server actually pulled. */
function countedBody(size: number) {
  const chunk = new Uint8Array(65536).fill(0x61);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= size) { controller.close(); return; }
      state.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

describe('body limits', () => {
  it.each(['/push-actions', '/api/session', '/api/quarantine/actions', '/api/nope'])('refuses a 150 MB stream to %s after reading little of it', async (path) => {
    const { stream, state } = countedBody(150 * 1048576);
    const res = await ctx.app.request(path, { method: 'POST', body: stream, headers: { 'content-type': 'application/json' },
      duplex: 'half' }, fromSocket('127.0.0.1'));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'payload_too_large', message: 'The request body is too large.', issues: [] } });
    expect(state.pulled).toBeLessThan(2 * 1048576);
  });

  it('refuses a declared oversized body without reading it', async () => {
    const { stream, state } = countedBody(150 * 1048576);
    const res = await ctx.app.request('/push-actions', { method: 'POST', body: stream,
      headers: { 'content-type': 'application/json', 'content-length': String(150 * 1048576) },
      duplex: 'half' }, fromSocket('127.0.0.1'));
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(65536 * 2);
  });

  it('still takes ordinary bodies up to the limit', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.api.session.$get();
    const res = await client.api.session.$post({ json: { username: w.user, password: 'x'.repeat(1000) } });
    expect(res.status).toBe(401);
    expect(DEFAULT_BODY_LIMIT).toBeGreaterThanOrEqual(16 * 1024);
  });
});

describe('security headers', () => {
  it('gives pages a CSP without inline script, COOP, Permissions-Policy and no framing', async () => {
    const res = await ctx.app.request('/quarantine', {}, fromSocket('127.0.0.1'));
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const scriptSrc = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(scriptSrc).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS over HTTPS: directly, behind a trusted proxy, or when PUBLIC_URL is https', async () => {
    expect((await ctx.app.request('https://cowbell.test/api/health', {}, fromSocket('127.0.0.1'))).headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect((await behindTls.app.request('/api/health', {}, fromSocket('127.0.0.1'))).headers.get('strict-transport-security')).toMatch(/max-age/);
    const viaProxy = (peer: string) => proxied.app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } }, fromSocket(peer));
    expect((await viaProxy('10.9.1.2')).headers.get('strict-transport-security')).toMatch(/max-age/);
    expect((await viaProxy('192.0.2.1')).headers.get('strict-transport-security')).toBeNull();
  });

  it('keeps every API answer, errors included, out of caches (secrets shown once travel this way)', async () => {
    for (const path of ['/api/health', '/api/session', '/api/me']) {
      expect((await ctx.app.request(path, {}, fromSocket('127.0.0.1'))).headers.get('cache-control'), path).toBe('no-store');
    }
  });
});

describe('cookies', () => {
  const cookiesOf = async (app: typeof ctx, init: RequestInit = {}, peer = '127.0.0.1', url = '/api/session') =>
    (await app.app.request(url, init, fromSocket(peer))).headers.getSetCookie();

  it('are Secure with the __Host- prefix behind TLS even when the proxy is not trusted (PUBLIC_URL is https)', async () => {
    const [csrf] = await cookiesOf(behindTls);
    expect(csrf).toMatch(/^__Host-cowbell_csrf=/);
    expect(csrf).toMatch(/Secure/);
    expect(csrf).toMatch(/Path=\//);
    expect(csrf).not.toMatch(/Domain=/);
  });

  it('believe X-Forwarded-Proto only from the configured proxies', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    expect((await cookiesOf(proxied, { headers }, '10.9.3.4'))[0]).toMatch(/^__Host-cowbell_csrf=.*Secure/);
    expect((await cookiesOf(proxied, { headers }, '192.0.2.1'))[0]).toMatch(/^cowbell_csrf=/);
    expect((await cookiesOf(proxied, { headers }, '192.0.2.1'))[0]).not.toMatch(/Secure/);
  });

  it('are plain over plain HTTP', async () => {
    const [csrf] = await cookiesOf(ctx);
    expect(csrf).toMatch(/^cowbell_csrf=/);
    expect(csrf).not.toMatch(/Secure/);
  });
});
