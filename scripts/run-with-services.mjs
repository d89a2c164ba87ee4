// `npm run db:migrate` / `db:seed`: run a TypeScript entry against the dev servers (started if needed).
import { ensureDependencies, ROOT, runTs } from './lib/setup.mjs';
import { startServices } from './lib/services.mjs';

ensureDependencies();
const env = process.env.DATABASE_URL && process.env.REDIS_URL ? {} : (await startServices(ROOT, 'dev')).env;
runTs(process.argv[2], env, process.argv.slice(3));
