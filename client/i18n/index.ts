import { createI18n } from 'vue-i18n';
import en from './en.json';

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'cowbell.locale';

type Messages = typeof en;

export const i18n = createI18n<[Messages], Locale, false>({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en } as Record<Locale, Messages> });

// Each feature keeps its own strings (features/<name>/i18n/<locale>.json, or a sub-feature's
// features/admin/<name>/i18n/…, named 'admin/<name>'), loaded with its routes, so the sign-in page
// carries only the shell's words.
const featureFiles = import.meta.glob<{ default: Record<string, unknown> }>(['../features/*/i18n/*.json', '../features/*/*/i18n/*.json']);
const wanted = new Set<string>();
const merged = new Set<string>();

async function mergeFeature(feature: string, locale: Locale) {
  const key = `${feature}/${locale}`;
  const load = featureFiles[`../features/${feature}/i18n/${locale}.json`];
  if (merged.has(key) || !load) return;
  i18n.global.mergeLocaleMessage(locale, (await load()).default as Messages);
  merged.add(key);
}

/** Makes a feature's strings available in the current language (and keeps them on language changes). */
export async function loadFeatureMessages(features: string[]): Promise<void> {
  features.forEach((f) => wanted.add(f));
  await Promise.all(features.map((f) => mergeFeature(f, i18n.global.locale.value)));
}

/** Stored choice first, then the browser's languages. */
export function preferredLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  const browser = navigator.languages.map((l) => l.slice(0, 2).toLowerCase());
  return (browser.find((l) => (LOCALES as readonly string[]).includes(l)) as Locale | undefined) ?? 'en';
}

/** Other languages load on demand, so English-only users never download them. */
export async function setLocale(locale: Locale, remember = false): Promise<void> {
  if (!i18n.global.availableLocales.includes(locale)) {
    const messages = (await import(`./${locale}.json`)).default;
    i18n.global.setLocaleMessage(locale, messages);
  }
  await Promise.all([...wanted].map((f) => mergeFeature(f, locale)));
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  if (remember) localStorage.setItem(STORAGE_KEY, locale);
}
