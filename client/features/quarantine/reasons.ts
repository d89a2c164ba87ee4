// rspamd's symbols in plain words. Families that share a prefix share a reason; the first rule that
// matches wins, so rules that mean "this says nothing about the message" come first.
export const REASON_KEYS = ['bayesSpam', 'bayesHam', 'rbl', 'uribl', 'phishing', 'phishingListed', 'dkimFail', 'spfFail',
  'spfSoftfail', 'dmarcFail', 'badAttachment', 'doubleExtension', 'nestedArchive', 'virus', 'fuzzy'] as const;
export type ReasonKey = (typeof REASON_KEYS)[number];

const RULES: [RegExp, ReasonKey | null][] = [
  // A list that refused to answer (rate limit, open resolver): nothing is known about the message.
  [/(^|_)BLOCKED(_|$)|OPENRESOLVER/, null],
  // Allow lists and "known good" answers.
  [/DNSWL|(^|_)RWL_|(^|_)WL(_|$)|FUZZY_WHITE/, null],
  [/^BAYES_SPAM$/, 'bayesSpam'],
  [/^BAYES_HAM$/, 'bayesHam'],
  [/^PHISHING$/, 'phishing'],
  [/^PHISHED_/, 'phishingListed'],
  [/^R_DKIM_(REJECT|PERMFAIL)$/, 'dkimFail'],
  [/^R_SPF_(FAIL|PERMFAIL)$/, 'spfFail'],
  [/^R_SPF_SOFTFAIL$/, 'spfSoftfail'],
  [/^DMARC_POLICY_(REJECT|QUARANTINE|SOFTFAIL)$/, 'dmarcFail'],
  [/^MIME_DOUBLE_BAD_EXTENSION$/, 'doubleExtension'],
  [/^MIME_ARCHIVE_IN_ARCHIVE$/, 'nestedArchive'],
  [/^MIME_(BAD_ATTACHMENT|BAD_EXTENSION|EXE_IN_GEN_SPLIT_RAR|OBFUSCATED_ARCHIVE|ENCRYPTED_ARCHIVE)$/, 'badAttachment'],
  [/^(VIRUS_FOUND|[A-Z]+_VIRUS)$/, 'virus'],
  [/(^|_)FUZZY_(DENIED|PROB)$/, 'fuzzy'],
  [/(^|_)(URIBL|SURBL|DBL)(_|$)/, 'uribl'],
  [/^(RBL_|RECEIVED_(SPAMHAUS|SPAMCOP|BLOCKLISTDE|MAILSPIKE|PBL|XBL|SBL)|SPAMHAUS_|MAILSPIKE_|RCVD_IN_)/, 'rbl'],
];

/** The reason a symbol stands for, or null when it has no plain-words explanation. */
export function reasonKey(symbol: string): ReasonKey | null {
  const name = symbol.trim().toUpperCase();
  return RULES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** The explained reasons among symbols, strongest first, one entry per reason with the symbols behind it. */
export function explainSymbols(symbols: { name: string; score: number }[]): { key: ReasonKey; symbols: string[] }[] {
  const byKey = new Map<ReasonKey, string[]>();
  for (const s of [...symbols].sort((a, b) => b.score - a.score)) {
    const key = s.score > 0 ? reasonKey(s.name) : null;
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), s.name]);
  }
  return [...byKey].map(([key, names]) => ({ key, symbols: names }));
}
