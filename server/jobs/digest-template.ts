// The digest's own template (mailcow's Q_HTML is Jinja2, which Cowbell does not run): a table of
// items with release/delete links when the mailbox has the quarantine ACL. Everything is escaped, and
// subject and sender are bidi-isolated (<bdi> in HTML, FSI…PDI in text) so they cannot reorder the rest.
import { isolate } from '../lib/bidi.ts';

export interface DigestItem {
  id: number;
  qhash: string | null;
  subject: string | null;
  score: number | null;
  sender: string;
  created: string;
  action: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderDigest(input: { username: string; items: DigestItem[]; baseUrl: string; withLinks: boolean }) {
  const base = input.baseUrl.replace(/\/$/, '');
  const link = (kind: 'release' | 'delete', hash: string) => `${base}/qhandler/${kind}/${hash}`;
  const rows = input.items.map((i) => {
    const links = input.withLinks && i.qhash
      ? `<td><a href="${esc(link('release', i.qhash))}">Release</a> · <a href="${esc(link('delete', i.qhash))}">Delete</a></td>` : '';
    return `<tr><td><bdi>${esc(i.subject ?? '')}</bdi></td><td><bdi>${esc(i.sender)}</bdi></td><td>${i.score ?? ''}</td><td>${esc(i.created)}</td>${links}</tr>`;
  }).join('\n');
  const html = `<html><body><p>Hi ${esc(input.username)}!</p>
<p>There ${input.items.length === 1 ? 'is 1 new message' : `are ${input.items.length} new messages`} waiting in quarantine:</p>
<table border="1" cellpadding="4"><tr><th>Subject</th><th>Sender</th><th>Score</th><th>Arrival</th>${input.withLinks ? '<th></th>' : ''}</tr>
${rows}
</table></body></html>`;
  const text = [`Hi ${input.username}!`, '', `${input.items.length} new message(s) waiting in quarantine:`, '',
    ...input.items.map((i) => [`- ${isolate(i.subject ?? '')} (from ${isolate(i.sender)}, score ${i.score ?? ''}, ${i.created})`,
      ...(input.withLinks && i.qhash ? [`  release: ${link('release', i.qhash)}`, `  delete: ${link('delete', i.qhash)}`] : [])].join('\n')),
  ].join('\n');
  return { html, text };
}
