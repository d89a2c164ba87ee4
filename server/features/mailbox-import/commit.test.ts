// Committing an import: all or nothing by default, only the good rows when asked, the same file twice
// changes nothing, and a row that fails while writing takes an all-or-nothing import back out.
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alias, mailbox, quota2 } from '../../../db/schema/mail.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { commitImport } from './commit.ts';
import { parseMailboxCsv } from './csv-file.ts';

const ctx = useTestApp();

async function world() {
  const w = await seedWorld(ctx);
  const actor: Actor = { kind: 'session', username: w.admin, role: 'admin', ip: '192.0.2.1', freshProof: true };
  return { w, actor };
}
const usernames = async (domain: string) => (await ctx.deps.db.select({ u: mailbox.username }).from(mailbox).where(eq(mailbox.domain, domain))).map((r) => r.u).sort();

describe('committing a mailbox import', () => {
  it('writes nothing when any row is wrong, unless only the good rows are asked for', async () => {
    const { w, actor } = await world();
    const file = parseMailboxCsv(`email,name,password\na@${w.domain},A,\nb@${w.domain},B,Long-Enough-Pass-1\nbad-address,X,\n`);
    const all = await commitImport(ctx.deps, actor, file, 'all');
    expect(all.counts).toEqual({ created: 0, exists: 0, error: 1, skipped: 2 });
    expect(await usernames(w.domain)).toEqual([w.user]);

    const seen: [number, number][] = [];
    const valid = await commitImport(ctx.deps, actor, file, 'valid', (done, total) => { seen.push([done, total]); });
    expect(valid.counts).toEqual({ created: 2, exists: 0, error: 1, skipped: 0 });
    expect(seen).toEqual([[1, 2], [2, 2]]);
    expect(await usernames(w.domain)).toEqual([`a@${w.domain}`, `b@${w.domain}`, w.user].sort());
    // The side rows mailcow writes came with them (the mailbox service's own write).
    expect(await ctx.deps.db.select().from(alias).where(eq(alias.address, `a@${w.domain}`))).toHaveLength(1);
    expect(await ctx.deps.db.select().from(quota2).where(eq(quota2.username, `a@${w.domain}`))).toHaveLength(1);
    // An empty password was made up and is handed out once; a given one is not repeated.
    const a = valid.rows.find((r) => r.address === `a@${w.domain}`)!;
    const b = valid.rows.find((r) => r.address === `b@${w.domain}`)!;
    expect(b.generatedPassword).toBeUndefined();
    const [row] = await ctx.deps.db.select({ p: mailbox.password }).from(mailbox).where(eq(mailbox.username, `a@${w.domain}`));
    expect(await ctx.deps.hasher.verify(row.p, a.generatedPassword!)).toBe(true);
  });

  it('changes nothing when the same file runs again, and says so row by row', async () => {
    const { w, actor } = await world();
    const file = parseMailboxCsv(`email\nc@${w.domain}\nd@${w.domain}\n`);
    expect((await commitImport(ctx.deps, actor, file, 'all')).counts.created).toBe(2);
    const again = await commitImport(ctx.deps, actor, file, 'all');
    expect(again.rows.map((r) => r.status)).toEqual(['exists', 'exists']);
    expect(again.counts).toEqual({ created: 0, exists: 2, error: 0, skipped: 0 });
  });

  it('takes an all-or-nothing import back out when a row fails while writing', async () => {
    const { w, actor } = await world();
    const late = Array.from({ length: 4 }, (_, i) => `late${i}${uid()}`);
    const file = parseMailboxCsv(`email,quota\nfirst@${w.domain},10\n${late.map((l) => `${l}@${w.domain},10`).join('\n')}\n`);
    // Once the first row is written, another admin makes the later ones (rows written at that very
    // moment may win the race; the last ones cannot): the import meets a taken address on the way.
    const result = await commitImport(ctx.deps, actor, file, 'all', async (done) => {
      if (done !== 1) return;
      // Straight into the table: the other admin's own hashing would queue behind this import's.
      for (const localPart of late) await insertMailbox(ctx.deps.db, { localPart, domain: w.domain, passwordHash: w.hash }).catch(() => null);
    });
    expect(result.rolledBack).toBe(true);
    expect(result.rows[0].status).toBe('skipped');
    expect(result.rows.some((r) => r.status === 'error')).toBe(true);
    expect(result.counts.created).toBe(0);
    expect(await ctx.deps.db.select().from(mailbox).where(inArray(mailbox.username, [`first@${w.domain}`]))).toEqual([]);
  });

  it('does nothing with a file it cannot read', async () => {
    const { actor } = await world();
    const r = await commitImport(ctx.deps, actor, parseMailboxCsv('mobile\n1\n'), 'valid');
    expect(r.fileProblems).toHaveLength(1);
    expect(r.rows).toEqual([]);
  });
});
