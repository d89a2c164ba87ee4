// Cowbell's own tables: applied in both modes (standalone and attach).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './db/schema/cowbell.ts',
  out: './db/migrations/cowbell',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'mysql://localhost/cowbell' },
});
