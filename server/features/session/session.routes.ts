import { Hono } from 'hono';
import { clearSessionCookie, ensureCsrfCookie, setSessionCookies, type AppEnv } from '../../lib/auth/middleware.ts';
import { validate } from '../../lib/validate.ts';
import { signInSchema, type SessionView } from './session.schema.ts';
import { signIn, toView, type SignInDeps } from './session.service.ts';

export function sessionRoutes(deps: SignInDeps) {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const session = c.get('session');
      // Anonymous visitors get their CSRF token here, before they can post a sign-in.
      if (!session) ensureCsrfCookie(c, deps);
      return c.json({ session: session ? toView(session) : null } as { session: SessionView | null }, 200);
    })
    .post('/', validate('json', signInSchema), async (c) => {
      const old = c.get('sessionId');
      if (old) await deps.sessions.destroy(old);
      const { id, session } = await signIn(deps, c.var.actor, c.req.valid('json'), c.req.header('user-agent'));
      setSessionCookies(c, deps, id, session.csrf);
      return c.json({ session: toView(session) }, 200);
    })
    .delete('/', async (c) => {
      const id = c.get('sessionId');
      if (id) await deps.sessions.destroy(id);
      clearSessionCookie(c, deps);
      return c.body(null, 204);
    });
}
