import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ISSUE_CODES, type ErrorBody, type ErrorCode, type ErrorIssue, type IssueCode } from './error-codes.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  csrf_failed: 403,
  invalid_credentials: 401,
  account_disabled: 403,
  login_disallowed: 403,
  domain_inactive: 403,
  tfa_required: 401,
  rate_limited: 429,
  conflict: 409,
  stale: 409,
  payload_too_large: 413,
  quarantine_off: 503,
  password_change_required: 403,
  step_up_required: 403,
  invalid_code: 401,
  tfa_enrolment_required: 403,
  last_key: 409,
  tfa_removal_blocked: 403,
  no_second_factor: 409,
  otp_server_unavailable: 502,
  webauthn_failed: 401,
  challenge_expired: 400,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
    /** Seconds until a retry can succeed (rate_limited). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }
}

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  origin?: string;
  minimum?: unknown;
  params?: Record<string, unknown>;
}

/** Only text and lists have a length; a number out of range is just 'invalid'. */
function issueCode(i: ZodLikeIssue): IssueCode {
  const named = i.params?.code;
  if (i.code === 'custom') return ISSUE_CODES.includes(named as IssueCode) ? (named as IssueCode) : 'invalid';
  const sized = i.origin === 'string' || i.origin === 'array';
  if (i.code === 'too_big' && sized) return 'too_long';
  if (i.code === 'too_small' && sized) return Number(i.minimum) <= 1 ? 'required' : 'too_short';
  return 'invalid';
}

export function zodIssues(error: { issues: readonly ZodLikeIssue[] }): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: issueCode(i) }));
}

export function errorBody(e: AppError): ErrorBody {
  return { error: { code: e.code, message: e.message, issues: e.issues, ...(e.retryAfter ? { retryAfter: e.retryAfter } : {}) } };
}

/**
 * A log line for an unexpected error that never carries data: a database error names its code and
 * the statement's shape, not its parameters (message bodies, passwords, addresses) nor the server's
 * message (which quotes values, e.g. "Duplicate entry 'x'"). The stack says where it happened.
 */
export function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; stack?: string; query?: string; cause?: { code?: string; errno?: number } };
  // Only the frames: the stack's head repeats the message, which for a query error lists its parameters.
  const frames = (e.stack ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('at ')).slice(0, 5).join(' | ');
  const db = e.cause?.code ?? (e as { code?: string }).code;
  if (typeof e.query === 'string' || (typeof db === 'string' && /^(ER_|ECONN|PROTOCOL_)/.test(db))) {
    const shape = typeof e.query === 'string' ? e.query.replace(/\s+/g, ' ').slice(0, 200) : '';
    return `database error ${db ?? 'unknown'}${e.cause?.errno ? ` (${e.cause.errno})` : ''}${shape ? ` in: ${shape}` : ''} ${frames}`;
  }
  return `${e.name ?? 'Error'}: ${(e.message ?? String(err)).slice(0, 300)} ${frames}`;
}

/**
 * Any error as an AppError: Hono's own 4xx (e.g. a body that is not JSON) join the closed set of
 * codes; anything unexpected is logged (without data) and becomes an 'internal' that echoes nothing.
 */
export function toAppError(err: Error, c: Context): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException && err.status < 500) {
    const code = ({ 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' } as const)[err.status as 401] ?? 'validation_failed';
    return new AppError(code, err.message || 'The request could not be read.');
  }
  console.error(`[cowbell] unhandled error on ${c.req.method} ${c.req.path.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?')}: ${describeError(err)}`);
  return new AppError('internal', 'Something went wrong on our side.');
}

/** The one error funnel: AppErrors become their JSON body, anything else a 500 that echoes nothing. */
export function handleError(err: Error, c: Context): Response {
  const e = toAppError(err, c);
  if (e.retryAfter) c.header('Retry-After', String(e.retryAfter));
  return c.json(errorBody(e), e.status);
}
