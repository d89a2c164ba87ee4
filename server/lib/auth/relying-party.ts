// Who WebAuthn credentials are bound to. A credential only works for the RP id it was made for, and
// mailcow makes its own with the host name of its UI (the Host header without the port); keys are
// shared with mailcow only when both use the same id. The origins a browser may report are explicit,
// so a forged Host header can never widen them.
import type { Env } from '../../env.ts';

export interface RelyingParty {
  /** The RP id new credentials are made for and assertions are checked against. */
  id: string;
  /** Every origin a ceremony may come from (clientDataJSON.origin must be one of them). */
  origins: string[];
  name: string;
}

export function allowedOrigins(env: Env): string[] {
  return env.WEBAUTHN_ORIGINS.length > 0 ? env.WEBAUTHN_ORIGINS : [new URL(env.PUBLIC_URL).origin];
}

/**
 * `requestHost`: the Host header. It is used as the RP id (as mailcow does) only when it names the
 * host of an allowed origin; otherwise the first allowed origin's host is.
 */
export function relyingParty(env: Env, requestHost: string | undefined): RelyingParty {
  const origins = allowedOrigins(env);
  if (env.WEBAUTHN_RP_ID) return { id: env.WEBAUTHN_RP_ID, origins, name: 'Cowbell' };
  const hosts = origins.map((o) => new URL(o).hostname);
  const asked = (requestHost ?? '').toLowerCase().replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return { id: hosts.includes(asked) ? asked : hosts[0], origins, name: 'Cowbell' };
}

/**
 * The RP ids an assertion of a mailcow second-factor key may carry: mailcow asks with the `appid`
 * extension set to `https://<rpId>`, so a key registered long ago through U2F signs for that URL.
 */
export const tfaRpIds = (rp: RelyingParty) => [rp.id, `https://${rp.id}`];
