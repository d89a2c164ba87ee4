// New time-limited alias addresses: mailcow's readable shape (readable_random_string in
// functions.inc.php: consonant+vowel syllables, 1–4 per part, `<part>.<part>@<domain>`), drawn from
// node:crypto rather than PHP's rand(), and checked against every address Postfix would already
// route there, which mailcow leaves to the primary key.
import { randomInt } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, aliasDomain, mailbox, spamalias } from '../../db/schema/mail.ts';

/** A uniform integer in [0, max). Tests pass their own to force collisions. */
export type RandomInt = (max: number) => number;
export const cryptoRandomInt: RandomInt = (max) => randomInt(max);

const CONSONANTS = 'bcdfghjklmnprstvwxyz';
const VOWELS = 'aeiou';

function readablePart(random: RandomInt): string {
  let part = '';
  for (let syllables = 1 + random(4); syllables > 0; syllables--) part += CONSONANTS[random(CONSONANTS.length)] + VOWELS[random(VOWELS.length)];
  return part;
}

export const readableLocalPart = (random: RandomInt) => `${readablePart(random)}.${readablePart(random)}`;

/**
 * The domains in which `local@…` is one recipient for Postfix: the primary domain and every alias
 * domain on it (an alias domain maps local@alias onto local@target, reference 1.6).
 */
export async function domainFamily(db: Db, domainName: string): Promise<string[]> {
  const [mapped] = await db.select({ target: aliasDomain.targetDomain }).from(aliasDomain).where(eq(aliasDomain.aliasDomain, domainName)).limit(1);
  const primary = (mapped?.target ?? domainName).toLowerCase();
  const aliases = await db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).where(eq(aliasDomain.targetDomain, primary));
  return [...new Set([primary, domainName, ...aliases.map((a) => a.d.toLowerCase())])];
}

/** Whether any of these addresses is already a mailbox, an alias or a time-limited alias (one round trip, three key look-ups). */
export async function anyAddressTaken(db: Db, addresses: string[]): Promise<boolean> {
  const [rows] = await db.execute(sql`SELECT 1 FROM ${mailbox} WHERE ${inArray(mailbox.username, addresses)}
    UNION ALL SELECT 1 FROM ${alias} WHERE ${inArray(alias.address, addresses)}
    UNION ALL SELECT 1 FROM ${spamalias} WHERE ${inArray(spamalias.address, addresses)} LIMIT 1`);
  return (rows as unknown as unknown[]).length > 0;
}

export const isDuplicateKey = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err.cause?.code ?? err.code) === 'ER_DUP_ENTRY';
};
