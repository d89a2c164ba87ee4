import { describe, expect, it } from 'vitest';
import { explainSymbols, reasonKey } from './reasons.ts';

describe('reasonKey', () => {
  it.each([
    ['BAYES_SPAM', 'bayesSpam'], ['BAYES_HAM', 'bayesHam'],
    ['RBL_SPAMHAUS_XBL', 'rbl'], ['RBL_SPAMHAUS_SBL', 'rbl'], ['RBL_MAILSPIKE_BAD', 'rbl'], ['RBL_SENDERSCORE_REPUT_0', 'rbl'],
    ['RECEIVED_SPAMHAUS_PBL', 'rbl'], ['RBL_SEM', 'rbl'],
    ['URIBL_BLACK', 'uribl'], ['URIBL_GREY', 'uribl'], ['DBL_SPAM', 'uribl'], ['DBL_PHISH', 'uribl'], ['SEM_URIBL', 'uribl'],
    ['RSPAMD_URIBL', 'uribl'], ['PH_SURBL_MULTI', 'uribl'],
    ['PHISHING', 'phishing'], ['PHISHED_OPENPHISH', 'phishingListed'], ['PHISHED_PHISHTANK', 'phishingListed'],
    ['R_DKIM_REJECT', 'dkimFail'], ['R_DKIM_PERMFAIL', 'dkimFail'], ['R_SPF_FAIL', 'spfFail'], ['R_SPF_PERMFAIL', 'spfFail'],
    ['R_SPF_SOFTFAIL', 'spfSoftfail'], ['DMARC_POLICY_REJECT', 'dmarcFail'], ['DMARC_POLICY_QUARANTINE', 'dmarcFail'],
    ['DMARC_POLICY_SOFTFAIL', 'dmarcFail'],
    ['MIME_BAD_ATTACHMENT', 'badAttachment'], ['MIME_BAD_EXTENSION', 'badAttachment'], ['MIME_EXE_IN_GEN_SPLIT_RAR', 'badAttachment'],
    ['MIME_DOUBLE_BAD_EXTENSION', 'doubleExtension'], ['MIME_ARCHIVE_IN_ARCHIVE', 'nestedArchive'],
    ['CLAM_VIRUS', 'virus'], ['VIRUS_FOUND', 'virus'], ['SOPHOS_VIRUS', 'virus'],
    ['FUZZY_DENIED', 'fuzzy'], ['LOCAL_FUZZY_DENIED', 'fuzzy'], ['MAILCOW_FUZZY_DENIED', 'fuzzy'], ['FUZZY_PROB', 'fuzzy'],
    ['bayes_spam', 'bayesSpam'],
  ])('%s → %s', (symbol, key) => expect(reasonKey(symbol)).toBe(key));

  it.each([
    'R_SPF_ALLOW', 'R_DKIM_ALLOW', 'DMARC_POLICY_ALLOW', 'R_DKIM_TEMPFAIL', 'CLAM_VIRUS_FAIL', 'URIBL_BLOCKED', 'DBL_BLOCKED_OPENRESOLVER',
    'RBL_SPAMHAUS_BLOCKED', 'RCVD_IN_DNSWL_HI', 'RWL_MAILSPIKE_GOOD', 'FUZZY_WHITE', 'MIME_GOOD', 'ARC_NA', 'MAILSTACK_TEST_SPAM', '',
  ])('%s has no plain words', (symbol) => expect(reasonKey(symbol)).toBeNull());
});

describe('explainSymbols', () => {
  it('keeps the strongest first, groups a family and skips symbols that did not count against the message', () => {
    expect(explainSymbols([
      { name: 'R_SPF_FAIL', score: 1 }, { name: 'RBL_SPAMHAUS_XBL', score: 4 }, { name: 'BAYES_SPAM', score: 5.1 },
      { name: 'RBL_MAILSPIKE_BAD', score: 2 }, { name: 'BAYES_HAM', score: -3 }, { name: 'MAILSTACK_TEST_SPAM', score: 12 },
    ])).toEqual([
      { key: 'bayesSpam', symbols: ['BAYES_SPAM'] },
      { key: 'rbl', symbols: ['RBL_SPAMHAUS_XBL', 'RBL_MAILSPIKE_BAD'] },
      { key: 'spfFail', symbols: ['R_SPF_FAIL'] },
    ]);
  });
});
