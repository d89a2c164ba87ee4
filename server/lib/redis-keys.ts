// Every Redis key Cowbell touches. Cowbell's own keys carry the `cowbell:` prefix; mailcow's keys are
// used verbatim (reference section 12) so both read the same data.
export const keys = {
  session: (idHash: string) => `cowbell:session:${idHash}`,
  signinFailuresAccount: (username: string) => `cowbell:signin-fail:account:${username}`,
  signinFailuresIp: (ip: string) => `cowbell:signin-fail:ip:${ip}`,
} as const;

/** mailcow's own keys and channels. */
export const mailcowKeys = {
  /** Failed UI logins for netfilter (fail2ban-like bans). */
  f2bChannel: 'F2B_CHANNEL',
} as const;
