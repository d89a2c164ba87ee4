// The demo's rspamd rule. The demo runs offline: no DNS lists, no DMARC, no ClamAV, no fuzzy storage,
// no trained Bayes. Each demo mail names (in its X-Cowbell-Demo header) the verdict those checks
// would give, and this rule adds their symbols with those scores; rspamd's own offline rules,
// scoring, actions, milter and metadata exporter do the rest, as in mailcow.
import { DEMO_HEADER, demoVerdicts, type DemoSymbol } from './demo-mails.ts';

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal for this text

export function demoRspamdLua(verdicts: Record<string, DemoSymbol[]> = demoVerdicts()): string {
  const scores = new Map<string, number>();
  for (const list of Object.values(verdicts)) for (const s of list) scores.set(s.name, s.score);
  const table = Object.entries(verdicts).map(([kind, list]) => `  [${lua(kind)}] = { ${list.map((s) =>
    `{ ${lua(s.name)}, { ${(s.options ?? []).map(lua).join(', ')} } }`).join(', ')} },`).join('\n');
  return `local demo_verdicts = {
${table}
}
local demo_id = rspamd_config:register_symbol({ name = 'COWBELL_DEMO_VERDICT', score = 0.0, group = 'cowbell_demo',
  callback = function(task)
    local verdict = demo_verdicts[task:get_header(${lua(DEMO_HEADER)}) or '']
    if not verdict then return false end
    for _, s in ipairs(verdict) do task:insert_result(s[1], 1.0, s[2]) end
    return false
  end })
${[...scores].map(([name, score]) => `rspamd_config:register_symbol({ name = ${lua(name)}, type = 'virtual', parent = demo_id, score = ${score.toFixed(2)}, group = 'cowbell_demo' })`).join('\n')}
`;
}
