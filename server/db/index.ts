// Opens the database — SQLite (embedded default, WAL) or Postgres (IVRPAY_DATABASE_URL) — applies its drizzle-kit
// migrations, and hands out one async interface for both: the dialect's tables, the query builder (joining the
// transaction the caller is in), one transaction helper, row locks where Postgres needs them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzleProxy } from 'drizzle-orm/sqlite-proxy';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { drizzle as drizzlePg, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import * as sqliteSchema from './sqlite-schema.js';

/** The tables, typed as pg-core; at run time each database holds its own dialect's (sqlite-schema.ts). */
export type Tables = Omit<typeof schema, never>;
/** The query builder. Both dialects run the same builder calls, awaited (never `.get()`/`.all()`/`.run()`). */
export type Orm = PgDatabase<NodePgQueryResultHKT>;

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  readonly tables: Tables;
  /** the query builder of the transaction this code runs in, else of the whole database */
  readonly q: Orm;
  /**
   * Runs `fn` in one transaction (joined when already in one). SQLite: writers take turns on the one connection
   * (BEGIN IMMEDIATE … COMMIT, an async FIFO turn; any statement from outside the transaction waits for its end).
   * Postgres: a pooled client's transaction. `fn` awaits only the database inside.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** whether this code runs inside a transaction */
  readonly inTransaction: boolean;
  /** Postgres: `SELECT … FOR UPDATE` (the row stays locked until the transaction ends); SQLite: the query as is */
  forUpdate<Q>(query: Q): Q;
  /** rows of a raw SQL query, as objects keyed by column name */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** SQLite only: `fn` on the raw connection once it is this flow's turn (prepared statements on the hot path) */
  sqliteTurn<T>(fn: (sqlite: Database.Database) => T): Promise<T>;
  /** the raw handles (tests, the event bus's LISTEN connection) */
  readonly sqlite: Database.Database | null;
  readonly pool: pg.Pool | null;
  close(): Promise<void>;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const SQLITE_MIGRATIONS = resolve(HERE, 'migrations');
const PG_MIGRATIONS = resolve(HERE, 'pg-migrations');

/** `postgres://…` / `postgresql://…` opens Postgres; anything else is a SQLite file (or `:memory:`). */
export function openDatabase(target: string, opts: { poolSize?: number } = {}): Promise<Db> {
  return /^postgres(ql)?:\/\//.test(target) ? openPostgres(target, opts.poolSize ?? 10) : Promise.resolve(openSqlite(target));
}

export { schema };

interface TxContext {
  tx: Orm;
  done: boolean;
}

// ── SQLite ──────────────────────────────────────────────────────────────────

/** Whose turn it is on the one SQLite connection: a transaction, or one statement from outside it; FIFO. */
class Turns {
  owner: TxContext | symbol | null = null;
  private readonly queue: { who: TxContext | symbol; go: () => void }[] = [];

  take(who: TxContext | symbol): Promise<void> {
    if (this.owner === null) {
      this.owner = who;
      return Promise.resolve();
    }
    return new Promise((go) => this.queue.push({ who, go }));
  }

  release(): void {
    const next = this.queue.shift();
    this.owner = next ? next.who : null;
    next?.go();
  }
}

const STATEMENT = Symbol('statement');

export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: SQLITE_MIGRATIONS });
  cacheStatements(sqlite);

  const als = new AsyncLocalStorage<TxContext>();
  const turns = new Turns();
  /** true when this flow may use the connection now: nobody holds it, or the transaction it runs in does */
  const free = () => turns.owner === null || (turns.owner === als.getStore() && !(turns.owner as TxContext).done);
  const inTurn = async <T>(fn: () => T): Promise<T> => {
    if (free()) return fn();
    await turns.take(STATEMENT);
    try {
      return fn();
    } finally {
      turns.release();
    }
  };
  const exec = (text: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
    const stmt = sqlite.prepare(text);
    const args = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    if (method === 'run' || !stmt.reader) return { rows: [], rowCount: stmt.run(...args).changes };
    if (method === 'get') return { rows: stmt.raw(true).get(...args) };
    return { rows: stmt.raw(true).all(...args) };
  };
  const orm = drizzleProxy((text, params, method) => inTurn(() => exec(text, params, method) as { rows: any[] })) as unknown as Orm;
  const dialect = new SQLiteAsyncDialect();

  return {
    dialect: 'sqlite',
    tables: sqliteSchema as unknown as Tables,
    q: orm,
    get inTransaction() {
      const ctx = als.getStore();
      return ctx !== undefined && !ctx.done;
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const current = als.getStore();
      if (current && !current.done) return fn();
      const ctx: TxContext = { tx: orm, done: false };
      await turns.take(ctx);
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const result = await als.run(ctx, fn);
          sqlite.exec('COMMIT');
          return result;
        } catch (err) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw err;
        }
      } finally {
        ctx.done = true;
        turns.release();
      }
    },
    forUpdate: (query) => query,
    rows: <T>(query: SQL) =>
      inTurn(() => {
        const { sql: text, params } = dialect.sqlToQuery(query);
        const stmt = sqlite.prepare(text);
        return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
      }),
    sqliteTurn: (fn) => inTurn(() => fn(sqlite)),
    sqlite,
    pool: null,
    close: async () => {
      await inTurn(() => sqlite.close());
    },
  };
}

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

// ── Postgres ────────────────────────────────────────────────────────────────

/** Held while migrating, so instances starting together apply the migrations once. */
const MIGRATION_LOCK = 0x1ef7a11;

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // an idle client that loses its server (Postgres restarted) must not crash the process: the pool drops it
  pool.on('error', () => {});
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder: PG_MIGRATIONS });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  const root = drizzlePg(pool) as unknown as Orm;
  const als = new AsyncLocalStorage<TxContext>();
  return {
    dialect: 'postgres',
    tables: schema,
    get inTransaction() {
      const ctx = als.getStore();
      return ctx !== undefined && !ctx.done;
    },
    get q() {
      const ctx = als.getStore();
      return ctx && !ctx.done ? ctx.tx : root;
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const current = als.getStore();
      if (current && !current.done) return fn();
      return root.transaction(async (tx) => {
        const ctx: TxContext = { tx: tx as unknown as Orm, done: false };
        try {
          return await als.run(ctx, fn);
        } finally {
          ctx.done = true;
        }
      });
    },
    forUpdate: (query) => (query as { for(strength: 'update'): unknown }).for('update') as typeof query,
    async rows<T>(query: SQL): Promise<T[]> {
      const ctx = als.getStore();
      return (await (ctx && !ctx.done ? ctx.tx : root).execute(query)).rows as T[];
    },
    sqliteTurn: () => Promise.reject(new Error('not SQLite')),
    sqlite: null,
    pool,
    close: () => pool.end(),
  };
}
