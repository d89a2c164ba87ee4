// /api/v1 quarantine items: get/quarantine, edit/qitem (release, learnham, learnspam), delete/qitem,
// with mailcow's list columns and keys, against a fake mail server and rspamd.
import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { startFakeRspamd, startSmtpSink } from '../../test/fakes.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';
import { entriesOf, listOf, objectOf } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const sink = await startSmtpSink();
const rspamd = await startFakeRspamd('rw-secret');
afterAll(async () => { await sink.close(); await rspamd.close(); });
const ctx = useTestApp({ INGEST_ALLOWED_NETWORKS: '', RELEASE_SMTP_PORT: String(sink.port), RSPAMD_CONTROLLER_URL: rspamd.url, RSPAMD_CONTROLLER_PASSWORD: 'rw-secret' }, 6);
beforeEach(async () => {
  await enableQuarantine(ctx);
  await ctx.deps.redis.set('Q_RELEASE_FORMAT', 'raw');
});
const text = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('quarantine items', () => {
  it('lists items in mailcow\'s columns, shows one whole, and answers [] when there are none', async () => {
    const s = await seedWorld(ctx);
    const scoped = v1(ctx, (await makeScopedKey(ctx, s.domainAdmin)).key);
    expect(await text(await scoped.get('get/quarantine/all'))).toEqual({ status: 200, body: '[]' });
    const item = await quarantineItem(ctx, s.user, { subject: 'Cheap meds' });
    const [row] = await listOf(scoped.get('get/quarantine/all'));
    expect(Object.keys(row)).toEqual(['id', 'qid', 'subject', 'virus_flag', 'score', 'rcpt', 'sender', 'action', 'created', 'notified']);
    expect(row).toMatchObject({ id: item.id, subject: 'Cheap meds', virus_flag: 0, rcpt: s.user, sender: 'spammer@example.net', action: 'reject', notified: 0 });
    expect(typeof row.created).toBe('number');
    const one = await objectOf(scoped.get(`get/quarantine/${item.id}`));
    expect(one).toMatchObject({ id: item.id, rcpt: s.user, subject: 'Cheap meds' });
    expect(String(one.msg)).toContain('Subject:');
    const out = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    expect(await text(await out.get('get/quarantine/all'))).toEqual({ status: 200, body: '[]' });
    expect(await text(await out.get(`get/quarantine/${item.id}`))).toEqual({ status: 200, body: '[]' });
  });

  it('releases, learns and deletes per item with mailcow\'s keys; another domain\'s item is access_denied', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    const [a, b, c] = [await quarantineItem(ctx, s.user), await quarantineItem(ctx, s.user), await quarantineItem(ctx, s.user)];
    const released = await entriesOf(api.post('edit/qitem', { items: [a.id], attr: { action: 'release' } }));
    expect(released).toEqual([{ type: 'success', log: ['quarantine', 'edit', { id: [a.id], action: 'release' }], msg: ['item_released', a.id] }]);
    expect(sink.messages.length).toBeGreaterThan(0);
    const spam = await entriesOf(api.post('edit/qitem', { items: [b.id], attr: { action: 'learnspam' } }));
    expect(spam).toMatchObject([{ type: 'success', msg: ['qlearn_spam', b.id] }]);
    const scopedOut = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    expect(await entriesOf(scopedOut.post('delete/qitem', [c.id]))).toEqual([{ type: 'danger', log: ['quarantine', 'delete', { id: [c.id] }], msg: 'access_denied' }]);
    expect(await entriesOf(api.post('delete/qitem', [c.id]))).toEqual([{ type: 'success', log: ['quarantine', 'delete', { id: [c.id] }], msg: ['item_deleted', c.id] }]);
    for (const id of [a.id, b.id, c.id]) expect(await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).toEqual([]);
  });
});
