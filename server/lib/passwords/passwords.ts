import { randomBytes } from 'node:crypto';
import { Piscina } from 'piscina';
import type { HashTask } from './hash.worker.ts';

export interface PasswordHasher {
  verify(stored: string, password: string): Promise<boolean>;
  hash(password: string): Promise<string>;
  close(): Promise<void>;
}

/** `cost` is bcrypt's for new hashes: 10 as mailcow writes them; tests use 4. */
export function createPasswordHasher(threads: number, cost = 10): PasswordHasher {
  const pool = new Piscina<HashTask, boolean | string>({
    filename: new URL('./hash.worker.mjs', import.meta.url).href,
    // A hashing thread holds ~45 MB (its own V8 and TypeScript loader) and is needed only while people
    // sign in: started by the first sign-in (~0.3 s once), ended after a minute without one.
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  const hash = async (password: string) => String(await pool.run({ op: 'hash', password, cost }));
  // Verified when the account does not exist, so a miss costs as much time as a wrong password:
  // made once, at the same cost as every hash this hasher writes, from a password nobody knows.
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hash(randomBytes(24).toString('base64')));
  return {
    async verify(stored, password) {
      return (await pool.run({ op: 'verify', stored: stored || await dummyHash(), password })) === true && stored !== '';
    },
    hash,
    close: () => pool.close(),
  };
}
