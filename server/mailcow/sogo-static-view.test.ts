// _sogo_static_view as mailcow writes it: each column checked, and the whole table compared with
// what mailcow's own statement (its views, created here verbatim) selects from the same rows.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alias, aliasDomain, mailbox, senderAcl } from '../../db/schema/mail.ts';
import { sogoStaticView } from '../../db/schema/sogo.ts';
import { insertDomain, insertMailbox } from '../lib/mailcow/provision.ts';
import { startFakeMemcached } from '../test/fakes.ts';
import { uid, useTestApp } from '../test/helpers.ts';
import { usePrivateDatabase } from '../test/private-database.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';

// Its own database: the comparison covers the whole table.
const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase() });
const db = () => ctx.deps.db;

// data/web/inc/init_db.inc.php (mailcow 06424670fa5d), verbatim.
const MAILCOW_VIEWS = [
  `CREATE VIEW grouped_mail_aliases (username, aliases) AS
        SELECT goto, IFNULL(GROUP_CONCAT(address ORDER BY address SEPARATOR ' '), '') AS address FROM alias
        WHERE address!=goto
        AND active = '1'
        AND sogo_visible = '1'
        AND address NOT LIKE '@%'
        GROUP BY goto;`,
  `CREATE VIEW grouped_sender_acl_external (username, send_as_acl) AS
        SELECT logged_in_as, IFNULL(GROUP_CONCAT(send_as SEPARATOR ' '), '') AS send_as_acl FROM sender_acl
        WHERE send_as NOT LIKE '@%' AND external = '1'
        GROUP BY logged_in_as;`,
  `CREATE VIEW grouped_domain_alias_address (username, ad_alias) AS
        SELECT username, IFNULL(GROUP_CONCAT(local_part, '@', alias_domain SEPARATOR ' '), '') AS ad_alias FROM mailbox
        LEFT OUTER JOIN alias_domain ON target_domain=domain
        GROUP BY username;`,
];

// update_sogo_static_view()'s SELECT (data/web/inc/functions.inc.php), verbatim but for the password.
const MAILCOW_SELECT = `SELECT
        mailbox.username,
        mailbox.domain,
        mailbox.username AS c_name,
        mailbox.name,
        mailbox.username AS mail,
        IFNULL(GROUP_CONCAT(ga.aliases ORDER BY ga.aliases SEPARATOR ' '), '') AS aliases,
        IFNULL(gda.ad_alias, '') AS ad_aliases,
        IFNULL(external_acl.send_as_acl, '') AS ext_acl,
        mailbox.kind,
        mailbox.multiple_bookings
      FROM
        mailbox
        LEFT OUTER JOIN grouped_mail_aliases ga ON ga.username REGEXP CONCAT('(^|,)', mailbox.username, '($|,)')
        LEFT OUTER JOIN grouped_domain_alias_address gda ON gda.username = mailbox.username
        LEFT OUTER JOIN grouped_sender_acl_external external_acl ON external_acl.username = mailbox.username
      WHERE
        mailbox.active = '1'
        GROUP BY mailbox.username`;

beforeAll(async () => {
  for (const view of MAILCOW_VIEWS) await db().execute(sql.raw(view));
});

const addAlias = (address: string, goto: string, o: { active?: number; sogoVisible?: number } = {}) =>
  db().insert(alias).values({ address, goto, domain: address.slice(address.lastIndexOf('@') + 1), active: o.active ?? 1,
    sogoVisible: o.sogoVisible ?? 1, senderAllowed: 1, internal: 0 });

async function world() {
  const id = uid();
  const d = `d${id}.test`;
  await insertDomain(db(), d);
  const user = await insertMailbox(db(), { localPart: 'alice', domain: d, passwordHash: 'x', name: 'Alice A.' });
  const bob = await insertMailbox(db(), { localPart: 'bob', domain: d, passwordHash: 'x' });
  await addAlias(`zz-own@${d}`, user);
  await addAlias(`team@${d}`, `${bob},${user}`);
  await addAlias(`sales@${d}`, `${bob},${user}`);
  await addAlias(`off@${d}`, user, { active: 0 });
  await addAlias(`hidden@${d}`, user, { sogoVisible: 0 });
  await addAlias(`@${d}`, user);
  await db().insert(aliasDomain).values([{ aliasDomain: `a${id}.test`, targetDomain: d }, { aliasDomain: `b${id}.test`, targetDomain: d, active: 0 }]);
  await db().insert(senderAcl).values([
    { loggedInAs: user, sendAs: `boss@x${id}.example`, external: 1 },
    { loggedInAs: user, sendAs: `@y${id}.example`, external: 1 },
    { loggedInAs: user, sendAs: `info@${d}`, external: 0 },
  ]);
  return { id, d, user, bob };
}

const rowOf = async (user: string) => (await db().select().from(sogoStaticView).where(eq(sogoStaticView.cUid, user)))[0];

describe('syncSogoStaticView', () => {
  it('writes what SOGo offers as From: visible active aliases, alias-domain addresses, external addresses', async () => {
    const w = await world();
    const result = await syncSogoStaticView(ctx.deps, [w.user]);
    expect(result).toMatchObject({ upserted: 1, cache: 'off' });
    const row = await rowOf(w.user);
    expect(row).toMatchObject({
      domain: w.d, cName: w.user, cCn: 'Alice A.', mail: w.user, kind: '', multipleBookings: -1,
      // Grouped by goto as mailcow's view does: the shared group ("bob,alice") sorts before alice's own.
      aliases: `sales@${w.d} team@${w.d} zz-own@${w.d}`,
      extAcl: `boss@x${w.id}.example`,
    });
    // Every alias domain of the mailbox's domain, active or not (mailcow's view does not ask).
    expect(row.adAliases.split(' ').sort()).toEqual([`alice@a${w.id}.test`, `alice@b${w.id}.test`]);
    expect(row.cPassword).toMatch(/^\{SSHA256\}[A-Za-z0-9+/]{64}$/);
    // Only the named mailbox was written.
    expect(await rowOf(w.bob)).toBeUndefined();
  });

  it('keeps a row\'s password, follows later changes, and drops rows of mailboxes that are not active', async () => {
    const w = await world();
    await syncSogoStaticView(ctx.deps, [w.user, w.bob]);
    const before = await rowOf(w.user);
    expect((await rowOf(w.bob)).cPassword).not.toBe(before.cPassword);
    await db().update(mailbox).set({ name: 'Alice B.' }).where(eq(mailbox.username, w.user));
    await db().update(alias).set({ active: 0 }).where(eq(alias.address, `team@${w.d}`));
    await db().update(mailbox).set({ active: 2 }).where(eq(mailbox.username, w.bob));
    const result = await syncSogoStaticView(ctx.deps, [w.user]);
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const after = await rowOf(w.user);
    expect(after).toMatchObject({ cCn: 'Alice B.', aliases: `sales@${w.d} zz-own@${w.d}`, cPassword: before.cPassword });
    expect(await rowOf(w.bob)).toBeUndefined();
  });

  it("matches mailcow's own statement over the whole table", async () => {
    await world();
    await world();
    await syncSogoStaticView(ctx.deps);
    const [expected] = await db().execute(sql.raw(MAILCOW_SELECT));
    const mailcow = (expected as unknown as Record<string, unknown>[]).map((r) => ({
      cUid: r.username, domain: r.domain, cName: r.c_name, cCn: r.name, mail: r.mail, aliases: r.aliases,
      adAliases: r.ad_aliases, extAcl: r.ext_acl, kind: r.kind, multipleBookings: Number(r.multiple_bookings),
    }));
    const ours = (await db().select().from(sogoStaticView)).map(({ cPassword: _p, cL: _l, cO: _o, cOu: _ou, cTelephonenumber: _t, ...r }) => r);
    const byUid = (rows: { cUid: unknown }[]) => [...rows].sort((a, b) => String(a.cUid).localeCompare(String(b.cUid)));
    expect(byUid(ours)).toEqual(byUid(mailcow));
  });
});

describe("SOGo's memcached", () => {
  let memcached: Awaited<ReturnType<typeof startFakeMemcached>>;
  beforeAll(async () => { memcached = await startFakeMemcached('OK'); });
  afterAll(() => memcached.close());

  it('is emptied with flush_all after a sync when SOGO_MEMCACHED is set', async () => {
    const deps = { ...ctx.deps, env: { ...ctx.deps.env, SOGO_MEMCACHED: memcached.target } };
    const w = await world();
    expect((await syncSogoStaticView(deps, [w.user])).cache).toBe('done');
    expect(memcached.received).toEqual(['flush_all\r\n']);
  });

  it('is left alone when unreachable: the view is written all the same', async () => {
    const gone = await startFakeMemcached('OK');
    await gone.close();
    const deps = { ...ctx.deps, env: { ...ctx.deps.env, SOGO_MEMCACHED: gone.target } };
    const w = await world();
    expect((await syncSogoStaticView(deps, [w.user])).cache).toBe('failed');
    expect(await rowOf(w.user)).toBeDefined();
  });
});
