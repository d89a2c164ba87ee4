// mailcow's quarantine settings (reference 3.3): plain Redis strings that rspamd's pipe.php, the
// nightly age cleanup and the digest read. Written as quarantine('edit', {action: 'settings'}) in
// functions.quarantine.inc.php writes them: all eleven keys every time, with its normalisations
// (PHP's intval/floatval, max_age <= 0 → 365, an unknown release format → raw, an address that
// FILTER_VALIDATE_EMAIL refuses → ''). Cowbell's admin page and /api/v1 edit/quarantine both land here.
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { phpFloatString, phpFloatval, phpIntval, phpLooseEmptyString, phpString, phpValidEmail } from '../lib/mailcow/php-values.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { phpJson } from '../features/api-v1/php-json.ts';
import { DEFAULT_TEMPLATE, templateProblem } from '../jobs/digest-template.ts';
import { jsonList } from '../features/quarantine/settings.ts';
import type { QuarantineSettingsInput, QuarantineSettingsView } from './quarantine-settings.schema.ts';

/** The attributes as mailcow's form and API name them; values as PHP would receive them. */
export type MailcowQuarantineSettings = Partial<Record<'retention_size' | 'release_format' | 'max_size' | 'max_score' | 'max_age' | 'subject'
  | 'bcc' | 'redirect' | 'sender' | 'html_tmpl' | 'exclude_domains', unknown>>;

const K = mailcowKeys;

/** PHP's (array) cast: null → [], a scalar → [it], an array or object as it is. */
function phpArray(v: unknown): unknown {
  if (v === undefined || v === null) return [];
  return typeof v === 'object' ? v : [v];
}

/** The eleven Redis values mailcow writes for these attributes. */
export function mailcowSettingsValues(d: MailcowQuarantineSettings): Record<string, string> {
  const maxAge = phpIntval(d.max_age);
  return {
    [K.quarantineRetention]: String(phpIntval(d.retention_size)),
    [K.quarantineMaxSize]: String(phpIntval(d.max_size)),
    [K.quarantineMaxScore]: phpLooseEmptyString(d.max_score) ? '' : phpFloatString(phpFloatval(d.max_score)),
    [K.quarantineMaxAge]: String(maxAge <= 0 ? 365 : maxAge),
    [K.quarantineExcludeDomains]: phpJson(phpArray(d.exclude_domains)),
    [K.quarantineReleaseFormat]: d.release_format === 'attachment' || d.release_format === 'raw' ? d.release_format : 'raw',
    [K.quarantineSender]: phpValidEmail(d.sender) ? d.sender : '',
    [K.quarantineBcc]: phpValidEmail(d.bcc) ? d.bcc : '',
    [K.quarantineRedirect]: phpValidEmail(d.redirect) ? d.redirect : '',
    [K.quarantineSubject]: phpString(d.subject),
    [K.quarantineHtml]: phpString(d.html_tmpl),
  };
}

/** Cowbell's form, already validated, in mailcow's names. */
export const fromCowbellInput = (s: QuarantineSettingsInput): MailcowQuarantineSettings => ({
  max_size: s.maxSize, retention_size: s.retentionSize, max_score: s.maxScore === null ? '' : s.maxScore, max_age: s.maxAge,
  exclude_domains: s.excludeDomains.map((d) => d.trim().toLowerCase()), release_format: s.releaseFormat, sender: s.sender, subject: s.subject,
  html_tmpl: s.htmlTemplate, bcc: s.bcc, redirect: s.redirect,
});

export async function saveQuarantineSettings(deps: Deps, actor: Actor, d: MailcowQuarantineSettings): Promise<void> {
  await authorize(deps.db, actor, { do: 'quarantine.adminSettings' });
  await deps.redis.mset(mailcowSettingsValues(d));
  // mailcow logs the attributes as sent, with action "settings".
  await writeAudit(deps.db, [{ type: 'success', msg: 'saved_settings', call: ['quarantine', 'edit', { action: 'settings', ...d, html_tmpl: typeof d.html_tmpl === 'string' ? d.html_tmpl.slice(0, 200) : d.html_tmpl }], ...auditedBy(actor) }], deps.now());
}

const num = (v: string | null) => (v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** What the keys hold, read as the readers read them (unset size and retention: 0, the quarantine off). */
export async function getQuarantineSettings(deps: Deps, actor: Actor): Promise<QuarantineSettingsView> {
  await authorize(deps.db, actor, { do: 'quarantine.adminSettings' });
  const [size, retention, score, age, exclude, format, sender, subject, html, bcc, redirect] = await deps.redis.mget(K.quarantineMaxSize,
    K.quarantineRetention, K.quarantineMaxScore, K.quarantineMaxAge, K.quarantineExcludeDomains, K.quarantineReleaseFormat, K.quarantineSender,
    K.quarantineSubject, K.quarantineHtml, K.quarantineBcc, K.quarantineRedirect);
  const maxAge = num(age);
  return {
    maxSize: Math.max(0, Math.trunc(num(size) ?? 0)),
    retentionSize: Math.max(0, Math.trunc(num(retention) ?? 0)),
    maxScore: num(score),
    maxAge: maxAge !== null && maxAge > 0 ? Math.trunc(maxAge) : 365,
    excludeDomains: jsonList(exclude),
    releaseFormat: format === 'attachment' ? 'attachment' : 'raw',
    sender: sender ?? '',
    subject: subject ?? '',
    htmlTemplate: html ?? '',
    defaultTemplate: DEFAULT_TEMPLATE,
    templateError: html ? templateProblem(html) : null,
    bcc: bcc ?? '',
    redirect: redirect ?? '',
  };
}
