// The dry run: every row checked as creating it would be, with the file's own mistakes and the
// domain's limits counted across rows; nothing written.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import { insertDomain, insertDomainAdmin } from '../../lib/mailcow/provision.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import type { DryRun } from './dry-run.ts';

const ctx = useTestApp();

async function as(username: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(username)).status).toBe(200);
  return client;
}
const dryRun = async (client: ReturnType<typeof createTestClient>, file: string) =>
  client.api.admin['mailbox-import']['dry-run'].$post({}, { init: { body: file, headers: { 'content-type': 'text/csv' } } });
const outcomes = (r: DryRun) => r.rows.map((x) => [x.line, x.status, x.problems.map((p) => p.column ?? '-').join(',')]);

describe('the dry run of a mailbox import', () => {
  it('checks each row as creation would, counting earlier rows against the domain\'s limits, and writes nothing', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(domain).set({ mailboxes: 3, quota: 10240, maxquota: 4096 }).where(eq(domain.domain, w.domain));
    const idn = `bücher${uid()}.test`;
    await insertDomain(ctx.deps.db, new URL(`http://${idn}`).hostname, { redis: ctx.deps.redis });
    const file = ['email;name;quota;password',
      `new1@${w.domain};New One;1024;`,
      `NEW1@${w.domain};Twice;1024;`,
      `${w.user};Alice again;1024;`,
      `new2@${w.domain};Too big;5000;`,
      `new3@${w.domain};Fits;1024;`,
      `new4@${w.domain};One too many;1024;`,
      `anna@${idn};Anna;;`,
      `x@nowhere-${uid()}.test;X;;`,
      `weak@${w.domain};Weak;;ab`].join('\r\n');
    const res = await dryRun(await as(w.admin), file);
    expect(res.status).toBe(200);
    const r = await res.json() as DryRun;
    expect(r).toMatchObject({ format: 'header', delimiter: ';', fileProblems: [] });
    expect(outcomes(r)).toEqual([
      [2, 'ready', ''], [3, 'error', 'email'], [4, 'exists', ''], [5, 'error', 'quota'],
      // alice, new1 and new3 make three: the domain's limit, so the fourth new one is refused.
      [6, 'ready', ''], [7, 'error', 'email'], [8, 'ready', ''], [9, 'error', 'email'], [10, 'error', 'password'],
    ]);
    expect(r.counts).toEqual({ ready: 3, exists: 1, error: 5 });
    expect(await ctx.deps.db.select().from(mailbox).where(eq(mailbox.domain, w.domain))).toHaveLength(1);
  });

  it('refuses a file it cannot read as a whole, and rows outside a domain admin\'s domains', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const unknown = await (await dryRun(await as(w.admin), 'email,mobile\na@b.test,1\n')).json() as DryRun;
    expect(unknown.fileProblems[0]).toMatchObject({ code: 'unknown_column', column: 'mobile' });
    expect(unknown.rows).toEqual([]);
    const daOut = `da${uid()}`;
    await insertDomainAdmin(ctx.deps.db, daOut, w.hash, [other.domain]);
    const mine = await (await dryRun(await as(daOut), `email\nok@${other.domain}\nno@${w.domain}\n`)).json() as DryRun;
    expect(mine.rows.map((x) => x.status)).toEqual(['ready', 'error']);
  });

  it('is for administrators only, and refuses an oversized file before reading it', async () => {
    const w = await seedWorld(ctx);
    expect((await dryRun(await as(w.user), 'email\na@b.test\n')).status).toBe(403);
    const big = `email\n${'x'.repeat(5 * 1024 * 1024)}\n`;
    expect((await dryRun(await as(w.admin), big)).status).toBe(413);
  });
});
