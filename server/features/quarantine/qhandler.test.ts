import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAcl } from '../../../db/schema/access.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { startFakeRspamd, startSmtpSink } from '../../test/fakes.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';

const sink = await startSmtpSink();
const rspamd = await startFakeRspamd('pw');
afterAll(async () => { await sink.close(); await rspamd.close(); });
const ctx = useTestApp({ RELEASE_SMTP_PORT: String(sink.port), RSPAMD_CONTROLLER_URL: rspamd.url, RSPAMD_CONTROLLER_PASSWORD: 'pw' }, 6);
beforeAll(() => enableQuarantine(ctx));

async function linkFor(rcpt: string) {
  const item = await quarantineItem(ctx, rcpt, { subject: 'Win a prize' });
  const [row] = await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, item.id));
  return { id: item.id, hash: row.qhash! };
}

async function anonymous() {
  const client = createTestClient(ctx);
  await client.api.session.$get();
  return client;
}

describe('qhandler links (no sign-in)', () => {
  it('shows the reduced detail and releases without learning', async () => {
    const w = await seedWorld(ctx);
    const { id, hash } = await linkFor(w.user);
    const client = await anonymous();
    const view = await (await client.api.qhandler[':hash'].$get({ param: { hash } })).json();
    expect(view).toMatchObject({ subject: 'Win a prize', rcpt: w.user, sender: 'spammer@example.net', action: 'reject' });
    const res = await client.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'release' } });
    expect(await res.json()).toEqual({ id, ok: true });
    expect(sink.messages.some((m) => m.to.includes(w.user))).toBe(true);
    expect(rspamd.calls).toEqual([]);
    expect((await client.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(404);
  });

  it('deletes through the delete link', async () => {
    const w = await seedWorld(ctx);
    const { id, hash } = await linkFor(w.user);
    await (await anonymous()).api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } });
    expect(await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).toEqual([]);
  });

  it('refuses when the mailbox lacks the quarantine ACL, for malformed hashes, and without CSRF', async () => {
    const w = await seedWorld(ctx);
    const { hash } = await linkFor(w.user);
    const client = await anonymous();
    expect((await client.api.qhandler[':hash'].$get({ param: { hash: hash.toUpperCase() } })).status).toBe(400);
    expect((await client.api.qhandler[':hash'].$get({ param: { hash: 'a'.repeat(64) } })).status).toBe(404);
    const noCsrf = createTestClient(ctx, { omitCsrf: true });
    await noCsrf.api.session.$get();
    expect((await noCsrf.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } })).status).toBe(403);
    await ctx.deps.db.update(userAcl).set({ quarantine: 0 }).where(eq(userAcl.username, w.user));
    expect((await client.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(404);
    expect((await client.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } })).status).toBe(404);
  });
});
