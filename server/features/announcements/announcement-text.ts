// mailcow's announcement may hold any HTML. Cowbell never puts it into a page: it is read into plain
// text runs and links (http, https and mailto only), which the app renders as text nodes. That needs
// no sanitiser on the sign-in screen, where every kilobyte counts, and nothing in it can run.
import { htmlToText, type HtmlToTextFormatter } from '../../lib/html-to-text.ts';
import type { AnnouncementSegment } from './announcement.schema.ts';

// Control characters mark where a link starts, where its text starts and where it ends; the text is
// stripped of them first, so nothing in it can fake a link.
const OPEN = '\u0001', MID = '\u0002', CLOSE = '\u0003';
const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s]+$/i;

const markLink: HtmlToTextFormatter = (elem, walk, builder) => {
  builder.addLiteral(OPEN + (elem.attribs?.href ?? '').replace(/[\u0000-\u001f]/g, '') + MID);
  walk(elem.children, builder);
  builder.addLiteral(CLOSE);
};

// Every page load asks for the announcement and it seldom changes: the last one read is kept.
let last: { html: string; segments: AnnouncementSegment[] } | null = null;

export function announcementSegments(html: string): AnnouncementSegment[] {
  if (last?.html === html) return last.segments;
  const segments = readSegments(html);
  last = { html, segments };
  return segments;
}

function readSegments(html: string): AnnouncementSegment[] {
  const text = htmlToText(html.replace(/[\u0001-\u0003]/g, ''), {
    wordwrap: false,
    selectors: [{ selector: 'a', format: 'markLink' }, { selector: 'img', format: 'skip' }],
    formatters: { markLink },
  }).trim();
  const segments: AnnouncementSegment[] = [];
  const push = (s: AnnouncementSegment) => { if (s.text) segments.push(s); };
  for (const part of text.split(OPEN)) {
    const mid = part.indexOf(MID), close = part.indexOf(CLOSE);
    if (mid < 0 || close < mid) { push({ text: part.replace(/[\u0002\u0003]/g, '') }); continue; }
    const href = part.slice(0, mid), label = part.slice(mid + 1, close);
    push(SAFE_HREF.test(href) ? { text: label || href, href } : { text: label });
    push({ text: part.slice(close + 1).replace(/[\u0002\u0003]/g, '') });
  }
  return segments;
}

/** The announcement as one line of plain text (a push notification's body). */
export const announcementPlainText = (segments: AnnouncementSegment[]) => segments.map((s) => s.text).join('').replace(/\s+/g, ' ').trim();
