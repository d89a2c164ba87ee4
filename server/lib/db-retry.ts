// InnoDB answers two writers that wait on each other by rolling one back ("Deadlock found when
// trying to get lock; try restarting transaction"). Writers that run side by side (a CSV import's
// rows, two admins) restart the loser, as the message says, a few times before giving up.
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

export const isRetryableLockError = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return RETRYABLE.has(err.cause?.code ?? err.code ?? '');
};

/** Runs `work` (a whole transaction, so a restart repeats all of it) again when InnoDB chose it as a deadlock's victim. */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= attempts || !isRetryableLockError(e)) throw e;
      // A short, growing, jittered pause, so the two do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
    }
  }
}
