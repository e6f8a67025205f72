// The card-digit scan that every integration file ends with can fail: a number written into the database (SQLite's
// files, or Postgres's write-ahead log and table files) is found, plain or with separators, and nothing else is.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack, findCardNumbers } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(() => stack.close());

it('finds a card number the database was given, and none before', async () => {
  await stack.merchant();
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.query(sql`CREATE TABLE scan_probe (v text)`);
  await stack.query(sql`INSERT INTO scan_probe (v) VALUES (${'4000000000000002'}), (${'note: 4242 4242 4242 4242'})`);
  // Postgres writes the WAL when the transaction commits; SQLite's WAL at once
  await stack.query(sql`SELECT 1`);
  expect(findCardNumbers(stack.written()).sort()).toEqual(['4000000000000002', '4242424242424242']);
});
