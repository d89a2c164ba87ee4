// The DKIM key mailcow's add/domain makes for a new domain (dkim('add') in functions.dkim.inc.php,
// reference 10.5): an RSA key pair in rspamd's Redis hashes, the public key as the SPKI body without
// PEM lines, the private key as PKCS#8 PEM under "<selector>.<domain>".
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';

const generate = promisify(generateKeyPair);
export const DKIM_KEY_SIZES = [1024, 2048, 3072, 4096] as const;
export type DkimKeySize = (typeof DKIM_KEY_SIZES)[number];
/** mailcow: alphanumerics once '-', '_' and '.' are removed. */
export const DKIM_SELECTOR = /^[A-Za-z0-9._-]+$/;

/** Makes and stores a key unless the domain has one already (mailcow's domain_add_dkim_available); true if made. */
export async function addDkimKey(redis: Redis, domain: string, selector: string, keySize: DkimKeySize): Promise<boolean> {
  if ((await redis.hget('DKIM_SELECTORS', domain)) || (await redis.hexists('DKIM_PUB_KEYS', domain))) return false;
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: keySize, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await redis.multi()
    .hset('DKIM_PUB_KEYS', domain, publicKey.toString('base64'))
    .hset('DKIM_SELECTORS', domain, selector)
    .hset('DKIM_PRIV_KEYS', `${selector}.${domain}`, privateKey.trim())
    .exec();
  return true;
}
