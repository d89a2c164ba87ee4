import { Piscina } from 'piscina';
import type { HashTask } from './hash.worker.ts';

export interface PasswordHasher {
  verify(stored: string, password: string): Promise<boolean>;
  hash(password: string): Promise<string>;
  close(): Promise<void>;
}

// Verified when the account does not exist, so a miss costs as much time as a wrong password.
const DUMMY_HASH = '{BLF-CRYPT}$2y$10$fQDGaMTjIh5fDGhZBmJXo.52GFdV169PDEEu4hlE2BUfprIMpiiLW';

export function createPasswordHasher(threads: number, cost = 10): PasswordHasher {
  const pool = new Piscina<HashTask, boolean | string>({
    filename: new URL('./hash.worker.mjs', import.meta.url).href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    async verify(stored, password) {
      return (await pool.run({ op: 'verify', stored: stored || DUMMY_HASH, password })) === true && stored !== '';
    },
    async hash(password) {
      return String(await pool.run({ op: 'hash', password, cost }));
    },
    close: () => pool.close(),
  };
}
