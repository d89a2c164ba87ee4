// Response headers for every page: the app's own CSP (no inline script; inline style only because
// the message preview's srcdoc frame inherits this policy), HSTS once the user came over HTTPS,
// and the usual isolation headers.
import { createMiddleware } from 'hono/factory';
import type { Env } from '../env.ts';
import type { AppEnv } from './auth/middleware.ts';
import { requestIsHttps } from './http.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
  // Remote images appear only inside the sandboxed preview, and only when the user asks for them.
  "img-src 'self' data: blob: https: http:", "connect-src 'self'", "font-src 'self'", "object-src 'none'",
  "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "worker-src 'self'", "manifest-src 'self'",
].join('; ');

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()';

/** What only a document (or a worker's own script) obeys: CSP, framing, opener and permissions policy. */
const DOCUMENT_ONLY = ['Content-Security-Policy', 'X-Frame-Options', 'Cross-Origin-Opener-Policy', 'Permissions-Policy'];

/**
 * Scripts and styles loaded by a page: on these the document-only headers would be ~600 bytes per file
 * of nothing (HTTP/1.1 repeats them uncompressed). The service worker's script keeps them.
 */
const isSubresource = (path: string, type: string | null) =>
  path !== '/sw.js' && /^(text\/css|text\/javascript|application\/javascript)\b/.test(type ?? '');

export function securityHeaders(env: Env) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Set before the answer is made, so it is built with them: c.header() on a finished answer
    // rebuilds it, once per header.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    if (env.PUBLIC_URL.startsWith('https:') || requestIsHttps(c, env)) {
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', PERMISSIONS_POLICY);
    const api = c.req.path.startsWith('/api/');
    if (!api) {
      c.header('X-Frame-Options', 'DENY');
      c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    }
    await next();
    // API answers are the account's own (a new TOTP secret, recovery codes, an app password): never
    // kept by a cache on the way or in the browser's, unless a route says otherwise.
    if (api && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
    if (!api && isSubresource(c.req.path, c.res.headers.get('content-type'))) {
      for (const name of DOCUMENT_ONLY) c.res.headers.delete(name);
    }
  });
}
