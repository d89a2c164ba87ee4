// Against a real mailcow (opt-in: MAILCOW_PEER_DATABASE_URL, MAILCOW_PEER_API, MAILCOW_PEER_API_KEY):
// the same mailbox created once by mailcow's /api/v1 and once by Cowbell's service in mailcow's own
// database must leave the same rows, and mailcow must read Cowbell's mailbox as its own.
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { uid, useTestApp } from '../test/helpers.ts';
import { as, rowsOf } from '../test/mailbox-fixture.ts';
import { createMailbox, deleteMailbox, editMailbox } from './mailbox.service.ts';

const PEER_DB = process.env.MAILCOW_PEER_DATABASE_URL;
const API = process.env.MAILCOW_PEER_API;
const KEY = process.env.MAILCOW_PEER_API_KEY ?? '';
const ctx = PEER_DB ? useTestApp({ DATABASE_URL: PEER_DB, COWBELL_DB_MODE: 'attach' }) : undefined;

async function mailcow(path: string, body?: unknown) {
  const res = await fetch(`${API}/api/v1/${path}`, {
    method: body === undefined ? 'GET' : 'POST', headers: { 'X-API-Key': KEY, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<unknown>;
}

describe.skipIf(!PEER_DB || !API)('against a real mailcow', () => {
  const name = `peer${uid()}.test`;
  const admin = as('admin', 'admin');
  afterAll(async () => { await mailcow('delete/domain', [name]); });

  it('writes what mailcow writes, and mailcow reads it back', async () => {
    expect(await mailcow('add/domain', { domain: name, mailboxes: '10', defquota: '100', maxquota: '200', quota: '1000', active: '1', restart_sogo: '0' })).toBeTruthy();
    expect(JSON.stringify(await mailcow('add/mailbox', { local_part: 'bymailcow', domain: name, name: 'Same', password: 'Secret-123', password2: 'Secret-123',
      quota: '150', active: '1', force_pw_update: '1', tls_enforce_in: '1', tls_enforce_out: '0', sogo_access: '0', tags: ['t1'] }))).toContain('mailbox_added');
    await createMailbox(ctx!.deps, admin, { localPart: 'bycowbell', domain: name, name: 'Same', password: 'Secret-123', quota: 150, active: 1,
      forcePwUpdate: true, tlsEnforceIn: true, tlsEnforceOut: false, sogoAccess: false, tags: ['t1'] });
    const strip = (rows: Awaited<ReturnType<typeof rowsOf>>, who: string) => JSON.parse(JSON.stringify({
      ...rows, mailbox: { ...rows.mailbox, password: rows.mailbox!.password.slice(0, 13), attributes: { ...rows.mailbox!.attributes, passwd_update: 'x' } },
    }).replaceAll(who, 'WHO'));
    expect(strip(await rowsOf(ctx!, `bycowbell@${name}`), 'bycowbell')).toEqual(strip(await rowsOf(ctx!, `bymailcow@${name}`), 'bymailcow'));
    const seen = await mailcow(`get/mailbox/bycowbell@${name}`) as { username: string; quota: number; attributes: Record<string, string> };
    expect(seen).toMatchObject({ username: `bycowbell@${name}`, quota: 150 * 1048576 });

    await mailcow('edit/mailbox', { items: [`bymailcow@${name}`], attr: { name: 'Fixed', quota: '120', active: '2', force_tfa: '1', protocol_access: ['imap', 'smtp'] } });
    await editMailbox(ctx!.deps, admin, `bycowbell@${name}`, { name: 'Fixed', quota: 120, active: 2, forceTfa: true,
      protocolAccess: { imap: true, pop3: false, smtp: true, sieve: false, eas: false, dav: false } });
    expect(strip(await rowsOf(ctx!, `bycowbell@${name}`), 'bycowbell')).toEqual(strip(await rowsOf(ctx!, `bymailcow@${name}`), 'bymailcow'));

    await mailcow('delete/mailbox', [`bymailcow@${name}`]);
    await deleteMailbox(ctx!.deps, admin, `bycowbell@${name}`);
    expect(await rowsOf(ctx!, `bycowbell@${name}`)).toEqual(await rowsOf(ctx!, `bymailcow@${name}`));
    const [left] = (await ctx!.deps.db.execute(sql`SELECT COUNT(*) AS n FROM mailbox WHERE domain = ${name}`))[0] as unknown as { n: number }[];
    expect(Number(left.n)).toBe(0);
  });
});
