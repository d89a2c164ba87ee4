import { z } from 'zod';

/** mailcow's get/last-login takes days (default 7); sasl_log keeps 31 days (its clean_sasl_log event). */
export const signInsQuery = z.object({
  days: z.coerce.number().int('Whole days only.').min(1, 'At least one day.').max(31, 'sasl_log keeps 31 days.').default(7),
});

export interface SignInView {
  /** sasl_log's service: MAILCOWUI (web), imap, smtp, pop3, sieve, SOGO, SSO, DAV, EAS, … */
  service: string;
  ip: string;
  /** The latest sign-in of this service from this address: sasl_log.datetime, the server's wall-clock time as mailcow keeps it. */
  at: string;
  /** The app password used, when one was (its name as the user sees it); null for the main password. */
  appPassword: { id: number; name: string | null } | null;
  /** Private and reserved addresses are "internal"; else the country mailcow cached for the address, or null. */
  place: { internal: true } | { country: string } | null;
  /** The browser and system of a web sign-in, when Cowbell saw it; null otherwise. */
  device: string | null;
}
