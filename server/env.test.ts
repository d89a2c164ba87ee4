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

describe('SOGO_MEMCACHED', () => {
  it('is off unless set, and host:port (an IPv6 host in brackets) when set', () => {
    expect(loadEnv(required).SOGO_MEMCACHED).toBeUndefined();
    expect(loadEnv({ ...required, SOGO_MEMCACHED: '' }).SOGO_MEMCACHED).toBeUndefined();
    expect(loadEnv({ ...required, SOGO_MEMCACHED: 'memcached:11211' }).SOGO_MEMCACHED).toEqual({ host: 'memcached', port: 11211 });
    expect(loadEnv({ ...required, SOGO_MEMCACHED: '[::1]:11211' }).SOGO_MEMCACHED).toEqual({ host: '::1', port: 11211 });
    for (const bad of ['memcached', 'memcached:0', 'memcached:70000', 'a b:1', '::1:11211']) {
      expect(() => loadEnv({ ...required, SOGO_MEMCACHED: bad })).toThrow(/SOGO_MEMCACHED/);
    }
  });
});
