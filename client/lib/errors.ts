// The one place an error becomes words on screen.
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

/**
 * The browser itself refused or failed (a permission, a missing API, its push service): not the
 * server's fault, so never worded as one. `key` is the i18n path of its message.
 */
export class BrowserError extends Error {
  constructor(readonly key: string, options?: { cause?: unknown }) {
    super(key, options);
  }
}

type Translate = (key: string, named?: Record<string, unknown>) => string;
/** What `useI18n()` returns is enough: pass it whole. */
export interface Words {
  t: Translate;
  te: (key: string) => boolean;
}

/** One field's issue in words: `validation.<field>.<code>` if the app has it, else `validation.<code>`. */
export function issueMessage({ t, te }: Words, issue: ErrorIssue): string {
  const code = issue.code ?? 'invalid';
  const own = `validation.${issue.path}.${code}`;
  return te(own) ? t(own) : t(`validation.${code}`);
}

/** For a form: the first issue of each field, in words, by field name (the server's paths). */
export function fieldErrors(words: Words, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path] ??= issueMessage(words, issue);
  return out;
}

/** Whole minutes until a throttled request may be tried again (a minute when the server did not say). */
export const retryMinutes = (error: ApiError) => Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));

/**
 * Any error in words. Given the whole `useI18n()` (not just `t`), a validation failure says what
 * was wrong with its first field, for screens that have no field to show it under; a form that
 * shows `fieldErrors` under its fields passes `t` and gets the general sentence.
 */
export function errorMessage(words: Translate | Words, error: unknown): string {
  const t = typeof words === 'function' ? words : words.t;
  if (error instanceof BrowserError) return t(error.key);
  if (!(error instanceof ApiError)) return t('errors.internal');
  if (error.code === 'validation_failed' && typeof words !== 'function' && error.issues.length > 0) {
    return issueMessage(words, error.issues[0]);
  }
  const key = `errors.${error.code}`;
  const text = t(key, { minutes: retryMinutes(error) });
  // A code from a newer server than this client: still words, never the bare key.
  return text === key ? t('errors.internal') : text;
}
