// First import of the client (main.ts). Shared zod schemas create their object parsers when their
// modules load, and zod then probes `new Function` to decide whether to compile them. Under the
// app's CSP (no 'unsafe-eval') the probe fails harmlessly but is still reported as a violation, so
// zod is told up front not to compile: the client parses little, and never in a hot loop.
// `zod/v4/core`'s config() would pull zod's core into the sign-in page (3.6 KB): the setting is put
// where that config() keeps it (zod's global config object, read when zod loads) instead. The CSP
// e2e test (e2e/specs/security.spec.ts) fails if a zod upgrade moves it.
const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };
