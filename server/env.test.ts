import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

const required = { DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/db', REDIS_URL: 'redis://127.0.0.1:6379/0' };

describe('PASSWORD_HASH_COST', () => {
  it("is mailcow's 10 unless set, and only within bcrypt's range 4 to 31", () => {
    expect(loadEnv(required).PASSWORD_HASH_COST).toBe(10);
    expect(loadEnv({ ...required, PASSWORD_HASH_COST: '4' }).PASSWORD_HASH_COST).toBe(4);
    for (const bad of ['3', '32', '10.5', 'high']) {
      expect(() => loadEnv({ ...required, PASSWORD_HASH_COST: bad })).toThrow(/PASSWORD_HASH_COST/);
    }
  });
});
