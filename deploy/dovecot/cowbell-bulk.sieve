# cowbell-bulk.sieve: marks list and bulk mail for Cowbell's new-mail push.
#
# Dovecot's push event carries no headers, but it carries IMAP keywords: this script adds the
# keyword $CowbellBulk to mail with a List-Id header or "Precedence: bulk", "list" or "junk", or that
# rspamd judged bulk (DCC_BULK in the X-Spamd-Result header mailcow's rspamd adds; only with its DCC
# module), and Cowbell does not push such mail unless its sender is one of the user's VIPs. It runs before the
# user's own script (sieve_before3 on mailcow, see Cowbell's README): the user's plain fileinto and
# the implicit keep keep the keyword; a fileinto :flags or a setflag there replaces it. Mail
# clients may show the keyword.
#
# On mailcow: data/conf/dovecot/lua/cowbell-bulk.sieve, beside cowbell-push.lua.

require ["imap4flags"];

if anyof (exists "List-Id",
          header :is "Precedence" ["bulk", "list", "junk"],
          header :contains "X-Spamd-Result" "DCC_BULK(") {
  addflag "$CowbellBulk";
}
