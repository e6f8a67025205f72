// drizzle-kit, Postgres: generates SQL migrations from server/db/schema.ts into server/db/pg-migrations.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/db/pg-migrations',
});
