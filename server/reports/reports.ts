// Reports over a range of local days (merchant's time zone), per day and per operator: calls to the payment IVR,
// capture sessions, payments started / approved / declined / failed / canceled / abandoned, the approval rate and
// the average time customers took to key the card. Built from payments, their stored events and the IVR call log,
// which the retention purge keeps (it strips authorization data, not counts or times).
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { localDay, nextDay, startOfLocalDay } from '../payments/zoned-time.js';

export interface Metrics {
  /** calls that reached a payment IVR number (transfer mode) */
  ivrCalls: number;
  /** masked capture sessions started (a restarted capture counts again) */
  captures: number;
  /** payments whose capture started */
  started: number;
  /** approved, including those captured, voided or refunded later */
  approved: number;
  declined: number;
  failed: number;
  canceled: number;
  abandoned: number;
  /** approved ÷ (approved + declined): how many cards the gateway accepted; null with none */
  approvalRate: number | null;
  /** mean time from the capture's start to the complete card (ms); null with none */
  avgCaptureMs: number | null;
}

export interface Report {
  from: string;
  to: string;
  timeZone: string;
  totals: Metrics;
  days: (Metrics & { day: string })[];
  operators: (Metrics & { operatorId: string | null; name: string | null })[];
}

const APPROVED = new Set(['approved', 'captured', 'voided', 'refunded', 'partially_refunded']);

class Acc {
  ivrCalls = 0;
  captures = 0;
  started = 0;
  approved = 0;
  declined = 0;
  failed = 0;
  canceled = 0;
  abandoned = 0;
  private captureMs = 0;
  private timed = 0;

  addCaptureTime(ms: number): void {
    this.captureMs += ms;
    this.timed++;
  }

  metrics(): Metrics {
    const decided = this.approved + this.declined;
    return {
      ivrCalls: this.ivrCalls,
      captures: this.captures,
      started: this.started,
      approved: this.approved,
      declined: this.declined,
      failed: this.failed,
      canceled: this.canceled,
      abandoned: this.abandoned,
      approvalRate: decided ? this.approved / decided : null,
      avgCaptureMs: this.timed ? Math.round(this.captureMs / this.timed) : null,
    };
  }
}

/** Local days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = nextDay(d)) out.push(d);
  return out;
}

export class Reports {
  constructor(private readonly db: Db) {}

  async build(merchantId: string, from: string, to: string, timeZone: string): Promise<Report> {
    const { ivrCalls, operators, paymentEvents, payments } = this.db.tables;
    const start = new Date(startOfLocalDay(from, timeZone)).toISOString();
    const end = new Date(startOfLocalDay(nextDay(to), timeZone)).toISOString();
    const days = new Map(daysBetween(from, to).map((d) => [d, new Acc()]));
    const ops = new Map<string | null, Acc>();
    const totals = new Acc();
    const opAcc = (id: string | null) => ops.get(id) ?? ops.set(id, new Acc()).get(id)!;

    const rows = await this.db.q
      .select({ id: payments.id, createdAt: payments.createdAt, status: payments.status, operatorId: payments.operatorId })
      .from(payments)
      .where(and(eq(payments.merchantId, merchantId), gte(payments.createdAt, start), lt(payments.createdAt, end)));
    const timing = new Map<string, { captures: number; firstCapture: string | null; firstAuthorizing: string | null }>();
    const evRows = await this.db.q
      .select({ paymentId: paymentEvents.paymentId, type: paymentEvents.type, n: sql<number>`count(*)`.mapWith(Number), first: sql<string>`min(${paymentEvents.at})` })
      .from(paymentEvents)
      .where(and(eq(paymentEvents.merchantId, merchantId), gte(paymentEvents.at, start), sql`${paymentEvents.type} in ('capture_started', 'authorizing')`))
      .groupBy(paymentEvents.paymentId, paymentEvents.type);
    for (const e of evRows) {
      const t = timing.get(e.paymentId) ?? { captures: 0, firstCapture: null, firstAuthorizing: null };
      if (e.type === 'capture_started') {
        t.captures = Number(e.n);
        t.firstCapture = e.first;
      } else t.firstAuthorizing = e.first;
      timing.set(e.paymentId, t);
    }

    for (const p of rows) {
      const accs = [totals, days.get(localDay(p.createdAt, timeZone)), opAcc(p.operatorId)].filter((a): a is Acc => !!a);
      const t = timing.get(p.id);
      for (const a of accs) {
        if (t && t.captures > 0) {
          a.captures += t.captures;
          a.started++;
          if (t.firstCapture && t.firstAuthorizing) a.addCaptureTime(Date.parse(t.firstAuthorizing) - Date.parse(t.firstCapture));
        }
        if (APPROVED.has(p.status)) a.approved++;
        else if (p.status === 'declined') a.declined++;
        else if (p.status === 'failed') a.failed++;
        else if (p.status === 'canceled') a.canceled++;
        else if (p.status === 'abandoned') a.abandoned++;
      }
    }

    const calls = await this.db.q
      .select({ startedAt: ivrCalls.startedAt, operatorId: payments.operatorId })
      .from(ivrCalls)
      .leftJoin(payments, eq(payments.id, ivrCalls.paymentId))
      .where(and(eq(ivrCalls.merchantId, merchantId), gte(ivrCalls.startedAt, start), lt(ivrCalls.startedAt, end)));
    for (const c of calls) {
      totals.ivrCalls++;
      const day = days.get(localDay(c.startedAt, timeZone));
      if (day) day.ivrCalls++;
      opAcc(c.operatorId ?? null).ivrCalls++;
    }

    const names = new Map((await this.db.q.select({ id: operators.id, name: operators.name }).from(operators).where(eq(operators.merchantId, merchantId))).map((o) => [o.id, o.name]));
    return {
      from,
      to,
      timeZone,
      totals: totals.metrics(),
      days: [...days].map(([day, a]) => ({ day, ...a.metrics() })),
      operators: [...ops]
        .map(([operatorId, a]) => ({ operatorId, name: operatorId ? (names.get(operatorId) ?? null) : null, ...a.metrics() }))
        .sort((x, y) => y.started + y.ivrCalls - (x.started + x.ivrCalls) || (x.name ?? '').localeCompare(y.name ?? '')),
    };
  }
}
