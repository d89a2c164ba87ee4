// SOGo caches what it reads from the database in memcached (SoObjects/SOGo/SOGoCache.m: keys
// `<uid>+defaults`, `<uid>+settings`, `<uid>+attributes`, …). mailcow empties the whole cache after
// it rewrites _sogo_static_view (flush_memcached() in data/web/inc/functions.inc.php); Cowbell does
// the same when SOGO_MEMCACHED is set, and otherwise sends nothing. memcached speaks its text
// protocol on the port SOGo uses in binary (it tells them apart by the first byte).
import { connect } from 'node:net';
import type { Env } from '../env.ts';

export type CacheOutcome = 'off' | 'done' | 'failed';

type Target = NonNullable<Env['SOGO_MEMCACHED']>;

/** One command, its one-line answer ("OK", "DELETED", "NOT_FOUND", an error line). */
export function memcachedCommand(target: Target, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    let answer = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('memcached did not answer in time')));
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const end = answer.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(answer.slice(0, end));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('memcached closed the connection')));
  });
}

async function send(env: Env, command: string, ok: string[]): Promise<CacheOutcome> {
  if (!env.SOGO_MEMCACHED) return 'off';
  try {
    const answer = await memcachedCommand(env.SOGO_MEMCACHED, command);
    if (ok.includes(answer)) return 'done';
    console.warn(`[cowbell] SOGo's memcached refused ${command.split(' ')[0]}: ${answer.slice(0, 100)}`);
  } catch (e) {
    // As mailcow: a cache that cannot be reached must not undo the change that was made.
    console.warn(`[cowbell] SOGo's memcached unreachable: ${(e as Error).message}`);
  }
  return 'failed';
}

/** Everything SOGo cached: after _sogo_static_view changed (mailcow's flush_memcached). */
export const flushSogoCache = (env: Env) => send(env, 'flush_all', ['OK']);

/** One user's cached profile (`<uid>+defaults` or `+settings`), after Cowbell rewrote that column. */
export function forgetSogoProfile(env: Env, uid: string, kind: 'defaults' | 'settings'): Promise<CacheOutcome> {
  const key = `${uid}+${kind}`;
  // memcached keys: at most 250 bytes, no spaces or control characters; anything else: flush it all.
  if (Buffer.byteLength(key) > 250 || /[\s\x00-\x1f\x7f]/.test(key)) return flushSogoCache(env);
  return send(env, `delete ${key}`, ['DELETED', 'NOT_FOUND']);
}
