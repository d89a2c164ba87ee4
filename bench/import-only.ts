// `npx tsx bench/import-only.ts` (with the bench profile's services): the CSV import figures alone.
import { importBench } from './mailbox-import.ts';

const r = await importBench(Number(process.env.DRY_ROWS ?? 10_000), Number(process.env.COMMIT_ROWS ?? 300));
console.log(JSON.stringify({ ...r, ratio: r.commitPerS / r.rawHashesPerS }));
