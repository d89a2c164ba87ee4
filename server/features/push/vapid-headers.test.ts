import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import { vapidAuthorization } from './vapid-headers.ts';

const claims = (authorization: string) =>
  JSON.parse(Buffer.from(/^vapid t=[^.]+\.([^.]+)\./.exec(authorization)![1], 'base64url').toString()) as { aud: string; exp: number; sub: string };

describe('VAPID headers', () => {
  const keys = webpush.generateVAPIDKeys();
  // web-push refuses expirations more than 24 h after the real clock: the test clock starts at it.
  const now = Math.floor(Date.now() / 1000) * 1000;

  it('are signed once per push service and reused until an hour before they expire', () => {
    const first = vapidAuthorization('https://push.example.net/send/a', 'mailto:ops@example.org', keys, now);
    expect(first).toMatch(new RegExp(`^vapid t=.+, k=${keys.publicKey}$`));
    expect(claims(first)).toEqual({ aud: 'https://push.example.net', sub: 'mailto:ops@example.org', exp: now / 1000 + 12 * 3600 });
    // Another device at the same service, later the same day: the same header.
    expect(vapidAuthorization('https://push.example.net/send/b', 'mailto:ops@example.org', keys, now + 10 * 3600_000)).toBe(first);
    const renewed = vapidAuthorization('https://push.example.net/send/b', 'mailto:ops@example.org', keys, now + 11 * 3600_000);
    expect(claims(renewed).exp).toBe(now / 1000 + 23 * 3600);
  });

  it('name each push service, subject and key in their own header', () => {
    const a = vapidAuthorization('https://push.example.net/send/a', 'mailto:ops@example.org', keys, now);
    const other = vapidAuthorization('https://updates.push.example.com/wpush/v2/x', 'mailto:ops@example.org', keys, now);
    expect(claims(other).aud).toBe('https://updates.push.example.com');
    expect(vapidAuthorization('https://push.example.net/send/a', 'mailto:other@example.org', keys, now)).not.toBe(a);
    const newKeys = webpush.generateVAPIDKeys();
    expect(vapidAuthorization('https://push.example.net/send/a', 'mailto:ops@example.org', newKeys, now)).toContain(`k=${newKeys.publicKey}`);
  });
});
