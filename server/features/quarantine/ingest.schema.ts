import { z } from 'zod';

const symbol = z.object({ name: z.string(), score: z.number().optional() }).loose();

/** rspamd's get_general_metadata, as the multipart formatter sends it (and as we rebuild it from headers). */
export const quarantineMetaSchema = z.object({
  qid: z.string().max(255).nullish(),
  subject: z.string().nullish(),
  score: z.coerce.number().finite().nullish(),
  rcpt: z.array(z.string().max(512)).min(1, 'at least one recipient').max(1000),
  from: z.string().max(512).nullish(),
  user: z.string().max(512).nullish(),
  ip: z.string().max(100).nullish(),
  action: z.string().max(64).nullish(),
  symbols: z.union([z.array(symbol), z.record(z.string(), symbol)]).nullish(),
  fuzzy: z.array(z.string()).nullish(),
}).loose();

export type QuarantineMeta = z.infer<typeof quarantineMetaSchema>;
