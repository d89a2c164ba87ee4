import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import de from './i18n/de.json';
import en from './i18n/en.json';
import { outcomeTone, summarize, toOutcome } from './actionSummary.ts';

const i18n = createI18n({ legacy: false, locale: 'en', messages: { en, de }, missingWarn: false, fallbackWarn: false });
const t = (locale: 'en' | 'de') => {
  i18n.global.locale.value = locale;
  return i18n.global.t as (key: string, named?: Record<string, unknown>, plural?: number) => string;
};

describe('summarize', () => {
  it('counts what was done, with thousands separators', () => {
    const results = Array.from({ length: 1200 }, (_, i) => ({ id: i + 1, ok: true }));
    expect(summarize(t('en'), 'en', toOutcome('delete', results))).toBe('Deleted 1,200 messages.');
    expect(summarize(t('de'), 'de', toOutcome('delete', results))).toBe('1.200 Nachrichten gelöscht.');
    expect(summarize(t('en'), 'en', toOutcome('release', [{ id: 1, ok: true }]))).toBe('Released 1 message.');
  });

  it('names the reasons of failures, with counts when there are several', () => {
    const o = toOutcome('release', [{ id: 1, ok: true }, { id: 2, ok: false, error: 'release_failed' }]);
    expect(summarize(t('en'), 'en', o)).toBe('Released 1 message. 1 failed: The mail server (RELEASE_SMTP_HOST) did not take the message.');
    expect(outcomeTone(o)).toBe('warning');
    const mixed = toOutcome('release', [
      { id: 1, ok: false, error: 'not_found' }, { id: 2, ok: false, error: 'not_found' },
      { id: 3, ok: false, error: 'mail_server_unreachable' as never },
    ]);
    expect(summarize(t('en'), 'en', mixed)).toBe('3 failed: 2× Already gone (released or deleted elsewhere). '
      + '1× Release needs the mail server (RELEASE_SMTP_HOST), which could not be reached.');
    expect(summarize(t('de'), 'de', toOutcome('release', [{ id: 3, ok: false, error: 'mail_server_unreachable' as never }])))
      .toBe('1 fehlgeschlagen: Freigeben braucht den Mailserver (RELEASE_SMTP_HOST), der nicht erreichbar war.');
    expect(outcomeTone(mixed)).toBe('danger');
  });

  it('reads an unknown failure code as a generic failure, and a release that could not be learned as partial', () => {
    expect(summarize(t('en'), 'en', toOutcome('delete', [{ id: 1, ok: false, error: 'brand_new' as never }])))
      .toBe('1 failed: Something went wrong on our side.');
    const partial = toOutcome('learn_ham', [{ id: 1, ok: true, error: 'learn_failed' }]);
    expect(summarize(t('en'), 'en', partial)).toBe('Released 1 message as not spam. The spam filter could not learn from 1 of them.');
    expect(outcomeTone(partial)).toBe('warning');
  });
});
