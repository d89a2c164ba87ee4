// The password-manager API: SimpleLogin's and addy.io's alias endpoints on Cowbell's own URL, for
// Bitwarden's forwarders (docs/password-manager-apis.md). Mounted before the app's /api routes, so
// neither the session nor the CSRF guard runs on these paths: the token is the only credential.
import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { ADDY_PATH, addyRoutes } from './addy.routes.ts';
import { SIMPLELOGIN_PATH, simpleLoginRoutes } from './simplelogin.routes.ts';
import { createTokenLimits } from './token-limits.ts';

export function passwordManagerRoutes(deps: Deps) {
  const limits = createTokenLimits(deps.redis, {
    maxFailuresPerIp: deps.env.SIGNIN_MAX_FAILURES_PER_IP,
    lockSeconds: deps.env.SIGNIN_LOCK_SECONDS,
    maxPerMinute: deps.env.ALIAS_TOKEN_MAX_PER_MINUTE,
  });
  return new Hono<AppEnv>()
    .route('/', simpleLoginRoutes({ ...deps, limits }))
    .route('/', addyRoutes({ ...deps, limits }));
}

const PASSWORD_MANAGER_PATHS = new Set([SIMPLELOGIN_PATH, ADDY_PATH]);

/**
 * The app's request path (below BASE_PATH), except that `//api/…` reaches the password-manager
 * endpoints: Bitwarden appends "/api/…" to the base URL as typed, so a base URL ending in "/" sends
 * a doubled slash. Every other path is left exactly as it came.
 */
export function appPath(path: string): string {
  if (!path.startsWith('//')) return path;
  const single = path.replace(/^\/+/, '/');
  return PASSWORD_MANAGER_PATHS.has(single) ? single : path;
}
