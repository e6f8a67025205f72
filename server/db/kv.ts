// Server-wide values generated once and kept in the database (the token-signing secret, the development credentials
// key): the first instance to start writes one, every instance reads that one.
import { eq } from 'drizzle-orm';
import type { Db } from './index.js';

/** The value under `key`, created with `generate()` when there is none yet. */
export async function kvValue(db: Db, key: string, generate: () => string): Promise<string> {
  const { kv } = db.tables;
  const read = async () => (await db.q.select().from(kv).where(eq(kv.key, key)).limit(1))[0]?.value;
  const found = await read();
  if (found !== undefined) return found;
  // two instances starting together: the first insert wins, both read it
  await db.q.insert(kv).values({ key, value: generate() }).onConflictDoNothing();
  return (await read())!;
}
