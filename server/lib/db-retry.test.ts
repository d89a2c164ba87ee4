// A deadlock's victim is run again, a few times at most; any other error is not.
import { describe, expect, it } from 'vitest';
import { retryOnDeadlock } from './db-retry.ts';

const deadlock = () => Object.assign(new Error('Failed query'), { cause: { code: 'ER_LOCK_DEADLOCK' } });

describe('retryOnDeadlock', () => {
  it('runs the work again after a deadlock and answers its result', async () => {
    let calls = 0;
    expect(await retryOnDeadlock(async () => { if (++calls < 3) throw deadlock(); return 'done'; })).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after its attempts, with the last error', async () => {
    let calls = 0;
    await expect(retryOnDeadlock(async () => { calls++; throw deadlock(); }, 2)).rejects.toMatchObject({ cause: { code: 'ER_LOCK_DEADLOCK' } });
    expect(calls).toBe(2);
  });

  it('does not repeat work that failed for another reason', async () => {
    let calls = 0;
    await expect(retryOnDeadlock(async () => { calls++; throw Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }); })).rejects.toThrow('dup');
    expect(calls).toBe(1);
  });
});
