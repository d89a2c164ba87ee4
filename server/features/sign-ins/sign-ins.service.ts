// Recent sign-ins of a mailbox, as mailcow's get/last-login shows them: sasl_log grouped by address,
// service and app password, with the app password's name and the place of the address (mailcow's own
// IP_SHORTCOUNTRY cache; private and reserved addresses are "internal"). Cowbell adds the device of
// its own web sign-ins, which sasl_log does not keep.
import { and, desc, eq, gt, max, sql } from 'drizzle-orm';
import { appPasswd } from '../../../db/schema/access.ts';
import { saslLog } from '../../../db/schema/audit.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { decodeHtmlText } from '../../lib/mailcow/html-text.ts';
import { isPublicAddress } from '../../lib/outbound.ts';
import { keys, mailcowKeys } from '../../lib/redis-keys.ts';
import type { SignInView } from './sign-ins.schema.ts';

const LIMIT = 100;

export interface SaslSignIn {
  service: string;
  ip: string;
  /** sasl_log's app_password: the id, 0 or null for the main password. */
  appPassword: number | null;
  /** MAX(datetime) of the group. */
  at: string;
  /** The app password's name as mailcow stores it (HTML-escaped), when it still exists. */
  name: string | null;
  /** mailcow's IP_SHORTCOUNTRY cache for the address, never looked up elsewhere. */
  country: string | null;
}

/**
 * mailcow's last_login('get') over sasl_log: the latest sign-in per address, service and app password
 * within `days`, newest first, with the app password's name and the address's cached country.
 */
export async function recentSignIns(deps: Deps, username: string, days: number, limit?: number): Promise<SaslSignIn[]> {
  const at = max(saslLog.datetime);
  const query = deps.db.select({ service: saslLog.service, ip: saslLog.realRip, appPassword: saslLog.appPassword, at, name: appPasswd.name })
    .from(saslLog)
    // The app password's own mailbox only: an id alone could name another mailbox's.
    .leftJoin(appPasswd, and(eq(appPasswd.id, saslLog.appPassword), eq(appPasswd.mailbox, saslLog.username)))
    .where(and(eq(saslLog.username, username), gt(saslLog.datetime, sql`NOW() - INTERVAL ${days} DAY`)))
    .groupBy(saslLog.realRip, saslLog.service, saslLog.appPassword, appPasswd.name)
    .orderBy(desc(at));
  const rows = limit === undefined ? await query : await query.limit(limit);
  if (rows.length === 0) return [];
  const ips = [...new Set(rows.map((r) => r.ip))];
  const countries = await deps.redis.hmget(mailcowKeys.ipCountry, ...ips);
  const countryOf = new Map(ips.map((ip, i) => [ip, countries[i]]));
  return rows.map((r) => ({ ...r, at: r.at!, country: countryOf.get(r.ip) ?? null }));
}

export async function listSignIns(deps: Deps, actor: Actor, days: number): Promise<SignInView[]> {
  await authorize(deps.db, actor, { do: 'account.signIns' });
  const rows = await recentSignIns(deps, actor.username, days, LIMIT);
  if (rows.length === 0) return [];
  const ips = [...new Set(rows.map((r) => r.ip))];
  const devices = await deps.redis.hmget(keys.signinDevices(actor.username), ...ips);
  const deviceOf = new Map(ips.map((ip, i) => [ip, devices[i]]));
  return rows.map((r) => {
    const country = r.country;
    const web = r.service === 'MAILCOWUI';
    return {
      service: r.service,
      ip: r.ip,
      at: r.at,
      appPassword: r.appPassword ? { id: r.appPassword, name: r.name === null ? null : decodeHtmlText(r.name) } : null,
      place: !isPublicAddress(r.ip) ? { internal: true } : country && /^[A-Z]{2}$/.test(country) ? { country } : null,
      device: web ? deviceOf.get(r.ip) ?? null : null,
    };
  });
}
