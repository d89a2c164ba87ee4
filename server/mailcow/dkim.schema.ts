// mailcow's DKIM keys (reference 10.5): what crosses the wire. Shared with the client.
import { z } from 'zod';
import { dkimKeySize, dkimSelector, domainName } from './domain.schema.ts';

export { dkimKeySize, dkimSelector };

/** dkim('add') for one domain: a new RSA key under this selector. */
export const generateDkimInput = z.strictObject({
  selector: dkimSelector.default('dkim'),
  keySize: dkimKeySize,
});
export type GenerateDkimInput = z.input<typeof generateDkimInput>;

/** dkim('import'): a PEM private key (PKCS#1 or PKCS#8, RSA); the public key is derived from it. */
export const importDkimInput = z.strictObject({
  selector: dkimSelector.default('dkim'),
  privateKey: z.string().trim().min(1, { message: 'Paste a PEM private key.' }).max(16_384),
  /** Replace a key the domain has already (mailcow's overwrite_existing). */
  overwrite: z.boolean().default(false),
});
export type ImportDkimInput = z.input<typeof importDkimInput>;

/** dkim('duplicate'): the key of the domain in the path, copied to these domains. */
export const duplicateDkimInput = z.strictObject({
  to: z.array(domainName).min(1).max(100),
});
export type DuplicateDkimInput = z.input<typeof duplicateDkimInput>;

/** dkim('details') without the private key, plus what to put in DNS where. */
export interface DkimRecord {
  domain: string;
  selector: string;
  /** The public key as rspamd's hash holds it: base64 SPKI, no PEM lines. */
  pubkey: string;
  /** mailcow's guess from the public key's length ("1024" … ">= 8192"). */
  length: string;
  /** The TXT record's name. */
  dnsName: string;
  /** `v=DKIM1;k=rsa;t=s;s=email;p=<pubkey>`, as mailcow's dkim_txt. */
  txt: string;
  /** The same in quoted strings of at most 255 characters, for DNS servers that need them split. */
  txtSplit: string;
}

/** The admin's list: every domain and alias domain with its key or none, and keys for no domain ("blind" keys). */
export interface DkimOverview {
  domains: { domain: string; kind: 'domain' | 'alias_domain'; record: DkimRecord | null }[];
  blind: DkimRecord[];
}
