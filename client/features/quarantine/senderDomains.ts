// Does the From header (what the reader sees) name the same organisation as the envelope sender
// (who actually handed the mail over)? Compared by registrable domain, so mail.example.com and
// bounces.example.com count as one, and example.co.uk is not lumped in with everything under co.uk.

// Second-level labels under which country registries hand out names (co.uk, com.au, or.jp, ...).
// Not the whole public suffix list (too many bytes for a phone), but what mail mostly comes from.
const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'gov', 'gob', 'gv', 'go', 'ltd', 'me', 'mil', 'ne', 'net', 'nhs', 'nom',
  'or', 'org', 'plc', 'sch']);

/** The domain of the address in a header or envelope value (`"Name" <a@b.c>`, `a@b.c`), in ASCII; null if there is none. */
export function addressDomain(value: string): string | null {
  const angle = /<([^<>]*)>\s*$/.exec(value);
  const address = (angle ? angle[1] : value).trim();
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const domain = address.slice(at + 1).trim().replace(/\.$/, '').toLowerCase();
  if (!/^[^\s@<>()[\]\\,;:"/?#]+\.[^\s@<>()[\]\\,;:"/?#.]+$/.test(domain)) return null;
  try {
    return new URL(`http://${domain}/`).hostname; // IDNs to punycode, so both sides compare alike
  } catch {
    return null;
  }
}

/** example.com for mail.example.com; example.co.uk for a.example.co.uk. */
export function registrableDomain(host: string): string {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return host;
  const labels = host.split('.');
  const take = labels.length >= 3 && labels[labels.length - 1].length === 2 && SECOND_LEVEL.has(labels[labels.length - 2]) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The two domains when From and envelope sender belong to different registrable domains; null if they agree or one is unknown. */
export function senderMismatch(headerFrom: string, envelopeSender: string): { from: string; sender: string } | null {
  const from = addressDomain(headerFrom);
  const sender = addressDomain(envelopeSender);
  if (!from || !sender || registrableDomain(from) === registrableDomain(sender)) return null;
  return { from, sender };
}
