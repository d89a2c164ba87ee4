// A 10,000-row file end to end: the dry run's answer is the commit's, every mailbox arrives with
// its SOGo directory row, and the same file again changes nothing.
import { count, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import { sogoStaticView } from '../../../db/schema/sogo.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { commitImport } from './commit.ts';
import { parseMailboxCsv } from './csv-file.ts';
import { dryRunImport } from './dry-run.ts';

const ctx = useTestApp();
const ROWS = 10_000;

describe('a 10,000-row import', () => {
  it('is checked, made, and made again without change, its last rows over the domain\'s limit', { timeout: 180_000 }, async () => {
    const w = await seedWorld(ctx);
    const actor: Actor = { kind: 'session', username: w.admin, role: 'admin', ip: '192.0.2.1', freshProof: true };
    // Room for all but the last ten rows (the domain has one mailbox already).
    await ctx.deps.db.update(domain).set({ mailboxes: ROWS - 9, maxquota: 10, defquota: 1, quota: ROWS * 10 }).where(eq(domain.domain, w.domain));
    const csv = `email;name;password\n${Array.from({ length: ROWS }, (_, i) => `u${i}@${w.domain};User ${i};${w.hash}`).join('\n')}\n`;

    const dry = await dryRunImport(ctx.deps, actor, csv);
    expect(dry.counts).toEqual({ ready: ROWS - 10, exists: 0, error: 10 });
    expect(dry.rows.at(-1)).toMatchObject({ line: ROWS + 1, status: 'error', problems: [{ column: 'email', message: expect.stringContaining('no mailboxes left') }] });

    const made = await commitImport(ctx.deps, actor, parseMailboxCsv(csv), 'valid');
    expect(made.counts).toEqual({ created: ROWS - 10, exists: 0, error: 10, skipped: 0 });
    expect(made.rows.map((r) => r.status)).toEqual(dry.rows.map((r) => (r.status === 'ready' ? 'created' : r.status)));
    const ours = like(mailbox.username, `u%@${w.domain}`);
    expect((await ctx.deps.db.select({ n: count() }).from(mailbox).where(ours))[0].n).toBe(ROWS - 10);
    // The pre-hashed passwords are stored as given, and SOGo knows every new mailbox.
    expect((await ctx.deps.db.select({ p: mailbox.password }).from(mailbox).where(eq(mailbox.username, `u0@${w.domain}`)))[0].p).toBe(w.hash);
    expect((await ctx.deps.db.select({ n: count() }).from(sogoStaticView).where(like(sogoStaticView.cUid, `u%@${w.domain}`)))[0].n).toBe(ROWS - 10);

    const again = await commitImport(ctx.deps, actor, parseMailboxCsv(csv), 'valid');
    expect(again.counts).toEqual({ created: 0, exists: ROWS - 10, error: 10, skipped: 0 });
  });
});
