// The demo's quarantined mail: what a newcomer finds after `npm start`, and what `npm run demo:spam`
// sends. Each mail carries the verdict of the checks the offline demo cannot run (DNS lists, DMARC,
// ClamAV, fuzzy storage, a trained Bayes): the demo's rspamd adds those symbols (demo-rspamd.ts), and
// without the mail stack they are what the ingest post carries, as rspamd's exporter would send it.
import nodemailer from 'nodemailer';

export interface DemoSymbol {
  name: string;
  score: number;
  options?: string[];
}

export type DemoMailbox = 'alice' | 'bob';

export interface DemoMail {
  /** Names the mail in its Message-ID (how a second seeding finds it). */
  key: string;
  /** Which verdict the demo's rspamd gives it (its X-Cowbell-Demo header); the key when not set. */
  kind?: string;
  to: DemoMailbox;
  envelopeFrom: string;
  from: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: string }[];
  headers?: Record<string, string>;
  verdict: DemoSymbol[];
}

/** The header the demo's rspamd rule reads. */
export const DEMO_HEADER = 'X-Cowbell-Demo';

const sym = (name: string, score: number, ...options: string[]): DemoSymbol => ({ name, score, ...(options.length ? { options } : {}) });

export const DEMO_MAILS: readonly DemoMail[] = [
  {
    key: 'phishing', to: 'alice', envelopeFrom: 'bounce@accounts-verify.example',
    from: '"Mail Administrator" <postmaster@accounts-verify.example>',
    subject: 'Action required: your mailbox will be closed in 24 hours',
    text: 'Dear user,\n\nYour mailbox has exceeded its storage limit and will be closed in 24 hours.\n'
      + 'Verify your account now to keep your messages: https://mail.cowbell-demo.test/verify\n\nMail Administrator',
    html: '<p>Dear user,</p><p>Your mailbox has exceeded its storage limit and <b>will be closed in 24 hours</b>.</p>'
      + '<p>Verify your account now to keep your messages:<br><a href="http://accounts-verify.example/cowbell/login.php">'
      + 'https://mail.cowbell-demo.test/verify</a></p><p>Mail Administrator</p>',
    verdict: [sym('PHISHING', 4, 'mail.cowbell-demo.test->accounts-verify.example'), sym('URIBL_BLACK', 7.5, 'accounts-verify.example'),
      sym('BAYES_SPAM', 5.1, '99.87%'), sym('DMARC_POLICY_REJECT', 2, 'accounts-verify.example : No valid SPF, No valid DKIM')],
  },
  {
    key: 'newsletter', to: 'alice', envelopeFrom: 'bounces+8812@mailer.megadeals-weekly.example',
    from: '"MegaDeals Weekly" <news@megadeals-weekly.example>',
    subject: 'Only today: 70 % off everything – your exclusive code inside',
    text: 'MEGADEALS WEEKLY\n\nOnly today: 70 % off everything with code MEGA70.\nShop now: http://megadeals-weekly.example/shop?u=8812\n\n'
      + 'You receive this mail because you signed up on one of our partner sites.\nUnsubscribe: http://megadeals-weekly.example/u/8812',
    html: '<h1 style="color:#c00">MEGADEALS WEEKLY</h1><p>Only today: <b>70 % off everything</b> with code <code>MEGA70</code>.</p>'
      + '<p><a href="http://megadeals-weekly.example/shop?u=8812">Shop now</a></p><img src="http://megadeals-weekly.example/open.gif?u=8812" alt="">'
      + '<p style="font-size:10px">You receive this mail because you signed up on one of our partner sites. '
      + '<a href="http://megadeals-weekly.example/u/8812">Unsubscribe</a></p>',
    headers: { 'List-Unsubscribe': '<http://megadeals-weekly.example/u/8812>', Precedence: 'bulk' },
    verdict: [sym('FUZZY_DENIED', 12, '1:3f9a07c2e1:1.00:txt'), sym('BAYES_SPAM', 5.1, '98.02%'), sym('RBL_MAILSPIKE_BAD', 1, '203.0.113.77:from')],
  },
  {
    key: 'virus', to: 'alice', envelopeFrom: 'billing@invoice-center.example',
    from: '"Accounts Payable" <billing@invoice-center.example>',
    subject: 'Overdue invoice INV-20931 – second reminder',
    text: 'Hello,\n\nour records show that invoice INV-20931 is overdue. Please find the invoice attached and pay within 3 days.\n\nAccounts Payable',
    attachments: [{ filename: 'INV-20931.pdf.exe', contentType: 'application/x-msdownload',
      content: 'MZ This is a harmless file from the Cowbell demo. It only looks like a program.' }],
    verdict: [sym('CLAM_VIRUS', 0, 'Win.Trojan.InvoiceDropper-Demo'), sym('VIRUS_FOUND', 2000),
      sym('MIME_DOUBLE_BAD_EXTENSION', 3, '.pdf.exe')],
  },
  {
    key: 'lottery', to: 'alice', envelopeFrom: 'claims@winner-notice.example',
    from: '"International Prize Board" <claims@winner-notice.example>',
    subject: 'Congratulations! You have been selected',
    text: 'Congratulations!\n\nYour address was selected in our yearly online draw. To claim your prize of EUR 850,000, '
      + 'reply with your full name, address and phone number.\n\nInternational Prize Board',
    verdict: [sym('BAYES_SPAM', 5.1, '97.40%'), sym('ABUSE_SURBL', 5.5, 'winner-notice.example')],
  },
  {
    key: 'parcel', to: 'bob', envelopeFrom: 'noreply@parcel-tracking-notice.example',
    from: '"Parcel Service" <noreply@parcel-tracking-notice.example>',
    subject: 'Your parcel could not be delivered – confirm your address',
    text: 'We tried to deliver your parcel today but nobody was home.\nConfirm your address and pay the EUR 1.99 redelivery fee: '
      + 'http://parcel-tracking-notice.example/redeliver\n\nParcel Service',
    html: '<p>We tried to deliver your parcel today but nobody was home.</p><p><a href="http://parcel-tracking-notice.example/redeliver">'
      + 'Confirm your address</a> and pay the EUR 1.99 redelivery fee.</p><p>Parcel Service</p>',
    verdict: [sym('URIBL_BLACK', 7.5, 'parcel-tracking-notice.example'), sym('BAYES_SPAM', 5.1, '99.10%'),
      sym('RBL_SPAMHAUS_SBL', 4, '198.51.100.200:from'), sym('R_SPF_FAIL', 1, '-all')],
  },
  {
    key: 'seo', to: 'bob', envelopeFrom: 'outreach@rankhigher-seo.example',
    from: '"Rank Higher" <outreach@rankhigher-seo.example>',
    subject: 'cowbell-demo.test – page 1 on Google, guaranteed',
    text: 'Hi,\n\nI had a look at cowbell-demo.test and found 37 problems that keep it off the first page of Google.\n'
      + 'We can fix them for a one-off fee. Shall I send you the full report?\n\nBest,\nKevin, Rank Higher',
    verdict: [sym('BAYES_SPAM', 5.1, '92.55%'), sym('RBL_MAILSPIKE_BAD', 1, '192.0.2.44:from'), sym('HFILTER_HOSTNAME_UNKNOWN', 2.5)],
  },
];

const FRESH_VERDICT = [sym('PHISHING', 4, 'mail.cowbell-demo.test->account-alerts.example'),
  sym('URIBL_BLACK', 7.5, 'account-alerts.example'), sym('BAYES_SPAM', 5.1, '99.60%')];

/** A fresh mail for `npm run demo:spam`: a new subject and Message-ID every time, so each is its own item. */
export function freshSpam(to: DemoMailbox, now = new Date()): DemoMail {
  const ref = String(now.getTime() % 100_000).padStart(5, '0');
  return {
    key: `fresh-${now.getTime()}`, kind: 'fresh', to, envelopeFrom: 'security@account-alerts.example',
    from: '"Account Security" <security@account-alerts.example>',
    subject: `Unusual sign-in blocked – case ${ref}`,
    text: `We blocked a sign-in to your mailbox from a new device (case ${ref}).\nIf this was not you, secure your account now: `
      + 'http://account-alerts.example/secure\n\nAccount Security',
    html: `<p>We blocked a sign-in to your mailbox from a new device (case ${ref}).</p><p>If this was not you, `
      + '<a href="http://account-alerts.example/secure">secure your account now</a>.</p><p>Account Security</p>',
    verdict: FRESH_VERDICT,
  };
}

/** Every verdict the demo's rspamd knows, by X-Cowbell-Demo value. */
export function demoVerdicts(): Record<string, DemoSymbol[]> {
  return { ...Object.fromEntries(DEMO_MAILS.map((m) => [m.kind ?? m.key, m.verdict])), fresh: FRESH_VERDICT };
}

/** On the sender's domain, as a real sender's would be; the key makes it findable in the stored message. */
export const demoMessageId = (mail: DemoMail) => `<${mail.key}.cowbell-demo@${mail.envelopeFrom.split('@')[1]}>`;
export const demoAddress = (mailbox: DemoMailbox, domain: string) => `${mailbox}@${domain}`;

/** The mail as it is sent: RFC 822, with the demo header the demo's rspamd reads. */
export async function composeDemoMail(mail: DemoMail, domain: string, date = new Date()): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' });
  const info = await composer.sendMail({
    from: mail.from, to: demoAddress(mail.to, domain), subject: mail.subject, text: mail.text, html: mail.html, date,
    messageId: demoMessageId(mail), attachments: mail.attachments,
    headers: { ...mail.headers, [DEMO_HEADER]: mail.kind ?? mail.key },
  });
  return info.message as Buffer;
}
