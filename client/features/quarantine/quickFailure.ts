// Why a digest link (/qhandler/…) did not do its job, in words for someone who may never have signed
// in to Cowbell: no setting names (the signed-in screens name RELEASE_SMTP_HOST, for admins), and what
// to do next.
import { ApiError, errorMessage, retryMinutes, type Words } from '../../lib/errors.ts';

/**
 * `failure` is the reason of a release the server answered with ok: false (ActionResult's `error`),
 * or what the request threw. The link page's own sentence (quarantine.quick.failed.<code>) wins;
 * other codes read as the app's general one.
 */
export function quickFailureText({ t, te }: Words, failure: unknown): string {
  const code = typeof failure === 'string' ? failure : failure instanceof ApiError ? failure.code : null;
  const own = `quarantine.quick.failed.${code}`;
  if (code && te(own)) return t(own, { minutes: failure instanceof ApiError ? retryMinutes(failure) : 1 });
  return errorMessage(t, failure);
}
