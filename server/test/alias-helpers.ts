// Time-limited aliases and reminder opt-ins for tests, straight into their tables.
import { cowbellAliasReminderOptins } from '../../db/schema/cowbell.ts';
import { spamalias } from '../../db/schema/mail.ts';
import { uid, type TestContext } from './helpers.ts';

/** An alias of `goto` (on `goto`'s domain) that expires `expiresIn` seconds after the test clock's now. */
export async function timeLimitedAlias(ctx: TestContext, goto: string, opts: { expiresIn: number; permanent?: boolean; description?: string }) {
  const address = `r${uid()}.x@${goto.split('@')[1]}`;
  const validity = Math.floor(ctx.clock.now / 1000) + opts.expiresIn;
  await ctx.deps.db.insert(spamalias).values({ address, goto, description: opts.description ?? '', validity, permanent: opts.permanent ? 1 : 0 });
  return { address, validity };
}

export async function optInToReminders(ctx: TestContext, username: string) {
  await ctx.deps.db.insert(cowbellAliasReminderOptins).ignore().values({ username });
}
