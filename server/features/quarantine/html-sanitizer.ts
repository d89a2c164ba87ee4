// Message HTML made safe for a sandboxed preview frame. DOMPurify (on a jsdom window) removes
// everything that could run or reach out; Cowbell's own policy then narrows what is left.
import { createRequire } from 'node:module';
import type createDOMPurify from 'dompurify';
import type { WindowLike } from 'dompurify';
import type { JSDOM } from 'jsdom';

/** The little of the DOM this module touches (the server project has no DOM library). */
export interface DomElement {
  readonly tagName: string;
  readonly attributes: ArrayLike<{ readonly name: string }>;
  readonly childNodes: ArrayLike<unknown>;
  innerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  remove(): void;
  replaceWith(node: unknown): void;
  append(...nodes: unknown[]): void;
}
interface DomFragment { querySelectorAll(selector: string): ArrayLike<DomElement> }
export interface DomWindow { readonly document: { createElement(tag: string): DomElement } }

const ALLOWED_TAGS = ['a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'center', 'code', 'div', 'em', 'font', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 'small', 'span', 'strong', 'sub', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul'];
/** Attributes kept, per tag; everything else (style, event handlers, ids, classes) goes. */
const TAG_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'], table: ['width', 'border', 'cellpadding', 'cellspacing'], font: ['color'],
};
const ALLOWED_ATTR = [...new Set(Object.values(TAG_ATTRIBUTES).flat())];

// DOMPurify needs a DOM; one jsdom window per process serves every message (it keeps no state between
// calls). jsdom is about 50 MB of memory, so it is loaded when the first message with HTML is viewed,
// not at start-up: a server whose users never open such a message never carries it.
let purifier: { purify: ReturnType<typeof createDOMPurify>; document: DomWindow['document'] } | null = null;
function getPurifier() {
  if (!purifier) {
    const require = createRequire(import.meta.url);
    const { JSDOM: Dom } = require('jsdom') as { JSDOM: typeof JSDOM };
    const purifierFor = require('dompurify') as typeof createDOMPurify;
    const { window } = new Dom('');
    purifier = { purify: purifierFor(window as unknown as WindowLike), document: window.document };
  }
  return purifier;
}

/** Images keep a src only if it is inline data, or remote and asked for; relative and cid: ones go. */
function keepImage(img: DomElement, allowRemote: boolean): 'kept' | 'blocked' | 'dropped' {
  const src = (img.getAttribute('src') ?? '').trim();
  const remote = /^(https?:)?\/\//i.test(src);
  if (/^data:image\//i.test(src) || (remote && allowRemote && /^https?:/i.test(src))) return 'kept';
  img.removeAttribute('src');
  if (!img.getAttribute('alt')) img.remove(); // nothing left to show
  return remote ? 'blocked' : 'dropped';
}

/** Every kept link shows where it really goes and opens outside the frame; other links become text. */
function fixLink(a: DomElement, document: DomWindow['document']) {
  const href = (a.getAttribute('href') ?? '').trim();
  if (!/^(https?:\/\/|mailto:)/i.test(href)) {
    const span = document.createElement('span');
    span.append(...Array.from(a.childNodes));
    a.replaceWith(span);
    return;
  }
  for (const attr of Array.from(a.attributes)) a.removeAttribute(attr.name);
  a.setAttribute('href', href);
  a.setAttribute('title', href);
  a.setAttribute('target', '_blank');
  a.setAttribute('rel', 'noopener noreferrer');
}

/** Scripts, handlers, forms, frames, SVG and styles go; then attributes per tag, images and links. */
export function sanitizeMessageHtml(html: string, allowRemote: boolean): { html: string; blockedRemote: number } {
  const { purify, document } = getPurifier();
  const fragment = purify.sanitize(html, {
    ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false, RETURN_DOM_FRAGMENT: true,
  }) as unknown as DomFragment;
  let blockedRemote = 0;
  for (const el of Array.from(fragment.querySelectorAll('*'))) {
    const allowed = TAG_ATTRIBUTES[el.tagName.toLowerCase()] ?? [];
    for (const attr of Array.from(el.attributes)) if (!allowed.includes(attr.name)) el.removeAttribute(attr.name);
    if (el.tagName === 'IMG' && keepImage(el, allowRemote) === 'blocked') blockedRemote++;
    if (el.tagName === 'A') fixLink(el, document);
  }
  const holder = document.createElement('div');
  holder.append(fragment);
  return { html: holder.innerHTML, blockedRemote };
}
