// The HTTP edge of the domain-admin routes: zod's per-field errors, the account a new domain admin
// signs in with and what it reaches, and its sessions ending when an admin removes or disables it.
import { describe, expect, it } from 'vitest';
import { createTestClient, PASSWORD, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { insertDomain, insertMailbox } from '../../lib/mailcow/provision.ts';

const ctx = useTestApp();

async function signedIn(name: string, password = PASSWORD) {
  const client = createTestClient(ctx);
  expect((await client.signIn(name, password)).status).toBe(200);
  return client;
}
type Failure = { error: { code: string; issues: { path: string }[] } };

describe('domain-admin routes', () => {
  it('names each bad field of a new domain admin, of an edit and of an ACL change', async () => {
    const w = await seedWorld(ctx);
    const admin = await signedIn(w.admin);
    const bad = await admin.api.admin['domain-admins'].$post({ json: { username: 'no spaces', domains: ['not a domain'], active: 'yes', extra: 1 } as never });
    expect(bad.status).toBe(400);
    const body = await bad.json() as unknown as Failure;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['', 'active', 'domains.0', 'username']);
    const edit = await admin.api.admin['domain-admins'][':username'].$patch({ param: { username: w.domainAdmin }, json: {} });
    expect(edit.status).toBe(400);
    const acl = await admin.api.admin['domain-admins'][':username'].acl.$put({ param: { username: w.domainAdmin }, json: { acl: { login_as: 'on' } } as never });
    expect(((await acl.json()) as unknown as Failure).error.issues.map((i) => i.path)).toEqual(['acl.login_as']);
    const userAcl = await admin.api.admin.mailboxes[':username'].acl.$put({ param: { username: w.user }, json: { acl: { superpowers: true } } as never });
    expect(userAcl.status).toBe(400);
    const param = await admin.api.admin['domain-admins'][':username'].$delete({ param: { username: 'a@b' } });
    expect(param.status).toBe(400);
  });

  it('makes an account that signs in as a domain admin of exactly its domains', async () => {
    const w = await seedWorld(ctx);
    const other = `o${uid()}.test`;
    await insertDomain(ctx.deps.db, other);
    const outside = await insertMailbox(ctx.deps.db, { localPart: 'olga', domain: other, passwordHash: w.hash });
    const admin = await signedIn(w.admin);
    const name = `fresh${uid()}`;
    const made = await admin.api.admin['domain-admins'].$post({ json: { username: name, domains: [w.domain] } });
    expect(made.status).toBe(201);
    const { generatedPassword } = await made.json();
    const da = await signedIn(name, generatedPassword);
    expect((await (await da.api.session.$get()).json()).session).toMatchObject({ role: 'domain_admin' });
    expect((await da.api.admin.mailboxes[':username'].acl.$get({ param: { username: w.user } })).status).toBe(200);
    expect((await da.api.admin.mailboxes[':username'].acl.$get({ param: { username: outside } })).status).toBe(404);
    expect((await da.api.admin['domain-admins'].$get()).status).toBe(403);
    expect((await da.api.admin['domain-admins'][':username'].acl.$get({ param: { username: name } })).status).toBe(200);
  });

  it('ends the sessions of a domain admin that is switched off or deleted', async () => {
    const w = await seedWorld(ctx);
    const admin = await signedIn(w.admin);
    const da = await signedIn(w.domainAdmin);
    const off = await admin.api.admin['domain-admins'][':username'].$patch({ param: { username: w.domainAdmin }, json: { active: false } });
    expect(off.status).toBe(200);
    expect((await da.api.admin['domain-admins'][':username'].acl.$get({ param: { username: w.domainAdmin } })).status).toBe(401);
    expect((await createTestClient(ctx).signIn(w.domainAdmin)).status).toBe(403);
    await admin.api.admin['domain-admins'][':username'].$patch({ param: { username: w.domainAdmin }, json: { active: true } });
    const again = await signedIn(w.domainAdmin);
    expect((await admin.api.admin['domain-admins'][':username'].$delete({ param: { username: w.domainAdmin } })).status).toBe(200);
    expect((await again.api.admin['domain-admins'][':username'].acl.$get({ param: { username: w.domainAdmin } })).status).toBe(401);
  });
});
