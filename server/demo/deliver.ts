// How a demo mail reaches the quarantine, always through the real ingest path: by SMTP into the
// demo's Postfix (→ rspamd milter → metadata exporter → Cowbell's /ingest/rspamd), or, without the
// mail stack, posted to /ingest/rspamd as rspamd's exporter would post it (the multipart form).
import nodemailer from 'nodemailer';
import { composeDemoMail, demoAddress, type DemoMail } from './demo-mails.ts';

export type DemoRoute =
  | { via: 'smtp'; port: number }
  | { via: 'ingest'; url: string; secret?: string };

// mailcow's thresholds (the demo's rspamd uses them too).
const REJECT = 15;
const ADD_HEADER = 8;

export function verdictAction(score: number): 'reject' | 'add header' | 'no action' {
  return score >= REJECT ? 'reject' : score >= ADD_HEADER ? 'add header' : 'no action';
}

async function bySmtp(port: number, mail: DemoMail, domain: string): Promise<string> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'demo-sender.example' });
  try {
    const info = await smtp.sendMail({ envelope: { from: mail.envelopeFrom, to: [demoAddress(mail.to, domain)] },
      raw: await composeDemoMail(mail, domain) });
    return `delivered to the inbox marked as spam, a copy quarantined (${info.response})`;
  } catch (e) {
    const { responseCode, response } = e as { responseCode?: number; response?: string };
    // rspamd's reject through the milter: the message stays in the quarantine only.
    if (responseCode && responseCode >= 500) return `rejected by rspamd and quarantined (${response})`;
    throw e;
  } finally {
    smtp.close();
  }
}

async function byIngest(url: string, secret: string | undefined, mail: DemoMail, domain: string): Promise<string> {
  const score = Math.round(mail.verdict.reduce((sum, s) => sum + s.score, 0) * 100) / 100;
  const message = await composeDemoMail(mail, domain);
  const form = new FormData();
  form.set('metadata', JSON.stringify({ subject: mail.subject, score, rcpt: [demoAddress(mail.to, domain)], from: mail.envelopeFrom,
    user: 'unknown', ip: '203.0.113.77', action: verdictAction(score), symbols: mail.verdict, fuzzy: [] }));
  form.set('message', new Blob([new Uint8Array(message)], { type: 'message/rfc822' }), 'message.eml');
  const res = await fetch(url, { method: 'POST', body: form, headers: secret ? { 'x-cowbell-ingest-secret': secret } : {} });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${body}`);
  return `posted to ${url} as rspamd would (score ${score}, ${verdictAction(score)})`;
}

/** Sends one demo mail; says what happened to it. */
export function deliverDemoMail(route: DemoRoute, mail: DemoMail, domain: string): Promise<string> {
  return route.via === 'smtp' ? bySmtp(route.port, mail, domain) : byIngest(route.url, route.secret, mail, domain);
}
