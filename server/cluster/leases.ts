// Which instance acts for what when several share one Postgres: each instance's heartbeat, a lease per call (the
// instance that rings operators and runs the IVR for it) and per capture (the instance holding its digits), renewed
// together by the heartbeat, and the takeover of a silent instance's leases once they have expired. On SQLite (one
// instance) every claim is won and nothing is stored.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { Logger } from '../log/logger.js';

export type LeaseKind = 'call' | 'capture';

/** A lease this instance just took over from a silent one. */
export interface TakenLease {
  kind: LeaseKind;
  /** the call id (call) or the payment id (capture) */
  id: string;
  /** the instance that held it */
  from: string;
}

export const leaseKey = (kind: LeaseKind, id: string) => `${kind}:${id}`;

export class Leases {
  readonly instanceId = `ins_${randomBytes(6).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private takeOver: (lease: TakenLease) => Promise<void> = async () => {};

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  /** several instances may share the database (Postgres): leases are stored and may be taken over */
  get shared(): boolean {
    return this.db.dialect === 'postgres';
  }

  /** Starts the heartbeat; `takeOver` runs for each lease won from a silent instance (after the claim is stored). */
  async start(takeOver: (lease: TakenLease) => Promise<void>): Promise<void> {
    this.takeOver = takeOver;
    if (!this.shared) return;
    await this.claim(`instance:${this.instanceId}`);
    this.log.info({ instance: this.instanceId, ttlMs: this.ttlMs }, 'instance lease taken');
    this.timer = setInterval(() => void this.beat(), Math.max(100, Math.floor(this.ttlMs / 3)));
  }

  /** One heartbeat now (renew, then take over what expired); resolves when done. */
  beat(): Promise<void> {
    this.beating ??= this.renewAndSweep().finally(() => (this.beating = null));
    return this.beating;
  }

  /** Takes `key` when it is free, expired or already this instance's; false when a live instance holds it. */
  async claim(key: string, paymentId: string | null = null): Promise<boolean> {
    if (!this.shared) return true;
    const rows = await this.db.rows(sql`
      INSERT INTO leases (key, owner, payment_id, expires_at) VALUES (${key}, ${this.instanceId}, ${paymentId}, ${this.expiry()})
      ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, payment_id = excluded.payment_id, expires_at = excluded.expires_at
      WHERE leases.owner = excluded.owner OR leases.expires_at < ${new Date().toISOString()}
      RETURNING owner`);
    return rows.length > 0;
  }

  async release(key: string): Promise<void> {
    if (!this.shared) return;
    await this.db.rows(sql`DELETE FROM leases WHERE key = ${key} AND owner = ${this.instanceId}`);
  }

  /** Whether a live instance (this one included) holds `key`. */
  async held(key: string): Promise<boolean> {
    if (!this.shared) return false;
    const rows = await this.db.rows(sql`SELECT 1 AS one FROM leases WHERE key = ${key} AND expires_at >= ${new Date().toISOString()}`);
    return rows.length > 0;
  }

  /** Stops the heartbeat and gives up the instance lease; call and capture leases expire and are taken over. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating?.catch(() => {});
    await this.release(`instance:${this.instanceId}`).catch(() => {});
  }

  private expiry(): string {
    return new Date(Date.now() + this.ttlMs).toISOString();
  }

  private async renewAndSweep(): Promise<void> {
    try {
      await this.db.rows(sql`UPDATE leases SET expires_at = ${this.expiry()} WHERE owner = ${this.instanceId}`);
      const now = new Date().toISOString();
      const expired = await this.db.rows<{ key: string; owner: string }>(
        sql`SELECT key, owner FROM leases WHERE expires_at < ${now} AND owner <> ${this.instanceId} ORDER BY key`,
      );
      for (const { key, owner } of expired) {
        const colon = key.indexOf(':');
        const kind = key.slice(0, colon);
        const id = key.slice(colon + 1);
        if (kind === 'instance') {
          await this.db.rows(sql`DELETE FROM leases WHERE key = ${key} AND expires_at < ${now}`);
          this.log.warn({ instance: id }, 'an instance stopped renewing its lease: taking over its calls and captures');
          continue;
        }
        if (kind !== 'call' && kind !== 'capture') continue;
        // the claim is the arbiter: of several instances sweeping at once, one wins each lease
        if (!(await this.claim(key))) continue;
        this.log.warn({ lease: key, from: owner }, 'took over a lease of a silent instance');
        await this.takeOver({ kind, id, from: owner }).catch((err) => this.log.error({ lease: key, reason: String((err as Error).message) }, 'takeover failed'));
      }
    } catch (err) {
      this.log.warn({ reason: String((err as Error).message) }, 'lease heartbeat failed; trying again');
    }
  }
}
