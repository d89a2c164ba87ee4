// Typed API client: Hono RPC over the server's AppType, with the CSRF echo and one error path.
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '../../server/app.ts';
import type { ErrorBody } from '../../server/lib/error-codes.ts';
import { ApiError } from './errors.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The double-submit token; over HTTPS the server names its cookie with the `__Host-` prefix. */
function csrfToken(): string | undefined {
  const cookies = document.cookie.split('; ');
  const read = (name: string) => cookies.find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
  return read('__Host-cowbell_csrf') ?? read('cowbell_csrf');
}

export const api = hc<AppType>('/api', {
  fetch: (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const token = csrfToken();
    if (token && UNSAFE.has((init.method ?? 'GET').toUpperCase())) headers.set('x-csrf-token', token);
    return fetch(input, { ...init, headers, credentials: 'same-origin' });
  },
});

let sessionRefused: (() => Promise<void>) | null = null;
/** Called (once per refusal) when the server says the session is gone or held to a password change. */
export function onSessionRefused(handler: () => Promise<void>): void {
  sessionRefused = handler;
}
const SESSION_REFUSALS = new Set(['unauthenticated', 'password_change_required']);

/** Awaits a call and returns its JSON, or throws ApiError with the server's code. */
export async function call<T>(request: Promise<ClientResponse<T>>): Promise<T> {
  let res: ClientResponse<T>;
  try {
    res = await request;
  } catch {
    throw new ApiError('network', 'network unreachable');
  }
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  if (!body?.error) throw new ApiError(res.status >= 500 ? 'internal' : 'network', `HTTP ${res.status}`);
  // Its own failure (offline) leaves the page where it is; the caller still gets this error.
  if (SESSION_REFUSALS.has(body.error.code)) void sessionRefused?.().catch(() => {});
  throw new ApiError(body.error.code, body.error.message, body.error.issues, body.error.retryAfter);
}
