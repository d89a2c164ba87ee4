// rspamd's DKIM keys as mailcow keeps them (functions.dkim.inc.php, reference 10.5): Redis hashes
// DKIM_PUB_KEYS (domain → base64 SPKI without PEM lines), DKIM_SELECTORS (domain → selector) and
// DKIM_PRIV_KEYS ("<selector>.<domain>" → PEM). The key-level half; dkim.service.ts decides who may.
import { createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import type { DkimRecord } from './dkim.schema.ts';

const generate = promisify(generateKeyPair);
export const DKIM_KEY_SIZES = [1024, 2048, 3072, 4096] as const;
export type DkimKeySize = (typeof DKIM_KEY_SIZES)[number];
/** mailcow: alphanumerics once '-', '_' and '.' are removed. */
export const DKIM_SELECTOR = /^[A-Za-z0-9._-]+$/;

export const DKIM_HASHES = { pub: 'DKIM_PUB_KEYS', selectors: 'DKIM_SELECTORS', priv: 'DKIM_PRIV_KEYS' } as const;
const H = DKIM_HASHES;

export interface DkimKey { selector: string; pubkey: string; privateKey: string }

/** A new RSA pair as mailcow's openssl_pkey_new/export writes it: PKCS#8 PEM, SPKI body. */
export async function newDkimKey(selector: string, keySize: DkimKeySize): Promise<DkimKey> {
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: keySize, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { selector, pubkey: publicKey.toString('base64'), privateKey: privateKey.trim() };
}

/**
 * A pasted private key, line ends made "\n" as mailcow does: refused unless it is an unencrypted RSA
 * key of at least 1024 bits (mailcow would take any key openssl reads, EC ones included, which
 * rspamd's RSA signing then cannot use). Answers why, or the key.
 */
export function importedDkimKey(selector: string, pem: string): DkimKey | { error: string } {
  const privateKey = pem.trim().replace(/\r\n?/g, '\n');
  let key;
  try {
    key = createPrivateKey({ key: privateKey, format: 'pem' });
  } catch {
    return { error: 'Not a PEM private key (or one protected by a passphrase).' };
  }
  if (key.asymmetricKeyType !== 'rsa') return { error: `An ${key.asymmetricKeyType?.toUpperCase() ?? 'unknown'} key; DKIM here needs an RSA key.` };
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) return { error: 'An RSA key shorter than 1024 bits.' };
  const pubkey = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  return { selector, pubkey, privateKey };
}

export async function readDkimKey(redis: Redis, domain: string): Promise<DkimKey | null> {
  const [pubkey, selector] = await Promise.all([redis.hget(H.pub, domain), redis.hget(H.selectors, domain)]);
  if (!pubkey) return null;
  const sel = selector ?? '';
  return { selector: sel, pubkey, privateKey: (await redis.hget(H.priv, `${sel}.${domain}`)) ?? '' };
}

/** Removes all three fields (the private key's under the selector the domain has now). */
export async function removeDkimKey(redis: Redis, domain: string): Promise<boolean> {
  const selector = await redis.hget(H.selectors, domain);
  const [[, removed]] = (await redis.multi().hdel(H.pub, domain).hdel(H.priv, `${selector ?? ''}.${domain}`).hdel(H.selectors, domain).exec())!;
  return Number(removed) > 0 || selector !== null;
}

/** Stores a key in place of whatever the domain had (no private key is left behind under an old selector). */
export async function storeDkimKey(redis: Redis, domain: string, key: DkimKey): Promise<void> {
  await removeDkimKey(redis, domain);
  await redis.multi()
    .hset(H.pub, domain, key.pubkey)
    .hset(H.selectors, domain, key.selector)
    .hset(H.priv, `${key.selector}.${domain}`, key.privateKey)
    .exec();
}

/** Makes and stores a key unless the domain has one already (mailcow's domain_add_dkim_available); true if made. */
export async function addDkimKey(redis: Redis, domain: string, selector: string, keySize: DkimKeySize): Promise<boolean> {
  if ((await redis.hget(H.selectors, domain)) || (await redis.hexists(H.pub, domain))) return false;
  await storeDkimKey(redis, domain, await newDkimKey(selector, keySize));
  return true;
}

/** mailcow's guess of the key size from the length of the public key's base64. */
export function guessKeyLength(pubkey: string): string {
  const n = pubkey.length;
  return n < 391 ? '1024' : n < 564 ? '2048' : n < 736 ? '3072' : n < 1416 ? '4096' : '>= 8192';
}

/** dkim('details'): the TXT record, whole and split into 255-character quoted strings (SPLIT_DKIM_255). */
export function dkimRecord(domain: string, key: Pick<DkimKey, 'selector' | 'pubkey'>): DkimRecord {
  const txt = `v=DKIM1;k=rsa;t=s;s=email;p=${key.pubkey}`;
  const chunks = txt.match(/.{1,255}/g) ?? [''];
  return {
    domain, selector: key.selector, pubkey: key.pubkey, length: guessKeyLength(key.pubkey),
    dnsName: `${key.selector}._domainkey.${domain}`, txt, txtSplit: `"${chunks.join('" "')}"`,
  };
}
