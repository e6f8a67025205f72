// Payment search for the console and the API: filters (date range in the merchant's time zone, statuses, order id
// prefix, member, operator, last four), newest first, keyset pages; and an iterator over all matches for CSV.
import { and, desc, eq, gte, inArray, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import type { payments } from '../db/schema.js';
import { PAYMENT_STATUSES, type PaymentStatus } from './types.js';
import { nextDay, startOfLocalDay } from './zoned-time.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd');
const Instant = z.string().datetime({ offset: true });

export const SearchQuery = z
  .object({
    /** first local day (yyyy-mm-dd, merchant's time zone) or an ISO 8601 instant */
    from: z.union([Day, Instant]).optional(),
    /** last local day, inclusive, or an ISO 8601 instant (exclusive) */
    to: z.union([Day, Instant]).optional(),
    /** one status or several, comma-separated */
    status: z
      .string()
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
      .pipe(z.array(z.enum(PAYMENT_STATUSES)).min(1))
      .optional(),
    /** order ids starting with this */
    orderId: z.string().min(1).max(64).optional(),
    memberId: z.string().min(1).max(60).optional(),
    operatorId: z.string().min(1).max(64).optional(),
    last4: z.string().regex(/^\d{4}$/, 'four digits').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** nextCursor of the previous page */
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuery>;
/** the filters alone (CSV export takes them, without paging) */
export const FilterQuery = SearchQuery.omit({ limit: true, cursor: true }).extend({ lang: z.enum(['ja', 'en']).default('en') }).strict();
export type FilterQuery = z.infer<typeof FilterQuery>;

export type PaymentRow = typeof payments.$inferSelect;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function bound(v: string, timeZone: string, end: boolean): string {
  if (v.length === 10) return new Date(startOfLocalDay(end ? nextDay(v) : v, timeZone)).toISOString();
  return new Date(v).toISOString();
}

/** `column` starts with `prefix` (LIKE with `\` escaping _ and %; case-insensitive for ASCII, as SQLite's LIKE is) */
function startsWith(db: Db, column: AnyColumn, prefix: string): SQL {
  const pattern = `${escapeLike(prefix)}%`;
  return db.dialect === 'postgres' ? sql`${column} ILIKE ${pattern} ESCAPE '\\'` : sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export function filtersSql(db: Db, merchantId: string, q: Omit<FilterQuery, 'lang'>, timeZone: string): SQL {
  const { payments } = db.tables;
  const where: (SQL | undefined)[] = [eq(payments.merchantId, merchantId)];
  if (q.from) where.push(gte(payments.createdAt, bound(q.from, timeZone, false)));
  if (q.to) where.push(lt(payments.createdAt, bound(q.to, timeZone, true)));
  if (q.status) where.push(inArray(payments.status, q.status as PaymentStatus[]));
  if (q.orderId) where.push(startsWith(db, payments.orderId, q.orderId));
  if (q.memberId) where.push(eq(payments.memberId, q.memberId));
  if (q.operatorId) where.push(eq(payments.operatorId, q.operatorId));
  if (q.last4) where.push(eq(payments.last4, q.last4));
  return and(...where)!;
}

const encodeCursor = (r: Pick<PaymentRow, 'createdAt' | 'id'>) => Buffer.from(`${r.createdAt}|${r.id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  return createdAt && id && !Number.isNaN(Date.parse(createdAt)) ? { createdAt, id } : null;
}
function after(db: Db, c: { createdAt: string; id: string }): SQL {
  const { payments } = db.tables;
  return or(lt(payments.createdAt, c.createdAt), and(eq(payments.createdAt, c.createdAt), lt(payments.id, c.id)))!;
}

export class PaymentSearch {
  constructor(private readonly db: Db) {}

  /** One page, newest first; nextCursor is null on the last page. Throws on a malformed cursor. */
  async page(merchantId: string, q: SearchQuery, timeZone: string): Promise<{ rows: PaymentRow[]; nextCursor: string | null }> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw new RangeError('cursor');
    const { payments } = this.db.tables;
    const rows = await this.db.q
      .select()
      .from(payments)
      .where(and(filtersSql(this.db, merchantId, q, timeZone), cursor ? after(this.db, cursor) : undefined))
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    return { rows: page, nextCursor: more ? encodeCursor(page.at(-1)!) : null };
  }

  /** Every match, newest first, read in chunks so a large export never sits in memory. */
  async *all(merchantId: string, q: Omit<FilterQuery, 'lang'>, timeZone: string, chunk = 500): AsyncGenerator<PaymentRow> {
    const { payments } = this.db.tables;
    let cursor: { createdAt: string; id: string } | null = null;
    for (;;) {
      const rows: PaymentRow[] = await this.db.q
        .select()
        .from(payments)
        .where(and(filtersSql(this.db, merchantId, q, timeZone), cursor ? after(this.db, cursor) : undefined))
        .orderBy(desc(payments.createdAt), desc(payments.id))
        .limit(chunk);
      yield* rows;
      if (rows.length < chunk) return;
      cursor = rows.at(-1)!;
    }
  }
}
