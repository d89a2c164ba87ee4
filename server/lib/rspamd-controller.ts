// A small client for rspamd's controller (learnham, learnspam, fuzzyadd), over TCP or a unix socket
// like mailcow's /var/lib/rspamd/rspamd.sock.
import { request } from 'node:http';

export interface ControllerConfig {
  url: string;
  password?: string;
}

export class RspamdError extends Error {}

function post(cfg: ControllerConfig, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const unix = cfg.url.startsWith('unix:') ? cfg.url.slice(5) : null;
  const base = unix ? null : new URL(cfg.url);
  return new Promise((resolve, reject) => {
    const req = request({
      method: 'POST', path, timeout: 30_000,
      ...(unix ? { socketPath: unix } : { host: base!.hostname, port: base!.port || 11334 }),
      headers: { 'content-length': String(body.length), ...(cfg.password ? { Password: cfg.password } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new RspamdError('rspamd controller timed out')));
    req.on('error', (e) => reject(e instanceof RspamdError ? e : new RspamdError(`rspamd controller unreachable: ${e.message}`)));
    req.end(body);
  });
}

/** Learns a message as ham or spam; "already learned" is not an error (as in mailcow). */
export async function learn(cfg: ControllerConfig, kind: 'ham' | 'spam', message: Buffer): Promise<void> {
  const res = await post(cfg, kind === 'ham' ? '/learnham' : '/learnspam', message);
  if (res.status === 200) return;
  if (/already learned|has been already learned/i.test(res.text)) return;
  throw new RspamdError(`rspamd ${kind} learning failed (${res.status}): ${res.text.slice(0, 200)}`);
}

/** mailcow adds the message to fuzzy storage too: Flag 13 for ham, 11 for spam. Failures are reported, not fatal. */
export async function fuzzyAdd(cfg: ControllerConfig, flag: 11 | 13, message: Buffer): Promise<boolean> {
  const res = await post(cfg, '/fuzzyadd', message, { Flag: String(flag) });
  return res.status === 200;
}
