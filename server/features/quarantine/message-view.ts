// Turns a stored (mailcow-encoded) message into something safe to show: text as text, HTML sanitised
// for a sandboxed frame with remote content held back, attachment names made harmless to display.
import { simpleParser, type AddressObject } from 'mailparser';
import libmime from 'libmime';
import { decodeHtmlEntities } from '../../lib/mailcow/html-entities.ts';
import { sanitizeMessageHtml } from './html-sanitizer.ts';

const MAX_PARSE_BYTES = 10 * 1048576;
const MAX_TEXT = 200_000;
// Bidi overrides and other invisible controls can make "gpj.exe" read as "exe.jpg".
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export const displaySafe = (s: string) => s.replace(INVISIBLE, '\ufffd');

function decodedHeader(line: string): string {
  try {
    return libmime.decodeWords(line);
  } catch {
    return line;
  }
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value).map((v) => v.address ?? '').filter(Boolean);

export async function viewMessage(stored: string, allowRemote: boolean) {
  const raw = Buffer.from(decodeHtmlEntities(stored), 'utf8');
  if (raw.length > MAX_PARSE_BYTES) {
    return { headerFrom: '', recipients: [], date: null, headers: [], text: '(message too large to preview)', html: null, blockedRemote: 0, attachments: [] };
  }
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextLinks: true, skipImageLinks: true });
  const sanitized = mail.html ? sanitizeMessageHtml(mail.html, allowRemote) : null;
  return {
    headerFrom: displaySafe(mail.from?.text ?? ''),
    recipients: [...new Set([...addresses(mail.to), ...addresses(mail.cc), ...addresses(mail.bcc)])].map(displaySafe),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    headers: mail.headerLines.slice(0, 200).map((h) => ({ name: h.key, value: displaySafe(decodedHeader(h.line.slice(h.key.length + 1).trim())) })),
    text: displaySafe((mail.text ?? '').slice(0, MAX_TEXT)),
    html: sanitized?.html ?? null,
    blockedRemote: sanitized?.blockedRemote ?? 0,
    attachments: mail.attachments.map((a, index) => ({
      index, filename: displaySafe(a.filename ?? `attachment-${index + 1}`), contentType: a.contentType, size: a.size,
    })),
  };
}
