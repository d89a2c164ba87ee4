// What the time-limited alias tests share: a clock in seconds, actors, a world with its user as an
// actor, alias domains, and readers for the stored row, its audit rows and a refusal's code.
import { eq, like } from 'drizzle-orm';
import { expect } from 'vitest';
import { logs } from '../../db/schema/audit.ts';
import { aliasDomain, spamalias } from '../../db/schema/mail.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { seedWorld, uid, type TestContext } from './helpers.ts';

export function spamaliasFixture(ctx: TestContext) {
  const now = () => Math.floor(ctx.clock.now / 1000);
  const as = (username: string, role: Actor['role'] = 'user'): Actor => ({ kind: 'session', username, role, ip: '198.51.100.7' });

  async function world() {
    const w = await seedWorld(ctx);
    return { ...w, alice: as(w.user) };
  }

  async function addAliasDomain(target: string, active = 1) {
    const name = `a${uid()}.test`;
    await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: name, targetDomain: target, active });
    return name;
  }

  const stored = async (address: string) => (await ctx.deps.db.select().from(spamalias).where(eq(spamalias.address, address)))[0];
  const auditOf = (address: string) => ctx.deps.db.select().from(logs).where(like(logs.call, `%${address}%`)).orderBy(logs.id);

  async function refusal(p: Promise<unknown>) {
    const e = await p.then(() => null, (err: AppError) => err);
    expect(e, 'expected a refusal').not.toBeNull();
    return { code: e!.code, issues: e!.issues.map((i) => `${i.path}:${i.code}`) };
  }

  /** Random numbers from a list, then zeros. Each part draws its syllable count, then a consonant and a vowel per syllable. */
  return { now, as, world, addAliasDomain, stored, auditOf, refusal };
}
