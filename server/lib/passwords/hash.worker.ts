// Piscina worker: one task = one hash or verification, off the server's event loop.
import { hashBlowfish, verifyHash } from './schemes.ts';

export type HashTask =
  | { op: 'verify'; stored: string; password: string }
  | { op: 'hash'; password: string; cost?: number };

export default async function run(task: HashTask): Promise<boolean | string> {
  if (task.op === 'hash') return hashBlowfish(task.password, task.cost);
  try {
    return await verifyHash(task.stored, task.password);
  } catch {
    return false; // a malformed stored hash is a failed check, never a crash
  }
}
