// mailcow's /api/v1 (reference 9), for scripts written against mailcow: the same URLs, methods,
// X-API-Key check, bodies (JSON or the UI's form-encoded attr/items), envelopes and status codes.
// Only an API key gets in (no session cookie: no CSRF surface). The order of checks is
// json_api.php's, so a script sees the same answer for the same mistake.
import { Hono, type Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { mayWrite } from '../../lib/authz/api-access.ts';
import { encodeJson, streamJson } from '../../lib/compression.ts';
import { describeError } from '../../lib/errors.ts';
import { clientIp } from '../../lib/http.ts';
import { checkApiKey, headerKey } from './key-auth.ts';
import { phpJson } from './php-json.ts';
import { buildRegistry } from './registry.ts';
import { apiLogData, decodeAttr, decodeItems, readV1Body, writeActions } from './v1-body.ts';
import type { V1Action, V1Reply } from './v1-types.ts';

export const V1_PREFIX = '/api/v1/';

// Encoded here, from the text: a list of thousands of mailboxes is megabytes, and compressJson would
// read it back out of the Response to measure and encode it.
const send = async (c: Context<AppEnv>, status: number, text: string) => {
  const { body, headers } = await encodeJson(text, c.req.header('accept-encoding'));
  c.set('encoded', true);
  return c.body(body, status as 200, { 'content-type': 'application/json', ...headers });
};
const error = (c: Context<AppEnv>, status: number, msg: string) => send(c, status, phpJson({ type: 'error', msg }));

const GENERIC: Record<Exclude<V1Action, 'get'>, string> = { add: 'Cannot add item', edit: 'Cannot edit item', delete: 'Cannot delete item' };

/**
 * A list answered page by page, byte for byte what `data` answers for the whole list: pretty-printed
 * pages of an array differ from the whole array's only by their brackets. The first page is read
 * before anything is sent, so an empty list and a failure before any row still answer as usual.
 */
async function answerPages(c: Context<AppEnv>, reply: Extract<V1Reply, { kind: 'pages' }>) {
  const pages = reply.pages[Symbol.asyncIterator]();
  const first = await pages.next();
  if (first.done) return send(c, 200, reply.emptyAs === 'list' ? '[]' : '{}');
  // "[\n" + its elements + "\n]": the elements alone, each line already indented as in the whole list.
  const inner = (page: unknown[]) => phpJson(page, { pretty: true, unescapedUnicode: true }).slice(2, -2);
  const path = c.req.path;
  async function* text() {
    try {
      yield Buffer.from(`[\n${inner(first.value)}`);
      for (let next = await pages.next(); !next.done; next = await pages.next()) yield Buffer.from(`,\n${inner(next.value)}`);
      yield Buffer.from('\n]');
    } catch (e) {
      // The client went away (its abort reaches here): nothing to report.
      if ((e as Error)?.name === 'AbortError') throw e;
      // The status line is gone: the client sees the answer cut short, and the log says why.
      console.error(`[cowbell] /api/v1 list failed while sending ${path.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?')}: ${describeError(e)}`);
      throw e;
    } finally {
      await pages.return?.();
    }
  }
  const { body, headers } = streamJson(text(), c.req.header('accept-encoding'));
  c.set('encoded', true);
  return c.body(body, 200, { 'content-type': 'application/json', ...headers });
}

function answer(c: Context<AppEnv>, action: V1Action, reply: V1Reply) {
  if (reply.kind === 'raw') return send(c, reply.status, phpJson(reply.body));
  if (reply.kind === 'pages') return answerPages(c, reply);
  if (reply.kind === 'data') {
    const empty = reply.data === null || reply.data === undefined || reply.data === false
      || (Array.isArray(reply.data) && reply.data.length === 0)
      || (typeof reply.data === 'object' && Object.keys(reply.data as object).length === 0);
    return send(c, 200, empty ? (reply.emptyAs === 'list' ? '[]' : '{}') : phpJson(reply.data, { pretty: true, unescapedUnicode: true }));
  }
  if (reply.entries.length > 0) return send(c, 200, phpJson(reply.entries));
  return send(c, 200, phpJson(reply.ok ? { type: 'success', msg: 'Task completed' } : { type: 'error', msg: GENERIC[action as Exclude<V1Action, 'get'>] }));
}

export function apiV1Routes(deps: Deps) {
  const registry = buildRegistry();
  return new Hono<AppEnv>().all(`${V1_PREFIX}*`, async (c) => {
    // mailcow: a browser navigating here (not a script's fetch) is turned away, body-less.
    const dest = c.req.header('sec-fetch-dest');
    if (dest !== undefined && dest !== 'empty') return c.body(null, 403);
    const ip = clientIp(c, deps.env);
    const key = await checkApiKey(deps, headerKey(c), ip);
    if (!key.ok) return send(c, key.status, phpJson(key.body));
    const actor = key.actor;
    c.set('actor', actor);

    const segments = c.req.path.slice(V1_PREFIX.length).split('/').map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
    const [action, category = '', object, extra] = segments;
    const body = await readV1Body(c, action);
    if (body.invalidJson && action !== 'get') return error(c, 400, 'Request body doesn\'t contain valid json!');
    await deps.redis.lpush('API_LOG', phpJson({ time: Math.floor(deps.now() / 1000), uri: c.req.path + (c.req.url.includes('?') ? c.req.url.slice(c.req.url.indexOf('?')) : ''), method: c.req.method, remote: ip, data: apiLogData(body.post) }));

    if (action !== 'get' && !writeActions.includes(action as V1Action)) return error(c, 404, 'route not found');
    if (action === 'get') {
      if (c.req.method !== 'GET') return error(c, 405, 'only GET method is allowed');
    } else {
      if (!mayWrite(actor)) return error(c, 403, 'API read/write access denied');
      const needs = action === 'delete' ? 'items' : 'attr';
      if (body.post[needs] === undefined) return send(c, 200, phpJson({ type: 'error', msg: 'Cannot find attributes in post data' }));
      if (c.req.method !== 'POST') return error(c, 405, 'only POST method is allowed');
    }
    const handler = registry[action as V1Action].get(category);
    if (!handler) return error(c, 404, 'route not found');
    const reply = await handler({
      deps, actor, action: action as V1Action, category, object, extra,
      attr: decodeAttr(body.post.attr),
      items: action === 'get' || action === 'add' ? null : decodeItems(body.post.items),
      query: new URL(c.req.url).searchParams,
    });
    return answer(c, action as V1Action, reply);
  });
}
