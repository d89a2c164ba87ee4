// Where a tap on a new-mail notification goes: the user's webmail at the message, when the operator
// configured WEBMAIL_URL_TEMPLATE (SOGo's, on mailcow; README), else Cowbell.
import iconv from 'iconv-lite';

export interface WebmailMessage {
  username: string;
  /** As Dovecot names it: UTF-8, parts joined by the namespace separator ("/" on mailcow). */
  folder: string;
  uid: number;
}

/**
 * SOGo's route names a folder by its IMAP path (modified UTF-7, RFC 3501 5.1.3) encoded three
 * times: twice by SOGo's own links ("The double-encoding is necessary", MessageController.js), once
 * more by its router (ui-router's URL encoding). Two would do for most names, but not one with "%".
 */
const sogoFolder = (folder: string) => {
  let path = iconv.encode(folder, 'utf-7-imap').toString('latin1');
  for (let i = 0; i < 3; i++) path = encodeURIComponent(path);
  return path;
};

/** Each placeholder as one URL component: a folder "Lists/dev" or a user "a+b@x" cannot break out of its place. */
const PLACEHOLDERS: Record<string, (m: WebmailMessage) => string> = {
  '{user}': (m) => encodeURIComponent(m.username),
  '{folder}': (m) => encodeURIComponent(m.folder),
  '{sogoFolder}': (m) => sogoFolder(m.folder),
  '{uid}': (m) => String(m.uid),
};

/** The template with its placeholders filled in, or null without a template. */
export function webmailUrl(template: string | undefined, message: WebmailMessage): string | null {
  if (!template) return null;
  return template.replace(/\{(user|folder|sogoFolder|uid)\}/g, (p) => PLACEHOLDERS[p](message));
}
