// get/last-login/<username>[/<days>] (reference 10.2) over the sign-ins service. Places come from
// mailcow's IP_SHORTCOUNTRY cache only: Cowbell never asks a service on the internet about an address.
import { isPublicAddress } from '../../../lib/outbound.ts';
import { mayWrite } from '../../../lib/authz/api-access.ts';
import { forgetSignIns, mailboxSignIns } from '../../sign-ins/mailbox-sign-ins.ts';
import { phpIntval, refusalOf } from '../php-values.ts';
import { data, type V1Call, type V1Family } from '../v1-types.ts';

async function getLastLogin({ deps, actor, object, extra }: V1Call) {
  // mailcow answers an empty body without a username; '{}' reads the same to a JSON client.
  if (!object) return data(null);
  const days = extra !== undefined && phpIntval(extra) >= 1 ? phpIntval(extra) : 7;
  try {
    const found = await mailboxSignIns(deps, actor, object, days);
    return data({
      // mailcow: an empty PHP array for whoever may not see it, false for an admin when there is none.
      ui: found.ui === undefined ? [] : found.ui ?? false,
      sasl: found.sasl.map((r) => ({
        real_rip: isPublicAddress(r.ip) ? r.ip : `Web/EAS/Internal (${r.ip})`,
        datetime: r.at, service: r.service, app_password: r.appPassword, app_password_name: r.name,
        ...(isPublicAddress(r.ip) ? { location: r.country ?? false } : {}),
      })),
    });
  } catch (e) {
    // A mailbox outside the caller's scope: mailcow's answer with nothing in it.
    refusalOf(e);
    return data({ ui: [], sasl: [] });
  }
}

/**
 * get/reset-last-login/<username>: a GET that deletes (mailcow's "Todo: move to delete"). mailcow lets a
 * read-only key do it; Cowbell refuses it as it refuses that key's other writes.
 */
async function resetLastLogin({ deps, actor, object }: V1Call) {
  if (!object) return data(null);
  if (!mayWrite(actor)) return { kind: 'raw' as const, status: 403, body: { type: 'error', msg: 'API read/write access denied' } };
  try {
    await forgetSignIns(deps, actor, object);
  } catch (e) {
    // Outside the caller's scope nothing is deleted, and mailcow answers true all the same.
    refusalOf(e);
  }
  return data(true);
}

export const lastLoginFamily: V1Family = { get: { 'last-login': getLastLogin, 'reset-last-login': resetLastLogin } };
