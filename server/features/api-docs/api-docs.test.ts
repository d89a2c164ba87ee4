// Cowbell's OpenAPI document is generated from the routes: every route is in it, with the schema its
// validator checks and the permission its gate serves; and the interactive page runs under the CSP.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../lib/security-headers.ts';
import { useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();
type Doc = { openapi: string; paths: Record<string, Record<string, { description?: string; 'x-cowbell-permission'?: string; requestBody?: { content: Record<string, { schema: unknown }> }; parameters?: { name: string; in: string }[] }>> };
const document = async () => (await (await ctx.app.request('/api/openapi.json')).json()) as Doc;
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

describe('the OpenAPI document', () => {
  it('lists every route of Cowbell\'s API by method, and none of mailcow\'s /api/v1', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    const routes = ctx.app.routes.filter((r) => r.path.startsWith('/api/') && !r.path.includes('*') && r.method !== 'ALL');
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes.filter((r) => !doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/') && p !== '/api/v1/aliases')).toEqual([]);
  });

  it('describes a body by the zod schema its route validates, and who may call it', async () => {
    const doc = await document();
    const signIn = doc.paths['/api/session'].post.requestBody!.content['application/json'].schema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(signIn.properties)).toEqual(expect.arrayContaining(['username', 'password']));
    expect(signIn.required).toEqual(expect.arrayContaining(['username', 'password']));
    const domains = doc.paths['/api/admin/domains'].post;
    expect(domains['x-cowbell-permission']).toBe('domain.create');
    expect(domains.description).toContain('admin');
    const quarantine = doc.paths['/api/quarantine'].get;
    expect(quarantine.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['query:limit']));
  });
});

describe('the interactive page', () => {
  it('is served under the app\'s CSP with its scripts as files, and its assets load', async () => {
    const page = await ctx.app.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!<)/);
    for (const src of ['docs/swagger-ui-bundle.js', 'docs/init.js', 'docs/swagger-ui.css']) {
      expect(html).toContain(src);
      const res = await ctx.app.request(`/api/${src}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, src).toBe(200);
    }
    const bundle = await ctx.app.request('/api/docs/swagger-ui-bundle.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect((await ctx.app.request('/api/docs/../../etc/passwd')).status).toBe(404);
  });
});
