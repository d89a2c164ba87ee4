// Re-injects a quarantined message the way mailcow does (reference 3.5): to the milter-less smtpd
// (port 590), envelope from the stored sender to the stored rcpt, raw or wrapped as an attachment.
import { createSmtpTransport } from '../../lib/mailer.ts';

export interface ReleaseTarget {
  host: string;
  port: number;
}

export interface ReleaseItem {
  qid: string;
  sender: string;
  rcpt: string;
  message: Buffer;
}

/** mailcow renames X-Spam-Flag so the released copy is not filed as spam again. */
export function prepareRaw(message: Buffer): Buffer {
  const text = message.toString('utf8');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const rest = headerEnd === -1 ? '' : text.slice(headerEnd);
  return Buffer.from(head.replace(/^X-Spam-Flag:/gim, 'X-Pre-Release-Spam-Flag:') + rest, 'utf8');
}

/**
 * True when the mail server was never reached (refused, no such host, no greeting): then release
 * needs RELEASE_SMTP_HOST/PORT set up, which is not the same as a server that refused the message.
 */
export function mailServerUnreachable(error: unknown): boolean {
  const e = error as { command?: string; responseCode?: number };
  return e?.command === 'CONN' && e.responseCode === undefined;
}

export async function releaseMessage(target: ReleaseTarget, format: 'raw' | 'attachment', item: ReleaseItem): Promise<void> {
  const transport = createSmtpTransport({
    host: target.host, port: target.port, secure: false, ignoreTLS: true, name: 'quarantine',
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000,
  });
  const from = item.sender && item.sender !== 'unknown' ? item.sender : 'sender-unknown@rspamd';
  try {
    if (format === 'raw') {
      await transport.sendMail({ envelope: { from, to: [item.rcpt] }, raw: prepareRaw(item.message) });
    } else {
      await transport.sendMail({
        envelope: { from, to: [item.rcpt] }, from, to: item.rcpt,
        subject: `Potentially damaging quarantine item ${item.qid}`,
        text: 'We have attached your message as eml file to this message.',
        attachments: [{ filename: `${item.qid}.eml`, content: item.message, contentType: 'message/rfc822' }],
      });
    }
  } finally {
    transport.close();
  }
}
