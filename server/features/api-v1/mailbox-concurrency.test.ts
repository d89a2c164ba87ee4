// 25 add/mailbox calls at once (new ones, duplicates of each other, more than a domain has room for)
// end as the same calls made one after another: the same answers, and exactly the rows of the
// mailboxes made (mailbox, self alias, quota2, quota2replica, user_acl), none twice, none half-made.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domain } from '../../../db/schema/mail.ts';
import { insertDomain } from '../../lib/mailcow/provision.ts';
import { uid, useTestApp } from '../../test/helpers.ts';
import { entriesOf, type V1AnswerEntry } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();

/** Two fresh domains: `roomy` (100 mailboxes) and `tight` (4). */
async function domains() {
  const id = uid();
  const roomy = `roomy${id}.test`;
  const tight = `tight${id}.test`;
  for (const d of [roomy, tight]) await insertDomain(ctx.deps.db, d, { redis: ctx.deps.redis });
  await ctx.deps.db.update(domain).set({ mailboxes: 100 }).where(eq(domain.domain, roomy));
  await ctx.deps.db.update(domain).set({ mailboxes: 4 }).where(eq(domain.domain, tight));
  return { roomy, tight };
}

/** 10 new in roomy, 5 repeats of them, 10 new in tight (room for 4): 25 calls. */
function requests(d: { roomy: string; tight: string }) {
  const attr = (local: string, dom: string) => ({ local_part: local, domain: dom, password: 'Conc-pass-123', password2: 'Conc-pass-123', quota: '10', active: '1' });
  return [
    ...Array.from({ length: 10 }, (_, i) => attr(`a${i}`, d.roomy)),
    ...Array.from({ length: 5 }, (_, i) => attr(`a${i}`, d.roomy)),
    ...Array.from({ length: 10 }, (_, i) => attr(`b${i}`, d.tight)),
  ];
}

/**
 * Each call's outcome, its domains made generic, sorted (concurrent calls finish in any order).
 * Which four of tight's ten get made depends on who comes first, as in any serial order: only
 * how many is compared.
 */
const outcomes = (answers: V1AnswerEntry[][], d: { roomy: string; tight: string }) => answers
  .map((a) => JSON.stringify(a.at(-1)!.msg).replaceAll(d.roomy, 'ROOMY').replaceAll(d.tight, 'TIGHT').replace(/b\d@TIGHT/, 'b?@TIGHT'))
  .sort();

async function rowCounts(d: string) {
  const count = async (query: ReturnType<typeof sql>) => Number(((await ctx.deps.db.execute(query))[0] as unknown as { n: number }[])[0].n);
  const pattern = `%@${d}`;
  return {
    mailbox: await count(sql`SELECT COUNT(*) AS n FROM mailbox WHERE domain = ${d}`),
    selfAlias: await count(sql`SELECT COUNT(*) AS n FROM alias WHERE domain = ${d} AND address = goto`),
    aliasRows: await count(sql`SELECT COUNT(*) AS n FROM alias WHERE domain = ${d}`),
    quota2: await count(sql`SELECT COUNT(*) AS n FROM quota2 WHERE username LIKE ${pattern}`),
    quota2replica: await count(sql`SELECT COUNT(*) AS n FROM quota2replica WHERE username LIKE ${pattern}`),
    userAcl: await count(sql`SELECT COUNT(*) AS n FROM user_acl WHERE username LIKE ${pattern}`),
    orphans: await count(sql`SELECT COUNT(*) AS n FROM quota2 q LEFT JOIN mailbox m ON m.username = q.username WHERE q.username LIKE ${pattern} AND m.username IS NULL`),
  };
}

describe('add/mailbox at once', () => {
  it('ends as the same calls one after another would', async () => {
    const api = v1(ctx, await makeMailcowKey(ctx));
    const one = await domains();
    const sequential: V1AnswerEntry[][] = [];
    for (const attr of requests(one)) sequential.push(await entriesOf(api.post('add/mailbox', attr)));
    const two = await domains();
    const concurrent = await Promise.all(requests(two).map((attr) => entriesOf(api.post('add/mailbox', attr))));

    expect(outcomes(concurrent, two)).toEqual(outcomes(sequential, one));
    const made = (answers: V1AnswerEntry[][]) => answers.filter((a) => a.at(-1)!.type === 'success').length;
    expect(made(sequential)).toBe(14);
    expect(outcomes(sequential, one).filter((o) => o.startsWith('["object_exists"'))).toHaveLength(5);
    expect(outcomes(sequential, one).filter((o) => o === '["max_mailbox_exceeded",4,4]')).toHaveLength(6);
    for (const [d, n] of [[two.roomy, 10], [two.tight, 4]] as const) {
      expect(await rowCounts(d)).toEqual({ mailbox: n, selfAlias: n, aliasRows: n, quota2: n, quota2replica: n, userAcl: n, orphans: 0 });
      expect(await rowCounts(d)).toEqual(await rowCounts(d === two.roomy ? one.roomy : one.tight));
    }
  });
});
