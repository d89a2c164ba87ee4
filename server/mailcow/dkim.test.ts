// mailcow's dkim(): the three Redis hashes exactly as mailcow writes them, the public key derived as
// mailcow derives it (fixtures/mailcow-api/ratelimit-dkim.json), refusals, and who may.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { insertDomain } from '../lib/mailcow/provision.ts';
import { useTestApp } from '../test/helpers.ts';
import { mailboxWorld, refusal } from '../test/mailbox-fixture.ts';
import { deleteDkim, duplicateDkim, generateDkim, getDkim, importDkim, listDkim } from './dkim.service.ts';
import { dkimRecord, guessKeyLength } from './dkim.ts';

const ctx = useTestApp();
const { redis } = ctx.deps;
const peer = JSON.parse(readFileSync(new URL('../test/fixtures/mailcow-api/ratelimit-dkim.json', import.meta.url), 'utf8'));
const stored = async (domain: string) => {
  const selector = await redis.hget('DKIM_SELECTORS', domain);
  return { selector, pub: await redis.hget('DKIM_PUB_KEYS', domain), priv: selector ? await redis.hget('DKIM_PRIV_KEYS', `${selector}.${domain}`) : null };
};

describe('a generated key', () => {
  it('is stored in the three hashes as mailcow stores it, and read back as its details', async () => {
    const w = await mailboxWorld(ctx);
    await deleteDkim(ctx.deps, w.admin, w.domain);
    const made = await generateDkim(ctx.deps, w.admin, w.domain, { selector: 'sel1', keySize: 1024 });
    const s = await stored(w.domain);
    expect(s.selector).toBe('sel1');
    expect(s.priv).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----$/);
    expect(made).toEqual({
      domain: w.domain, selector: 'sel1', pubkey: s.pub, length: '1024', dnsName: `sel1._domainkey.${w.domain}`,
      txt: `v=DKIM1;k=rsa;t=s;s=email;p=${s.pub}`, txtSplit: `"v=DKIM1;k=rsa;t=s;s=email;p=${s.pub}"`,
    });
    expect(await getDkim(ctx.deps, w.da, w.domain)).toEqual(made);
    expect((await refusal(generateDkim(ctx.deps, w.admin, w.domain, { selector: 'sel2', keySize: 1024 }))).code).toBe('conflict');
  });

  it('refuses a bad selector, key size 512 and a domain that does not exist', async () => {
    const w = await mailboxWorld(ctx);
    await deleteDkim(ctx.deps, w.admin, w.domain);
    for (const [input, issue] of [[{ selector: 'bad sel!', keySize: 1024 }, 'selector:invalid'], [{ selector: '...', keySize: 1024 }, 'selector:invalid'],
      [{ selector: 'ok', keySize: 512 }, 'keySize:invalid']] as const) {
      expect(await refusal(generateDkim(ctx.deps, w.admin, w.domain, input as never))).toEqual({ code: 'validation_failed', issues: [issue] });
    }
    expect((await refusal(generateDkim(ctx.deps, w.admin, 'no-such-domain.test', { keySize: 1024 }))).code).toBe('not_found');
    expect(await stored(w.domain)).toEqual({ selector: null, pub: null, priv: null });
  });
});

describe('the details', () => {
  it('guess the length as mailcow does and split the TXT record into 255-character strings', () => {
    const d = peer.cases.dkim_get_2048.response;
    expect(guessKeyLength(d.pubkey)).toBe(d.length);
    expect(guessKeyLength(peer.cases.dkim_get_1024.response.pubkey)).toBe('1024');
    const r = dkimRecord('x.test', { selector: d.dkim_selector, pubkey: d.pubkey });
    expect(r.txt).toBe(d.dkim_txt);
    const parts = r.txtSplit.slice(1, -1).split('" "');
    expect(parts.map((p) => p.length)).toEqual([255, d.dkim_txt.length - 255]);
    expect(parts.join('')).toBe(d.dkim_txt);
  });
});

describe('an imported key', () => {
  it('derives the public key mailcow derives and keeps the PEM as given; an existing key only with overwrite', async () => {
    const w = await mailboxWorld(ctx);
    const name = `imp-${w.domain}`;
    const pem = peer.pkcs1_import.private_key_file as string;
    const made = await importDkim(ctx.deps, w.admin, name, { selector: 'imp', privateKey: pem.replace(/\n/g, '\r\n') });
    expect(made.pubkey).toBe(peer.pkcs1_import.stored_pubkey);
    expect(await stored(name)).toEqual({ selector: 'imp', pub: peer.pkcs1_import.stored_pubkey, priv: pem.trim() });
    expect((await refusal(importDkim(ctx.deps, w.admin, name, { selector: 'imp2', privateKey: pem }))).code).toBe('conflict');
    await importDkim(ctx.deps, w.admin, name, { selector: 'imp2', privateKey: pem, overwrite: true });
    expect(await redis.hexists('DKIM_PRIV_KEYS', `imp.${name}`)).toBe(0);
    expect((await stored(name)).selector).toBe('imp2');
  });

  it('refuses garbage, an EC key and a short RSA key with an issue on the key', async () => {
    const w = await mailboxWorld(ctx);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const short = generateKeyPairSync('rsa', { modulusLength: 512, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    for (const privateKey of ['-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----', ec.privateKey, short.privateKey, ec.publicKey]) {
      expect(await refusal(importDkim(ctx.deps, w.admin, w.domain, { privateKey, overwrite: true }))).toEqual({ code: 'validation_failed', issues: ['privateKey:invalid'] });
    }
  });
});

describe('duplicate, delete and the list', () => {
  it('copies the key with its selector, removes all three fields, and lists blind keys', async () => {
    const w = await mailboxWorld(ctx);
    const blind = `blind-${w.domain}`;
    await generateDkim(ctx.deps, w.admin, w.domain, { keySize: 1024 });
    await duplicateDkim(ctx.deps, w.admin, w.domain, { to: [w.other, blind] });
    const from = await stored(w.domain);
    expect(await stored(w.other)).toEqual(from);
    expect(await stored(blind)).toEqual(from);
    const list = await listDkim(ctx.deps, w.admin);
    expect(list.domains.find((d) => d.domain === w.other)).toMatchObject({ kind: 'domain', record: { selector: from.selector, pubkey: from.pub } });
    expect(list.blind.map((b) => b.domain)).toContain(blind);
    expect(list.blind.map((b) => b.domain)).not.toContain(w.domain);
    expect(await deleteDkim(ctx.deps, w.admin, blind)).toEqual({ removed: true });
    expect(await stored(blind)).toEqual({ selector: null, pub: null, priv: null });
    expect(await redis.hexists('DKIM_PRIV_KEYS', `${from.selector}.${blind}`)).toBe(0);
    expect((await refusal(duplicateDkim(ctx.deps, w.admin, `none-${w.domain}`, { to: [blind] }))).code).toBe('not_found');
  });
});

describe('who may', () => {
  it('domain admins read and add in their domains only; import, duplicate, delete and the list are admins\'', async () => {
    const w = await mailboxWorld(ctx);
    await deleteDkim(ctx.deps, w.admin, w.domain);
    await insertDomain(ctx.deps.db, `x${w.other}`);
    expect((await generateDkim(ctx.deps, w.da, w.domain, { keySize: 1024 })).selector).toBe('dkim');
    expect((await refusal(generateDkim(ctx.deps, w.da, w.other, { keySize: 1024 }))).code).toBe('forbidden');
    expect((await refusal(getDkim(ctx.deps, w.da, w.other))).code).toBe('forbidden');
    expect((await refusal(getDkim(ctx.deps, w.alice, w.domain))).code).toBe('forbidden');
    for (const call of [listDkim(ctx.deps, w.da), deleteDkim(ctx.deps, w.da, w.domain), duplicateDkim(ctx.deps, w.da, w.domain, { to: [w.other] }),
      importDkim(ctx.deps, w.da, w.domain, { privateKey: peer.pkcs1_import.private_key_file, overwrite: true })]) {
      expect((await refusal(call)).code).toBe('forbidden');
    }
    expect((await stored(w.domain)).selector).toBe('dkim');
  });
});
