// Opens the SQLite database (WAL), applies the drizzle-kit migrations, and hands out the typed drizzle handle.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  cacheStatements(sqlite);
  return db as Db;
}

export { schema };

/**
 * drizzle prepares a new better-sqlite3 statement for every query it runs, and preparing (parsing and planning the
 * SQL) costs about as much as running most of ivrpay's queries. This makes `prepare` hand out one statement per SQL
 * text, reset to the default row mode (drizzle switches some to raw); a statement still iterating is not shared.
 */
export function cacheStatements(sqlite: Database.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  (sqlite as { prepare: (source: string) => Database.Statement }).prepare = (source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const stmt = prepare(source);
    if (!hit) {
      if (cache.size >= max) cache.clear();
      cache.set(source, stmt);
    }
    return stmt;
  };
}
