// mailcow's mailbox_details for many mailboxes at once: the number of queries does not grow with the
// mailboxes (mailcow asks a dozen per mailbox), and each part lands on its own mailbox.
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { insertDomain, insertMailbox } from '../lib/mailcow/provision.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { uid, useTestApp } from '../test/helpers.ts';
import { mailboxDetails } from './mailbox-details.ts';

const ctx = useTestApp();
const ADMIN: Actor = { kind: 'api_key', username: 'API', role: 'admin', ip: '127.0.0.1', apiAccess: 'rw' };

async function domainWith(n: number) {
  const name = `md${uid()}.test`;
  await insertDomain(ctx.deps.db, name, { redis: ctx.deps.redis });
  for (let i = 0; i < n; i++) await insertMailbox(ctx.deps.db, { localPart: `u${String(i).padStart(3, '0')}`, domain: name, passwordHash: '{PLAIN}x' });
  return name;
}

/** Database round trips one call makes. */
async function queriesOf(run: () => Promise<unknown>) {
  const spy = vi.spyOn(ctx.deps.db, 'execute');
  const selects = vi.spyOn(ctx.deps.db, 'select');
  try {
    await run();
    return spy.mock.calls.length + selects.mock.calls.length;
  } finally {
    spy.mockRestore();
    selects.mockRestore();
  }
}

describe('mailbox_details for a list', () => {
  it('asks as many queries for 40 mailboxes as for 2', async () => {
    const few = await domainWith(2);
    const many = await domainWith(40);
    const n2 = await queriesOf(() => mailboxDetails(ctx.deps, ADMIN, { domains: [few] }));
    const n40 = await queriesOf(() => mailboxDetails(ctx.deps, ADMIN, { domains: [many] }));
    expect(n40).toBe(n2);
    expect(n40).toBeLessThanOrEqual(10);
  });

  it('puts each mailbox\'s sign-ins, time-limited aliases and sender ACL on that mailbox', async () => {
    const d = await domainWith(3);
    const [a, b] = [`u000@${d}`, `u001@${d}`];
    await ctx.deps.db.execute(sql`INSERT INTO sasl_log (service, app_password, username, real_rip, datetime) VALUES ('smtp', 0, ${b}, '192.0.2.9', NOW())`);
    await ctx.deps.db.execute(sql`INSERT INTO spamalias (address, goto, description, validity, permanent) VALUES (${`x${uid()}@${d}`}, ${a}, '', 0, 1)`);
    await ctx.deps.db.execute(sql`INSERT INTO sender_acl (logged_in_as, send_as, external) VALUES (${b}, ${`@${d}`}, 0), (${b}, 'ext@example.net', 1)`);
    const rows = await mailboxDetails(ctx.deps, ADMIN, { domains: [d] });
    expect(rows.map((r) => [r.username, r.spam_aliases, r.last_smtp_login !== 0, r.sender_acl])).toEqual([
      [a, 1, false, []], [b, 0, true, [`@${d}`]], [`u002@${d}`, 0, false, []],
    ]);
    expect(rows.map((r) => r.max_new_quota)).toEqual([3, 3, 3].map(() => 10240 * 1048576 - 2 * 3072 * 1048576));
  });
});
