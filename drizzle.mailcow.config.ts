// mailcow's tables: applied only in standalone mode (attach mode never alters mailcow's schema).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './db/schema/mailcow.ts',
  out: './db/migrations/mailcow',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'mysql://localhost/cowbell' },
});
