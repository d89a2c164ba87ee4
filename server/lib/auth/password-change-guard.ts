// mailcow's force_pw_update: a session signed in while it is set reaches the password change, its
// own session state and sign-out, and nothing else, until the password is changed.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import type { AppEnv } from './middleware.ts';

const OPEN_WHILE_FORCED = new Set(['GET /api/session', 'POST /api/session', 'DELETE /api/session', 'PUT /api/account/password', 'GET /api/health']);

export const passwordChangeGuard = createMiddleware<AppEnv>(async (c, next) => {
  const session = c.get('session');
  if (session?.state === 'active' && session.mustChangePassword && !OPEN_WHILE_FORCED.has(`${c.req.method} ${c.req.path}`)) {
    throw new AppError('password_change_required', 'Your password must be changed before you can go on.');
  }
  await next();
});
