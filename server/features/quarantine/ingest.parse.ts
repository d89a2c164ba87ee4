// Reads what rspamd's metadata exporter posts, in either form mailcow has used (reference 3.2):
// multipart (`metadata` JSON + `message`) or the raw message with X-Rspamd-* headers.
import libmime from 'libmime';
import { AppError, zodIssues } from '../../lib/errors.ts';
import { quarantineMetaSchema, type QuarantineMeta } from './ingest.schema.ts';

/** Reads the body but stops as soon as it passes `limit` bytes: an oversized upload is never held whole. */
export async function readBounded(body: ReadableStream<Uint8Array> | null, declared: number | null, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError('payload_too_large', 'The message is larger than the quarantine allows (Q_MAX_SIZE).');
  if (declared !== null && declared > limit) {
    await body?.cancel();
    throw tooLarge();
  }
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, size));
}

function parseMeta(raw: unknown): QuarantineMeta {
  const parsed = quarantineMetaSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('validation_failed', 'The quarantine metadata is not valid.', zodIssues(parsed.error));
  return parsed.data;
}

function json(value: string | undefined, what: string): unknown {
  if (value === undefined || value === '' || value === 'unknown') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('validation_failed', `${what} is not valid JSON.`);
  }
}

/** Node hands header bytes over as latin1; rspamd sends UTF-8 (newer) or MIME encoded words (older). */
export function headerText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return /=\?[^?]+\?[bBqQ]\?/.test(utf8) ? libmime.decodeWords(utf8) : utf8;
}

export async function parseIngest(contentType: string, body: Uint8Array<ArrayBuffer>, header: (name: string) => string | undefined) {
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new AppError('validation_failed', 'The multipart body could not be read.');
    }
    const metadata = form.get('metadata');
    const message = form.get('message');
    if (metadata === null || message === null) {
      throw new AppError('validation_failed', 'Both parts are needed: metadata and message.');
    }
    const metaText = typeof metadata === 'string' ? metadata : await metadata.text();
    const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : new Uint8Array(await message.arrayBuffer());
    return { meta: parseMeta(json(metaText, 'metadata')), message: bytes };
  }
  if (header('x-rspamd-rcpt') === undefined) throw new AppError('validation_failed', 'No X-Rspamd-Rcpt header and no multipart metadata.');
  const meta = parseMeta({
    qid: header('x-rspamd-qid'),
    subject: headerText(header('x-rspamd-subject')),
    score: header('x-rspamd-score'),
    rcpt: json(header('x-rspamd-rcpt'), 'X-Rspamd-Rcpt'),
    from: headerText(header('x-rspamd-from')),
    user: headerText(header('x-rspamd-user')),
    ip: header('x-rspamd-ip'),
    action: header('x-rspamd-action'),
    symbols: json(header('x-rspamd-symbols'), 'X-Rspamd-Symbols'),
    fuzzy: json(header('x-rspamd-fuzzy'), 'X-Rspamd-Fuzzy'),
  });
  return { meta, message: body };
}
