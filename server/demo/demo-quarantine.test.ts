// The demo's quarantine, seeded through the real ingest route of a Cowbell listening on HTTP (as
// `npm start` does without its mail stack), into this test's own domain.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarantine } from '../../db/schema/quarantine.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { createTestClient, seedWorld, useTestApp } from '../test/helpers.ts';
import { DEMO_MAILS, demoVerdicts } from './demo-mails.ts';
import { DEMO_QUARANTINE_SETTINGS, enableDemoQuarantine, seedDemoQuarantine } from './demo-quarantine.ts';
import { demoRspamdLua } from './demo-rspamd.ts';

const ctx = useTestApp({}, 2);
const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
let ingestUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  ingestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest/rspamd`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const KEYS = Object.keys(DEMO_QUARANTINE_SETTINGS);

describe('demo quarantine', () => {
  it("switches the quarantine on with the demo's values, keeping values already set", async () => {
    await ctx.deps.redis.del(...KEYS);
    await enableDemoQuarantine(ctx.deps.redis);
    expect(await ctx.deps.redis.mget(...KEYS)).toEqual(Object.values(DEMO_QUARANTINE_SETTINGS));
    await ctx.deps.redis.set('Q_RETENTION_SIZE', '7');
    await enableDemoQuarantine(ctx.deps.redis);
    expect(await ctx.deps.redis.get('Q_RETENTION_SIZE')).toBe('7');
    await ctx.deps.redis.set('Q_RETENTION_SIZE', DEMO_QUARANTINE_SETTINGS.Q_RETENTION_SIZE);
  });

  it('is filled through the ingest route once: a second seeding adds nothing, the users see their mails', async () => {
    await enableDemoQuarantine(ctx.deps.redis);
    const w = await seedWorld(ctx);
    const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const rows = () => ctx.deps.db.select().from(quarantine).where(inArray(quarantine.rcpt, [w.user, bob]));

    const first = await seedDemoQuarantine(ctx.deps.db, { via: 'ingest', url: ingestUrl }, w.domain);
    expect(first.sent.map((s) => s.key)).toEqual(DEMO_MAILS.map((m) => m.key));
    expect(first.present).toEqual([]);
    const seeded = await rows();
    expect(seeded).toHaveLength(DEMO_MAILS.length);

    const second = await seedDemoQuarantine(ctx.deps.db, { via: 'ingest', url: ingestUrl }, w.domain);
    expect(second).toEqual({ sent: [], present: DEMO_MAILS.map((m) => m.key) });
    expect(await rows()).toHaveLength(DEMO_MAILS.length);

    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const { items } = await (await client.api.quarantine.$get({ query: {} })).json();
    const alices = DEMO_MAILS.filter((m) => m.to === 'alice');
    expect(items.map((i) => i.subject).sort()).toEqual(alices.map((m) => m.subject).sort());
    const bySubject = (key: string) => items.find((i) => i.subject === DEMO_MAILS.find((m) => m.key === key)!.subject)!;
    expect(bySubject('virus')).toMatchObject({ virus: true, action: 'reject' });
    expect(bySubject('phishing')).toMatchObject({ virus: false, action: 'reject', sender: 'bounce@accounts-verify.example' });
    expect(bySubject('lottery').action).toBe('add header');
  });

  it('puts back a demo mail that was deleted, and only that one', async () => {
    await enableDemoQuarantine(ctx.deps.redis);
    const w = await seedWorld(ctx);
    await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    await seedDemoQuarantine(ctx.deps.db, { via: 'ingest', url: ingestUrl }, w.domain);
    const [virus] = await ctx.deps.db.select().from(quarantine)
      .where(and(eq(quarantine.rcpt, w.user), eq(quarantine.subject, DEMO_MAILS.find((m) => m.key === 'virus')!.subject)));
    await ctx.deps.db.delete(quarantine).where(eq(quarantine.id, virus.id));
    const again = await seedDemoQuarantine(ctx.deps.db, { via: 'ingest', url: ingestUrl }, w.domain);
    expect(again.sent.map((s) => s.key)).toEqual(['virus']);
  });

  it('says so when the quarantine is off, instead of waiting for mails that never come', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.redis.del('Q_MAX_SIZE');
    try {
      await expect(seedDemoQuarantine(ctx.deps.db, { via: 'ingest', url: ingestUrl }, w.domain)).rejects.toThrow(/quarantine_off/);
    } finally {
      await enableDemoQuarantine(ctx.deps.redis);
    }
  });
});

describe("the demo's rspamd rule", () => {
  it('gives every symbol one score across verdicts and knows every verdict', () => {
    const scores = new Map<string, Set<number>>();
    for (const list of Object.values(demoVerdicts())) for (const s of list) scores.set(s.name, (scores.get(s.name) ?? new Set()).add(s.score));
    expect([...scores].filter(([, set]) => set.size > 1)).toEqual([]);
    const lua = demoRspamdLua();
    for (const kind of Object.keys(demoVerdicts())) expect(lua).toContain(`["${kind}"] = {`);
  });
});
