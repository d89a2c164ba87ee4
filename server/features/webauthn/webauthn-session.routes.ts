// Sign-in with WebAuthn (mounted under /api/session): a security key as the second step, and a
// passkey alone. Both answer like POST /api/session: new cookies and the session's view.
import { Hono, type Context } from 'hono';
import { readCookie, setSessionCookies, type AppEnv } from '../../lib/auth/middleware.ts';
import { relyingParty } from '../../lib/auth/relying-party.ts';
import type { Session } from '../../lib/auth/session-store.ts';
import { AppError } from '../../lib/errors.ts';
import { validate } from '../../lib/validate.ts';
import type { SessionView } from '../session/session.schema.ts';
import { pendingSession, toView, type SignInDeps } from '../session/session.service.ts';
import * as passkeys from './passkeys.service.ts';
import * as securityKeys from './security-keys.service.ts';
import { assertionInput } from './webauthn.schema.ts';

export function webauthnSessionRoutes(deps: SignInDeps) {
  const rp = (c: Context) => relyingParty(deps.env, c.req.header('host'));
  const pending = (c: Context<AppEnv>) => pendingSession(c.get('sessionId'), c.get('session'));
  /** An anonymous browser is known by its CSRF cookie (the CSRF guard has matched it to the header). */
  const browser = (c: Context<AppEnv>) => {
    const token = readCookie(c, deps, 'csrf');
    if (!token) throw new AppError('csrf_failed', 'Reload the page and try again.');
    return token;
  };
  const signedIn = (c: Context<AppEnv>, made: { id: string; session: Session }) => {
    setSessionCookies(c, deps, made.id, made.session.csrf);
    return c.json({ session: toView(made.session) } as { session: SessionView }, 200);
  };

  return new Hono<AppEnv>()
    .post('/tfa/webauthn/options', async (c) => c.json(await securityKeys.signInOptions(deps, rp(c), pending(c)), 200))
    .post('/tfa/webauthn', validate('json', assertionInput), async (c) =>
      signedIn(c, await securityKeys.signInWithKey(deps, rp(c), pending(c), c.req.valid('json').response, c.var.actor.ip)))
    .post('/passkey/options', async (c) => c.json(await passkeys.signInOptions(deps, rp(c), browser(c)), 200))
    .post('/passkey', validate('json', assertionInput), async (c) => {
      const made = await passkeys.signInWithPasskey(deps, rp(c), browser(c), c.req.valid('json').response, c.var.actor.ip, c.req.header('user-agent'));
      const old = c.get('sessionId');
      if (old) await deps.sessions.destroy(old);
      return signedIn(c, made);
    });
}
