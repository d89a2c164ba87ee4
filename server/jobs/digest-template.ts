// The digest's HTML is mailcow's Q_HTML, a Jinja2 template, rendered as quarantine_notify.py renders
// it (reference 3.8): the same variables, no autoescaping (jinja2's SandboxedEnvironment default; the
// template escapes with |e), and mailcow's quarantine.tpl when Q_HTML is unset, empty or broken.
// nunjucks is no sandbox: any value's `constructor.constructor` is Function, and from there process.
// So the runtime a compiled template calls is swapped for one whose look-ups refuse what Jinja2's
// sandbox refuses (names starting with "_", the object machinery, anything on a function), filters
// and tests come from objects without a prototype, and there is no loader (no include, import, extends).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Nunjucks from 'nunjucks';
import { isolate } from '../lib/bidi.ts';
import { htmlToText } from '../lib/html-to-text.ts';

export interface DigestItem {
  id: number;
  qhash: string | null;
  subject: string | null;
  score: number | null;
  sender: string;
  created: string;
  action: string;
}

export interface DigestInput {
  username: string;
  items: DigestItem[];
  /** Host name and path of Cowbell's public URL: mailcow's template links to https://{{ hostname }}/qhandler/…. */
  hostname: string;
  /** user_acl.quarantine of the mailbox: the template shows release/delete links only when it is 1. */
  quarantineAcl: number;
}

// Beside this module in the source and (copied by scripts/lib/build-server.mjs) beside the server bundle.
export const DEFAULT_TEMPLATE = readFileSync(new URL('./quarantine.tpl', import.meta.url), 'utf8');

const UNSAFE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'caller', 'callee', 'arguments', 'apply', 'call', 'bind']);
const unsafe = (name: unknown) => { const n = String(name); return n.startsWith('_') || UNSAFE_NAMES.has(n); };

type Runtime = typeof Nunjucks.runtime & {
  memberLookup(obj: unknown, val: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
};

function safeRuntimeOf(nunjucks: typeof Nunjucks): Runtime {
  const base = nunjucks.runtime as Runtime;
  return {
    ...base,
    memberLookup: (obj, val) => (typeof obj === 'function' || unsafe(val) ? undefined : base.memberLookup(obj, val)),
    contextOrFrameLookup: (context, frame, name) => (unsafe(name) ? undefined : base.contextOrFrameLookup(context, frame, name)),
  };
}

// Jinja2's sandbox refuses ranges of more than 100,000 items (MAX_RANGE).
const MAX_RANGE = 100_000;

function sandboxedEnvironment(nunjucks: typeof Nunjucks) {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  const e = env as unknown as { filters: object; tests: object; globals: Record<string, unknown> };
  Object.setPrototypeOf(e.filters, null);
  Object.setPrototypeOf(e.tests, null);
  const range = e.globals.range as (...a: number[]) => number[];
  e.globals = Object.assign(Object.create(null) as Record<string, unknown>, e.globals, {
    range: (...a: number[]) => {
      const [start, stop, step = 1] = a.length === 1 ? [0, a[0]] : a;
      if (Math.abs((stop - start) / (step || 1)) > MAX_RANGE) throw new Error(`range too big (more than ${MAX_RANGE} items)`);
      return range(...a);
    },
  });
  return env;
}
// nunjucks loads with the first digest or template check, not with the server: most servers send
// digests a few times a day, and its modules would sit in every process's heap meanwhile.
let sandbox: { nunjucks: typeof Nunjucks; env: Nunjucks.Environment; runtime: Runtime } | null = null;
function loadSandbox() {
  if (!sandbox) {
    const nunjucks = createRequire(import.meta.url)('nunjucks') as typeof Nunjucks;
    sandbox = { nunjucks, env: sandboxedEnvironment(nunjucks), runtime: safeRuntimeOf(nunjucks) };
  }
  return sandbox;
}

type Compiled = { render(ctx: object): string; rootRenderFunc: (...a: unknown[]) => void; blocks: Record<string, (...a: unknown[]) => void> };

/** Q_HTML compiled for the sandbox; throws (a TemplateError) when it does not parse. */
export function compileDigestTemplate(source: string): Compiled {
  const { nunjucks, env, runtime } = loadSandbox();
  const t = new nunjucks.Template(source, env, 'Q_HTML', true) as unknown as Compiled;
  const withSafeRuntime = (fn: (...a: unknown[]) => void) => (e: unknown, ctx: unknown, frame: unknown, _rt: unknown, cb: unknown) => fn(e, ctx, frame, runtime, cb);
  t.rootRenderFunc = withSafeRuntime(t.rootRenderFunc);
  for (const name of Object.keys(t.blocks)) t.blocks[name] = withSafeRuntime(t.blocks[name]);
  return t;
}

/** Why a template cannot be used (it does not parse), or null. */
export function templateProblem(source: string): string | null {
  try {
    compileDigestTemplate(source);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

// A score as Python prints the float MySQLdb returns (9 → "9.0").
const pyFloat = (n: number | null) => (n === null ? '' : Number.isInteger(n) ? n.toFixed(1) : String(n));

const toText = (html: string) => htmlToText(html, { wordwrap: 78, selectors: [{ selector: 'table', format: 'dataTable' }, { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }] });

function renderWith(source: string, input: DigestInput): string {
  // Subject and sender are bidi-isolated (FSI…PDI), so an override inside them cannot reorder the
  // rest of the row, whatever the template does with them.
  const meta = input.items.map((i) => ({ qhash: i.qhash, id: i.id, subject: isolate(i.subject ?? ''), score: pyFloat(i.score),
    sender: isolate(i.sender), created: i.created, action: i.action }));
  return compileDigestTemplate(source).render({ meta, username: input.username, counter: input.items.length, hostname: input.hostname,
    quarantine_acl: input.quarantineAcl });
}

/** Q_HTML rendered, with its text part; null when it fails (does not parse, or throws while rendering). */
export function renderCustomDigest(template: string, input: DigestInput): { html: string; text: string } | null {
  try {
    const html = renderWith(template, input);
    return { html, text: toText(html) };
  } catch {
    return null;
  }
}

/** mailcow's own quarantine.tpl: trusted, so it is rendered wherever it is needed. */
export function renderDefaultDigest(input: DigestInput): { html: string; text: string; usedDefault: true } {
  const html = renderWith(DEFAULT_TEMPLATE, input);
  return { html, text: toText(html), usedDefault: true };
}

/**
 * The digest's HTML from Q_HTML, or from mailcow's template when Q_HTML is empty or does not parse.
 * A template that fails while rendering (mailcow then sends nothing, every run again) falls back too:
 * the user still hears of the mail. Runs on the calling thread: the digest job goes through
 * digest-render.ts, which bounds a template's time and memory.
 */
export function renderDigest(template: string | null, input: DigestInput): { html: string; text: string; usedDefault: boolean } {
  const custom = template ? renderCustomDigest(template, input) : null;
  return custom ? { ...custom, usedDefault: false } : renderDefaultDigest(input);
}
