// The one place an error code becomes words on screen.
import type { ErrorCode, ErrorIssue } from '../../server/lib/error-codes.ts';

export type ClientErrorCode = ErrorCode | 'network';

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

type Translate = (key: string, named?: Record<string, unknown>) => string;

export function errorMessage(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.internal');
  const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
  const key = `errors.${error.code}`;
  const text = t(key, { minutes });
  // A code from a newer server than this client: still words, never the bare key.
  return text === key ? t('errors.internal') : text;
}
