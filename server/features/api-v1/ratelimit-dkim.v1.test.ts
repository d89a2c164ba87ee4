// get/edit rl-domain and rl-mbox, get/add/delete dkim: mailcow's captured calls replayed
// (fixtures/mailcow-api/ratelimit-dkim.json), answers and Redis compared; where Cowbell refuses what
// mailcow took (a negative limit, a 512-bit or EC key), the refusal is worded as mailcow would.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { setDaAcl } from '../../test/mailbox-fixture.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

type Entry = { msg: unknown };
const ctx = useTestApp();
const { redis } = ctx.deps;
const peer = JSON.parse(readFileSync(new URL('../../test/fixtures/mailcow-api/ratelimit-dkim.json', import.meta.url), 'utf8'));

/** The capture with its names made this test's own. */
async function world() {
  const w = await seedWorld(ctx);
  const id = uid();
  const own = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll('peer-rl.test', w.domain).replaceAll('rita@', 'alice@')
    .replace(/([a-z0-9]+)-rl\.test/g, `$1-${id}.test`));
  const api = v1(ctx, await makeMailcowKey(ctx));
  /** Sends the captured request; answers [Cowbell's answer, mailcow's]. */
  const replay = async (name: string) => {
    const c = own(peer.cases[name]);
    const res = c.method === 'GET' ? await api.get(c.path) : await api.post(c.path, c.request);
    expect(res.status).toBe(200);
    return [await res.json(), c.response];
  };
  return { ...w, id, own, api, replay };
}

describe('rl-domain and rl-mbox', () => {
  it('answer what mailcow answered, and leave RL_VALUE as mailcow left it', async () => {
    const w = await world();
    for (const name of ['rl_domain_edit', 'rl_domain_get', 'rl_domain_get_unknown', 'rl_domain_bad_frame']) {
      const [ours, theirs] = await w.replay(name);
      expect(ours, name).toEqual(theirs);
    }
    expect(await redis.hget('RL_VALUE', w.domain)).toBe('10 / 1h');
    const [all] = await w.replay('rl_domain_all');
    expect(all).toContainEqual({ value: '10', frame: 'h', domain: w.domain });
    for (const name of ['rl_domain_non_numeric_deletes', 'rl_domain_edit_20d', 'rl_mbox_edit', 'rl_mbox_get', 'rl_mbox_get_unknown']) {
      const [ours, theirs] = await w.replay(name);
      expect(ours, name).toEqual(theirs);
      if (name === 'rl_domain_non_numeric_deletes') expect(await redis.hexists('RL_VALUE', w.domain)).toBe(0);
    }
    expect(await redis.hget('RL_VALUE', w.user)).toBe('5 / 1m');
    expect((await w.replay('rl_mbox_all'))[0]).toContainEqual({ value: '5', frame: 'm', mailbox: w.user });
    for (const name of ['rl_mbox_empty_deletes', 'rl_mbox_no_frame', 'rl_mbox_edit_5s']) {
      const [ours, theirs] = await w.replay(name);
      expect(ours, name).toEqual(theirs);
    }
    expect(await redis.hget('RL_VALUE', w.user)).toBe('5 / 1s');
    expect(await redis.hget('RL_VALUE', w.domain)).toBe('20 / 1d');
  });

  it('refuse a negative limit as invalid form data, where mailcow stored "-5 / 1m"', async () => {
    const w = await world();
    const [ours, theirs] = await w.replay('rl_domain_negative_stored');
    expect(ours).toEqual([{ ...theirs[0], type: 'danger', msg: 'access_denied' }]);
    expect(await redis.hexists('RL_VALUE', w.domain)).toBe(0);
  });

  it('answer a domain admin without the ratelimit ACL once, as mailcow, and change nothing', async () => {
    const w = await world();
    await setDaAcl(ctx, w.domainAdmin, { ratelimit: 0 });
    const { key } = await makeScopedKey(ctx, w.domainAdmin);
    const body = { items: [w.domain, w.user], attr: { rl_value: '3', rl_frame: 's' } };
    const res = await v1(ctx, key).post('edit/rl-domain', body);
    expect(await res.json()).toEqual([{ type: 'danger', log: ['ratelimit', 'edit', null, { object: body.items, ...body.attr }, null], msg: 'access_denied' }]);
    expect(await redis.hexists('RL_VALUE', w.domain)).toBe(0);
    await setDaAcl(ctx, w.domainAdmin, { ratelimit: 1 });
    expect(await (await v1(ctx, key).post('edit/rl-mbox', { items: [w.user], attr: { rl_value: '3', rl_frame: 's' } })).json())
      .toEqual([{ type: 'success', log: ['ratelimit', 'edit', 'mailbox', { object: [w.user], rl_value: '3', rl_frame: 's' }], msg: ['rl_saved', w.user] }]);
    const elsewhere = await v1(ctx, key).post('edit/rl-domain', { items: ['elsewhere.test'], attr: { rl_value: '3', rl_frame: 's' } });
    expect(((await elsewhere.json()) as Entry[])[0].msg).toBe('access_denied');
  });
});

describe('dkim', () => {
  it('answers what mailcow answered for add, details, duplicate, import and delete', async () => {
    const w = await world();
    const same = ['dkim_delete', 'dkim_get_none', 'dkim_add', 'dkim_add_exists', 'dkim_add_bad_selector', 'dkim_add_unknown_domains',
      'dkim_duplicate', 'dkim_duplicate_no_source'];
    for (const name of same) {
      const [ours, theirs] = await w.replay(name);
      expect(ours, name).toEqual(theirs);
    }
    const [details] = await w.replay('dkim_get_1024');
    expect(details).toEqual({ ...w.own(peer.cases.dkim_get_1024.response), pubkey: await redis.hget('DKIM_PUB_KEYS', w.domain),
      dkim_txt: `v=DKIM1;k=rsa;t=s;s=email;p=${await redis.hget('DKIM_PUB_KEYS', w.domain)}` });
    expect(await redis.hget('DKIM_SELECTORS', `dup1-${w.id}.test`)).toBe('sel1');
    const masked = (entries: { log: unknown[] }[]) => entries.map((e) => (e.log[1] === 'import' ? { ...e, log: ['dkim', 'import', { ...(e.log[2] as object), private_key_file: '*' }] } : e));
    for (const name of ['dkim_import_pkcs1', 'dkim_import_exists', 'dkim_import_overwrite']) {
      const [ours, theirs] = await w.replay(name);
      expect(ours, name).toEqual(masked(theirs));
    }
    // The same key as mailcow imported: the same public key, to the character.
    for (const name of ['dkim_get_imported', 'dkim_get_unknown', 'dkim_delete_several']) {
      const [ours, theirs] = await w.replay(name);
      expect(ours, name).toEqual(theirs);
    }
    expect(await redis.hexists('DKIM_PUB_KEYS', `imp-${w.id}.test`)).toBe(0);
  });

  it('refuses garbage, EC keys and 512 bits in mailcow\'s words', async () => {
    const w = await world();
    for (const name of ['dkim_import_garbage', 'dkim_import_ec_accepted_by_mailcow']) {
      const [ours] = await w.replay(name);
      expect(ours, name).toMatchObject([{ type: 'danger', msg: ['private_key_error', expect.any(String)] }]);
    }
    expect(await redis.hexists('DKIM_PUB_KEYS', `imp-${w.id}.test`)).toBe(0);
    const res = await w.api.post('add/dkim', { domains: w.domain, dkim_selector: 'x', key_size: '512' });
    expect(((await res.json()) as Entry[])[0].msg).toEqual(['dkim_domain_or_sel_invalid', w.domain]);
  });
});
