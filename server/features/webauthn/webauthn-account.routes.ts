// A signed-in account's WebAuthn (mounted under /api/account): registering a second-factor security
// key, its passkeys, and step-up with either.
import { Hono, type Context } from 'hono';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { relyingParty } from '../../lib/auth/relying-party.ts';
import { validate } from '../../lib/validate.ts';
import type { SignInDeps } from '../session/session.service.ts';
import { confirmOptions, confirmWithKey } from './confirm-with-key.service.ts';
import * as passkeys from './passkeys.service.ts';
import { addKey, addKeyOptions } from './security-keys.service.ts';
import { addPasskeyInput, addSecurityKeyInput, assertionInput, passkeyParam, renamePasskeyInput } from './webauthn.schema.ts';

export function webauthnAccountRoutes(deps: SignInDeps) {
  const rp = (c: Context) => relyingParty(deps.env, c.req.header('host'));
  const sid = (c: Context<SignedInEnv>) => c.var.sessionId!;

  return new Hono<SignedInEnv>()
    .post('/factors/webauthn/options', gate('factors.webauthn.add'), async (c) =>
      c.json(await addKeyOptions(deps, c.var.actor, rp(c), sid(c)), 200))
    .post('/factors/webauthn', gate('factors.webauthn.add'), validate('json', addSecurityKeyInput), async (c) =>
      c.json(await addKey(deps, c.var.actor, rp(c), { id: sid(c), session: c.var.session }, c.req.valid('json')), 201))
    .post('/confirm/webauthn/options', gate('account.confirm'), async (c) =>
      c.json(await confirmOptions(deps, c.var.actor, rp(c), sid(c)), 200))
    .post('/confirm/webauthn', gate('account.confirm'), validate('json', assertionInput), async (c) =>
      c.json(await confirmWithKey(deps, c.var.actor, rp(c), { id: sid(c), session: c.var.session }, c.req.valid('json').response), 200))
    .get('/passkeys', gate('passkeys.manage'), async (c) =>
      c.json({ passkeys: await passkeys.listOwnPasskeys(deps, c.var.actor) }, 200))
    .post('/passkeys/options', gate('passkeys.add'), async (c) =>
      c.json(await passkeys.addPasskeyOptions(deps, c.var.actor, rp(c), sid(c)), 200))
    .post('/passkeys', gate('passkeys.add'), validate('json', addPasskeyInput), async (c) =>
      c.json({ passkey: await passkeys.addPasskey(deps, c.var.actor, rp(c), sid(c), c.req.valid('json')) }, 201))
    .patch('/passkeys/:id', gate('passkeys.manage'), validate('param', passkeyParam), validate('json', renamePasskeyInput), async (c) => {
      await passkeys.renameOwnPasskey(deps, c.var.actor, c.req.valid('param').id, c.req.valid('json').friendlyName);
      return c.body(null, 204);
    })
    .delete('/passkeys/:id', gate('passkeys.remove'), validate('param', passkeyParam), async (c) => {
      await passkeys.removeOwnPasskey(deps, c.var.actor, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
