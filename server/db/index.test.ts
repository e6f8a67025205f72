// Tests the statement cache openDatabase installs: one statement per SQL text, handed out in the default row mode,
// never shared while it iterates, bounded; drizzle reads and writes through it stay correct.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { asc, eq } from 'drizzle-orm';
import { cacheStatements, openSqlite } from './index.js';
import { kv } from './sqlite-schema.js';

function table(): Database.Database {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
  sqlite.exec("INSERT INTO t VALUES ('a', 1), ('b', 2)");
  cacheStatements(sqlite, 3);
  return sqlite;
}

describe('statement cache', () => {
  it('hands out the same statement for the same SQL text, a new one for another', () => {
    const sqlite = table();
    const a = sqlite.prepare('SELECT v FROM t WHERE k = ?');
    expect(sqlite.prepare('SELECT v FROM t WHERE k = ?')).toBe(a);
    expect(sqlite.prepare('SELECT k FROM t WHERE v = ?')).not.toBe(a);
    expect(a.get('b')).toEqual({ v: 2 });
  });

  it('resets raw, pluck and expand before handing a statement out again', () => {
    const sqlite = table();
    expect(sqlite.prepare('SELECT k, v FROM t ORDER BY k').raw().all()).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(sqlite.prepare('SELECT k, v FROM t ORDER BY k').all()).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ]);
    expect(sqlite.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'b']);
    expect(sqlite.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect(sqlite.prepare('SELECT k FROM t ORDER BY k').expand().get()).toEqual({ t: { k: 'a' } });
    expect(sqlite.prepare('SELECT k FROM t ORDER BY k').get()).toEqual({ k: 'a' });
  });

  it('does not share a statement that is still iterating', () => {
    const sqlite = table();
    const sql = 'SELECT k FROM t ORDER BY k';
    const first = sqlite.prepare(sql);
    const it = first.iterate();
    expect(it.next().value).toEqual({ k: 'a' });
    const second = sqlite.prepare(sql);
    expect(second).not.toBe(first);
    it.return?.();
    expect(sqlite.prepare(sql)).toBe(first);
  });

  it('stays bounded: a full cache starts over', () => {
    const sqlite = table();
    const s1 = sqlite.prepare('SELECT 1');
    sqlite.prepare('SELECT 2');
    sqlite.prepare('SELECT 3');
    sqlite.prepare('SELECT 4'); // over the bound of 3: forgotten, kept from here on
    expect(sqlite.prepare('SELECT 1')).not.toBe(s1);
    expect(sqlite.prepare('SELECT 4').get()).toEqual({ 4: 4 });
  });

  it('drizzle reads and writes through it correctly, the same query many times over', async () => {
    const db = openSqlite(':memory:');
    for (let i = 0; i < 50; i++) await db.q.insert(kv).values({ key: `k${i}`, value: String(i) });
    for (let i = 0; i < 50; i++) expect(await db.q.select().from(kv).where(eq(kv.key, `k${i}`))).toEqual([{ key: `k${i}`, value: String(i) }]);
    expect(await db.q.select({ value: kv.value }).from(kv).orderBy(asc(kv.key)).limit(2)).toEqual([{ value: '0' }, { value: '1' }]);
    expect(db.sqlite!.prepare('SELECT key, value FROM kv ORDER BY key LIMIT 1').get()).toEqual({ key: 'k0', value: '0' });
    await db.q.update(kv).set({ value: 'x' }).where(eq(kv.key, 'k1'));
    expect((await db.q.select().from(kv).where(eq(kv.key, 'k1')))[0]?.value).toBe('x');
  });
});
