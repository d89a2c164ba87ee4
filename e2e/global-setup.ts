// The database is migrated by `npm test` before Playwright starts. Here: clear Redis counters from
// earlier runs, turn mailcow's quarantine on, and run an SMTP sink where released mail goes.
import { Redis } from 'ioredis';
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { E2E_PUSH_PORT, E2E_SMTP_PORT } from '../playwright.config.ts';

export default async function globalSetup() {
  if (!process.env.REDIS_URL) throw new Error('Run the end-to-end tests through `npm test` (it starts MariaDB and Redis).');
  const redis = new Redis(process.env.REDIS_URL);
  // Failures counted by earlier runs (Vitest's too, from 127.0.0.1) would lock this run's first tries out.
  const stale = [...await redis.keys('cowbell:signin-fail:*'), ...await redis.keys('cowbell:api-key-fail:*')];
  if (stale.length > 0) await redis.del(...stale);
  await redis.mset({ Q_MAX_SIZE: '2', Q_RETENTION_SIZE: '100', Q_RELEASE_FORMAT: 'raw' });
  await redis.quit();
  const sink = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _session, callback) { stream.resume(); stream.on('end', () => callback()); } });
  await new Promise<void>((resolve) => sink.listen(E2E_SMTP_PORT, '127.0.0.1', resolve));
  // Accepts every push (the server-side encryption and VAPID are proven by the server tests).
  const pushSink = createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(201).end()); });
  await new Promise<void>((resolve) => pushSink.listen(E2E_PUSH_PORT, '127.0.0.1', resolve));
  return async () => {
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    await new Promise<void>((resolve) => pushSink.close(() => resolve()));
  };
}
