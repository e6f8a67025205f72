// drizzle-kit, SQLite: generates SQL migrations from the tables of server/db/schema.ts (as SQLite derives them) into
// server/db/migrations (`npm run db:generate` runs this and drizzle.pg.config.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/sqlite-schema.ts',
  out: './server/db/migrations',
});
