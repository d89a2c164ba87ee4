// nodemailer, loaded with the first mail Cowbell sends (a release, a digest): about 3 MiB of heap a
// server that never sends would hold for nothing (the bench's RSS after load is budgeted).
import { createRequire } from 'node:module';
import type Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export type { Transporter };

let loaded: typeof Nodemailer | undefined;

export function createSmtpTransport(options: SMTPTransport.Options): Transporter<SMTPTransport.SentMessageInfo> {
  loaded ??= createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;
  return loaded.createTransport(options);
}
