// mailcow's force_tfa: a session signed in without any second factor on file reaches the factor
// routes (list, set up, add: /api/account/factors/…, security keys included), its own session state
// and sign-out, and nothing else, until a factor is added. A forced password change goes first.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import type { AppEnv } from './middleware.ts';

// Confirming with the password stays open: enrolment needs a fresh proof like any factor change.
const OPEN_WHILE_ENROLLING = new Set(['GET /api/session', 'POST /api/session', 'DELETE /api/session', 'PUT /api/account/password', 'POST /api/account/confirm', 'GET /api/health']);
const FACTOR_ROUTES = '/api/account/factors';

const open = (method: string, path: string) =>
  OPEN_WHILE_ENROLLING.has(`${method} ${path}`) || path === FACTOR_ROUTES || path.startsWith(`${FACTOR_ROUTES}/`);

export const tfaEnrolmentGuard = createMiddleware<AppEnv>(async (c, next) => {
  const session = c.get('session');
  if (session?.state === 'active' && session.mustEnrolTfa && !open(c.req.method, c.req.path)) {
    throw new AppError('tfa_enrolment_required', 'Set up a second factor before you go on.');
  }
  await next();
});
