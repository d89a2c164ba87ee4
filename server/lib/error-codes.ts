// The closed set of error codes the API returns. Shared with the client, which maps each to a message.
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'csrf_failed',
  'invalid_credentials',
  'account_disabled',
  'login_disallowed',
  'domain_inactive',
  'tfa_required',
  'rate_limited',
  /** The same thing is already under way (e.g. a notification button tapped twice). */
  'conflict',
  /** What the request would change was changed since it was read (another device, a notification's button): read it again. */
  'stale',
  'payload_too_large',
  /** mailcow's settings switch the quarantine off (Q_MAX_SIZE or Q_RETENTION_SIZE unset or 0). */
  'quarantine_off',
  /** The mailbox must change its password (mailcow's force_pw_update) before anything else. */
  'password_change_required',
  /** The last proof of identity is too old for this change: confirm with the password or a factor, then retry. */
  'step_up_required',
  /** A second-factor code (TOTP, Yubico OTP, recovery code) that is wrong, used already, or for another key. */
  'invalid_code',
  /** mailcow's force_tfa: the account must set up a second factor before anything else. */
  'tfa_enrolment_required',
  /** mailcow's last_key: the only active second factor cannot be removed on its own. */
  'last_key',
  /** mailcow's tfa_removal_blocked: force_tfa is set, so second factors cannot be switched off. */
  'tfa_removal_blocked',
  /** Recovery codes need a second factor to stand in for. */
  'no_second_factor',
  /** The Yubico OTP validation server could not be reached or gave no trustworthy answer. */
  'otp_server_unavailable',
  /** A security key's or passkey's answer was not accepted (unknown credential, bad signature, wrong origin). */
  'webauthn_failed',
  /** The WebAuthn challenge is gone (used, expired, or made for another ceremony): start again. */
  'challenge_expired',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why one field failed, as a closed set the client words per field (the message stays English, for
 * API callers). A zod refinement names its reason with `params: { code }`; anything else is 'invalid'.
 */
export const ISSUE_CODES = [
  'required', 'too_long', 'too_short', 'invalid',
  /** A repeated password that differs; the rules of mailcow's PASSWD_POLICY that a new password breaks. */
  'mismatch', 'needs_letters', 'needs_special_chars', 'needs_lowerupper', 'needs_numbers',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface ErrorIssue {
  path: string;
  message: string;
  code?: IssueCode;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues: ErrorIssue[]; retryAfter?: number };
}
