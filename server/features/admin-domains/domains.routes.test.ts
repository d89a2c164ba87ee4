// The HTTP edge of the domain routes: zod's per-field errors, IDN names in the path, the list still whole.
import { describe, expect, it } from 'vitest';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();

async function signedIn(name: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(name)).status).toBe(200);
  return client;
}

describe('domain routes', () => {
  it('names each bad field, creates, edits, previews and deletes by the Unicode or punycode name', async () => {
    const w = await seedWorld(ctx);
    const admin = await signedIn(w.admin);
    const bad = await admin.api.admin.domains.$post({ json: { domain: 'no domain', quota: -1, gal: 'yes' as never, extra: 1 } as never });
    expect(bad.status).toBe(400);
    const body = await bad.json() as unknown as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['', 'domain', 'gal', 'quota']);

    const id = uid();
    const made = await admin.api.admin.domains.$post({ json: { domain: `Straße-${id}.test`, maxquota: 2048, defquota: 1024, quota: 4096 } });
    expect(made.status).toBe(201);
    const name = (await made.json()).domain.domain;
    expect(name).toMatch(/^xn--/);
    const limits = await admin.api.admin.domains[':domain'].$patch({ param: { domain: `Straße-${id}.test` }, json: { defquota: 4096 } });
    expect(limits.status).toBe(400);
    expect((await limits.json() as unknown as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['defquota']);
    const preview = await admin.api.admin.domains[':domain']['delete-preview'].$get({ param: { domain: name } });
    expect(await preview.json()).toEqual({ preview: { domain: name, mailboxes: 0, aliases: 0, aliasDomains: [], domainAdmins: 0, deletable: true } });
    expect((await admin.api.admin.domains.$get()).status).toBe(200);
    expect((await admin.api.admin.domains[':domain'].$delete({ param: { domain: name } })).status).toBe(200);
    const notEmpty = await admin.api.admin.domains[':domain'].$delete({ param: { domain: w.domain } });
    expect(notEmpty.status).toBe(409);
  });
});
