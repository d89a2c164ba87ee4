import { describe, expect, it } from 'vitest';
import { readQuarantineSettings } from '../features/quarantine/settings.ts';
import { createTestClient, seedWorld, useTestApp } from '../test/helpers.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../test/v1-harness.ts';
import type { QuarantineSettingsInput } from './quarantine-settings.schema.ts';

// Its own Redis database: these keys are global, and other files need the quarantine on.
const ctx = useTestApp({}, 9);
const KEYS = ['Q_RETENTION_SIZE', 'Q_MAX_SIZE', 'Q_MAX_SCORE', 'Q_MAX_AGE', 'Q_EXCLUDE_DOMAINS', 'Q_RELEASE_FORMAT', 'Q_SENDER', 'Q_BCC', 'Q_REDIRECT', 'Q_SUBJ', 'Q_HTML'];
const stored = async () => Object.fromEntries((await ctx.deps.redis.mget(KEYS)).map((v, i) => [KEYS[i], v]));

const form: QuarantineSettingsInput = { maxSize: 15, retentionSize: 20, maxScore: 7.5, maxAge: 30, excludeDomains: ['Skip.Example'],
  releaseFormat: 'attachment', sender: 'quarantine@example.test', subject: 'Quarantäne', htmlTemplate: '<p>{{ counter }}</p>',
  bcc: 'audit@example.test', redirect: '' };

async function admin() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  await client.signIn(w.admin);
  return { w, client };
}

describe('admin quarantine settings', () => {
  it("writes every key as mailcow does and reads them back, as ingest and the digest read them", async () => {
    const { client } = await admin();
    const res = await client.api.admin['quarantine-settings'].$put({ json: form });
    expect(res.status).toBe(200);
    expect(await stored()).toEqual({ Q_RETENTION_SIZE: '20', Q_MAX_SIZE: '15', Q_MAX_SCORE: '7.5', Q_MAX_AGE: '30', Q_EXCLUDE_DOMAINS: '["skip.example"]',
      Q_RELEASE_FORMAT: 'attachment', Q_SENDER: 'quarantine@example.test', Q_BCC: 'audit@example.test', Q_REDIRECT: '', Q_SUBJ: 'Quarantäne', Q_HTML: '<p>{{ counter }}</p>' });
    const view = await (await client.api.admin['quarantine-settings'].$get()).json();
    expect(view).toMatchObject({ ...form, excludeDomains: ['skip.example'], templateError: null });
    expect(view.defaultTemplate).toContain('new messages waiting in quarantine');
    expect(await readQuarantineSettings(ctx.deps.redis)).toMatchObject({ maxSizeBytes: 15 * 1048576, retention: 20, releaseFormat: 'attachment', maxScore: 7.5 });
    // No score limit, no age: '' and mailcow's 365.
    await client.api.admin['quarantine-settings'].$put({ json: { ...form, maxScore: null, maxAge: 0, htmlTemplate: '{% if %}' } });
    expect(await stored()).toMatchObject({ Q_MAX_SCORE: '', Q_MAX_AGE: '365', Q_HTML: '{% if %}' });
    const after = await (await client.api.admin['quarantine-settings'].$get()).json();
    expect(after).toMatchObject({ maxScore: null, maxAge: 365 });
    expect(after.templateError).toMatch(/Q_HTML/);
  });

  it('refuses bad values at the edge, naming each field', async () => {
    const { client } = await admin();
    const bad = { ...form, maxSize: -1, releaseFormat: 'zip', sender: 'not an address', excludeDomains: ['no domain'] } as unknown as QuarantineSettingsInput;
    const res = await client.api.admin['quarantine-settings'].$put({ json: bad });
    expect(res.status).toBe(400);
    const body = await res.json() as unknown as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['excludeDomains.0', 'maxSize', 'releaseFormat', 'sender']);
  });

  it('is for admins only', async () => {
    const w = await seedWorld(ctx);
    for (const who of [w.user, w.domainAdmin]) {
      const client = createTestClient(ctx);
      await client.signIn(who);
      expect((await client.api.admin['quarantine-settings'].$get()).status).toBe(403);
      expect((await client.api.admin['quarantine-settings'].$put({ json: form })).status).toBe(403);
    }
  });
});

describe('/api/v1 edit/quarantine settings', () => {
  it("normalises as quarantine('edit') does: intval, floatval, max_age <= 0 → 365, unknown format → raw, bad addresses → ''", async () => {
    const key = await makeMailcowKey(ctx);
    const res = await v1(ctx, key).post('edit/quarantine', { items: ['null'], attr: { action: 'settings', max_size: '12abc', retention_size: 3.9,
      max_score: '8.50', max_age: '-4', exclude_domains: 'one.example', release_format: 'zip', sender: 'nope', bcc: 'a@b.test', subject: 'S' } });
    expect(await res.json()).toEqual([{ type: 'success', log: ['quarantine', 'edit', expect.objectContaining({ action: 'settings' })], msg: 'saved_settings' }]);
    expect(await stored()).toEqual({ Q_RETENTION_SIZE: '3', Q_MAX_SIZE: '12', Q_MAX_SCORE: '8.5', Q_MAX_AGE: '365', Q_EXCLUDE_DOMAINS: '["one.example"]',
      Q_RELEASE_FORMAT: 'raw', Q_SENDER: '', Q_BCC: 'a@b.test', Q_REDIRECT: '', Q_SUBJ: 'S', Q_HTML: '' });
    await v1(ctx, key).post('edit/quarantine', { items: ['null'], attr: { action: 'settings', max_score: '', exclude_domains: ['a.example', 'b.example'] } });
    expect(await stored()).toMatchObject({ Q_MAX_SCORE: '', Q_MAX_SIZE: '0', Q_RETENTION_SIZE: '0', Q_EXCLUDE_DOMAINS: '["a.example","b.example"]', Q_SUBJ: '' });
  });

  it("answers access_denied to a domain admin's key and leaves the settings alone", async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.redis.set('Q_SUBJ', 'kept');
    const { key } = await makeScopedKey(ctx, w.domainAdmin);
    const res = await v1(ctx, key).post('edit/quarantine', { items: ['null'], attr: { action: 'settings', subject: 'changed' } });
    expect(await res.json()).toEqual([{ type: 'danger', log: ['quarantine', 'edit', { action: 'settings', subject: 'changed' }], msg: 'access_denied' }]);
    expect(await ctx.deps.redis.get('Q_SUBJ')).toBe('kept');
  });
});
