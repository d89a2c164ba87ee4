// The mailbox routes through the typed client: per-field errors at the edge, the created mailbox
// (and a generated password) in the answer, edit and delete by address.
import { describe, expect, it } from 'vitest';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();

async function signedIn(name: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(name)).status).toBe(200);
  return client;
}

describe('the mailbox routes', () => {
  it('answer a bad request with every field that is wrong', async () => {
    const w = await seedWorld(ctx);
    const client = await signedIn(w.admin);
    const res = await client.api.admin.mailboxes.$post({ json: { localPart: '', domain: w.domain, quota: -5, active: 7 as 1, quarantineCategory: 'x' as 'all' } });
    expect(res.status).toBe(400);
    const { error } = await res.json() as unknown as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('validation_failed');
    expect(error.issues.map((i) => i.path).sort()).toEqual(['active', 'localPart', 'quarantineCategory', 'quota']);
  });

  it('create, edit and delete a mailbox by its address', async () => {
    const w = await seedWorld(ctx);
    const client = await signedIn(w.domainAdmin);
    const created = await client.api.admin.mailboxes.$post({ json: { localPart: 'Neu', domain: w.domain, name: 'Neu', quota: 100 } });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.mailbox).toMatchObject({ username: `neu@${w.domain}`, quota: 100, active: 1 });
    expect(body.generatedPassword).toMatch(/^.{20}$/);
    const param = { username: `NEU@${w.domain}` };
    const edited = await client.api.admin.mailboxes[':username'].$patch({ param, json: { active: 2, quarantineNotification: 'weekly' } });
    expect(edited.status).toBe(200);
    expect((await edited.json()).mailbox).toMatchObject({ active: 2, quarantineNotification: 'weekly' });
    expect((await client.api.admin.mailboxes[':username'].$delete({ param })).status).toBe(200);
    expect((await client.api.admin.mailboxes[':username'].$delete({ param })).status).toBe(404);
  });
});
