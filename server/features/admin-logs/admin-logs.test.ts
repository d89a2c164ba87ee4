// mailcow's logs table and API_LOG, read by an admin: filters, newest first, pages that go on.
import { describe, expect, it } from 'vitest';
import { logs } from '../../../db/schema/audit.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import type { AppError } from '../../lib/errors.ts';
import { phpJson } from '../api-v1/php-json.ts';
import { seedWorld, signedInClient, uid, useTestApp } from '../../test/helpers.ts';
import { makeMailcowKey, v1 } from '../../test/v1-harness.ts';
import { readApiLog, readUiLog } from './admin-logs.service.ts';

const ctx = useTestApp();
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.3', freshProof: true });
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

describe('the logs table', () => {
  it('filters by user, type and text, newest first, in pages by id', async () => {
    const w = await seedWorld(ctx);
    const who = `u${uid()}`;
    const rows = Array.from({ length: 60 }, (_, i) => ({
      task: 'ABCDEF', type: i % 2 ? 'danger' : 'success', msg: JSON.stringify(['mailbox_added', `m${i}@x.test`]),
      call: JSON.stringify(['mailbox', 'add', { n: i }]), user: who, role: 'admin', remote: '192.0.2.8', time: 1_700_000_000 + i,
    }));
    await ctx.deps.db.insert(logs).values(rows);
    const adm = as(w.admin, 'admin');
    const first = await readUiLog(ctx.deps, adm, { user: who });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]).toMatchObject({ user: who, role: 'admin', remote: '192.0.2.8', msg: ['mailbox_added', 'm59@x.test'], call: ['mailbox', 'add', { n: 59 }] });
    expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((a, b) => b - a));
    const second = await readUiLog(ctx.deps, adm, { user: who, before: first.next! });
    expect(second.rows.map((r) => (r.call as [string, string, { n: number }])[2].n)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(second.next).toBeNull();
    expect((await readUiLog(ctx.deps, adm, { user: who, type: 'danger' })).rows.every((r) => r.type === 'danger')).toBe(true);
    expect((await readUiLog(ctx.deps, adm, { user: who, q: 'm42@' })).rows.map((r) => r.time)).toEqual([1_700_000_042]);
    // LIKE's wildcards are taken literally.
    expect((await readUiLog(ctx.deps, adm, { user: who, q: '%' })).rows).toEqual([]);
  });

  it('reads a bounded range of ids a page, and says where to go on when it found little', async () => {
    const w = await seedWorld(ctx);
    const who = `r${uid()}`;
    const row = { task: 'ABCDEF', type: 'info', msg: '"x"', call: '[]', user: who, role: 'admin', remote: '192.0.2.9', time: 1_700_000_000 };
    const [{ id: low }] = await ctx.deps.db.insert(logs).values(row).$returningId();
    await ctx.deps.db.insert(logs).values({ ...row, id: low + 150_000 });
    const adm = as(w.admin, 'admin');
    const first = await readUiLog(ctx.deps, adm, { user: who });
    expect(first.rows.map((r) => r.id)).toEqual([low + 150_000]);
    expect(first.next).not.toBeNull();
    let page = first;
    const found = [...first.rows];
    while (page.next !== null && found.length < 2) {
      page = await readUiLog(ctx.deps, adm, { user: who, before: page.next });
      found.push(...page.rows);
    }
    expect(found.map((r) => r.id)).toEqual([low + 150_000, low]);
  });

  it('shows who changed an API key from where', async () => {
    const w = await seedWorld(ctx);
    const client = await signedInClient(ctx, w.domainAdmin);
    await client.api.admin['scoped-keys'].$post({ json: { name: `n${uid()}`, access: 'ro' } });
    const page = await readUiLog(ctx.deps, as(w.admin, 'admin'), { user: w.domainAdmin, q: 'cowbell_api_key' });
    expect(page.rows[0]).toMatchObject({ user: w.domainAdmin, role: 'domainadmin', remote: expect.stringMatching(/^10\./), call: ['cowbell_api_key', 'add', expect.anything()] });
  });

  it('is for admins only', async () => {
    const w = await seedWorld(ctx);
    expect(await codeOf(readUiLog(ctx.deps, as(w.domainAdmin, 'domain_admin'), {}))).toBe('forbidden');
    expect(await codeOf(readApiLog(ctx.deps, as(w.domainAdmin, 'domain_admin'), {}))).toBe('forbidden');
  });
});

describe('API_LOG', () => {
  it('lists /api/v1 calls newest first, filtered by text, method and address, and goes on where it stopped', async () => {
    const w = await seedWorld(ctx);
    const adm = as(w.admin, 'admin');
    const marker = `mk${uid()}`;
    const key = await makeMailcowKey(ctx);
    await v1(ctx, key).get(`get/status/version?${marker}=1`);
    await v1(ctx, key).post('add/no-such-thing', { name: marker, password: 'secret' });
    const both = await readApiLog(ctx.deps, adm, { q: marker });
    expect(both.rows.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(both.rows[0]).toMatchObject({ uri: '/api/v1/add/no-such-thing', remote: '127.0.0.1' });
    expect(both.rows[0].data).toContain('"password":"*"');
    expect((await readApiLog(ctx.deps, adm, { q: marker, method: 'GET' })).rows).toHaveLength(1);
    expect((await readApiLog(ctx.deps, adm, { q: marker, remote: '192.0.2.1' })).rows).toHaveLength(0);
    // 120 more lines of one marker: a full page, then the rest from where the first stopped.
    const many = `mm${uid()}`;
    await ctx.deps.redis.lpush('API_LOG', ...Array.from({ length: 120 }, (_, i) => phpJson({ time: i, uri: `/api/v1/get/x/${many}`, method: 'GET', remote: '192.0.2.2', data: '' })));
    const page1 = await readApiLog(ctx.deps, adm, { q: many });
    expect(page1.rows.map((r) => r.time).slice(0, 3)).toEqual([119, 118, 117]);
    const page2 = await readApiLog(ctx.deps, adm, { q: many, from: page1.next! });
    const page3 = await readApiLog(ctx.deps, adm, { q: many, from: page2.next! });
    expect([...page1.rows, ...page2.rows, ...page3.rows].map((r) => r.time)).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i));
  });
});
