// What a shared page turns into: the description of the alias made for it. A share carries a title,
// a text and a URL, each optional, and apps fill them differently (many put the URL in the text), so
// the site's host name is looked for in the URL first, then in the text; the title is the fallback.
const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/i;
const MAX = 200;

function hostOf(candidate: string | undefined): string | null {
  if (!candidate) return null;
  try {
    const url = new URL(candidate.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

export function shareDescription(share: { title?: string; text?: string; url?: string }): string {
  const site = hostOf(share.url) ?? hostOf(URL_IN_TEXT.exec(share.text ?? '')?.[0]);
  const described = site ?? (share.title ?? share.text ?? '').replace(/\s+/g, ' ').trim();
  return [...described].slice(0, MAX).join('');
}
