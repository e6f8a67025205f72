// Offers each new call on an operator number to one of the merchant's available operators by ringing their phone (desk phone
// dial string, or the browser softphone at user/<operator id>) into the call's room; tries the next operator when one does
// not answer, and keeps a call no one could take waiting (oldest first) until an operator frees up. A click-to-call rings
// the operator who placed it, and no one else.
import { randomUUID } from 'node:crypto';
import { CONFERENCE_PROFILE, VAR } from '../esl/contract.js';
import type { Switches } from '../esl/switches.js';
import type { Logger } from '../log/logger.js';
import type { MerchantStore, Operator } from '../merchants/store.js';
import type { Call, CallRegistry } from './registry.js';

/** What to ring for an operator: their browser softphone when it is online, else their desk phone, else nothing. */
export type PhoneOf = (op: Operator) => string | null;

/** Headers on the INVITE to a browser softphone (sip.js reads them): which call, and which leg of it, this is. */
export const SOFTPHONE_HEADER = { call: 'X-Ivrpay-Call', leg: 'X-Ivrpay-Leg' } as const;

export class OperatorDialer {
  /** round-robin position per merchant */
  private readonly next = new Map<string, number>();
  /** operator-mode calls no operator has taken yet, in arrival order */
  private readonly waiting = new Map<string, Call>();
  /** calls being offered right now (one offer per call at a time) */
  private readonly offering = new Set<string>();
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly fs: Switches,
    private readonly calls: CallRegistry,
    private readonly merchants: MerchantStore,
    private readonly log: Logger,
    private readonly phoneOf: PhoneOf = (op) => op.dialString,
  ) {
    calls.on('callStarted', (call) => {
      if (call.mode !== 'operator') return;
      void (call.requestedBy ? this.connectRequester(call, call.requestedBy) : this.answer(call));
    });
    // an operator may have become free: offer the waiting calls again
    calls.on('callEnded', (call) => {
      this.waiting.delete(call.id);
      this.offerWaiting();
    });
    calls.on('operatorLeft', () => this.offerWaiting());
    calls.on('operatorJoined', (call) => this.waiting.delete(call.id));
  }

  /** How many calls are waiting for a free operator. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Offers a call to the operators; when none takes it, it waits and is offered again as operators free up. */
  private async answer(call: Call): Promise<void> {
    if (this.offering.has(call.id)) return;
    this.offering.add(call.id);
    try {
      const taken = await this.offer(call);
      if (taken || !this.calls.get(call.id)) this.waiting.delete(call.id);
      else if (!this.waiting.has(call.id)) {
        this.log.warn({ call: call.id, merchant: call.merchantId }, 'no operator free to take the call: it waits for the next one');
        this.waiting.set(call.id, call);
      }
    } finally {
      this.offering.delete(call.id);
      this.scheduleRetry();
    }
  }

  private offerWaiting(): void {
    for (const call of this.waiting.values()) void this.answer(call);
  }

  /** Presence changes and unanswered rings raise no event here: while calls wait, look again every 2 s. */
  private scheduleRetry(): void {
    if (this.waiting.size === 0 || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.offerWaiting();
    }, 2_000);
    this.retry.unref();
  }

  /** A click-to-call reached the customer: ring the operator who placed it; if they do not take it, end the call. */
  private async connectRequester(call: Call, operatorId: string): Promise<void> {
    const op = await this.merchants.getOperator(call.merchantId, operatorId);
    if (op && (await this.ring(call, op))) return;
    if (!this.calls.get(call.id)) return;
    this.log.warn({ call: call.id, operator: operatorId }, 'the operator who placed the call did not take it: hanging up');
    await this.fs
      .channel(call.id)
      .hangUp('NORMAL_CLEARING')
      .catch(() => {});
  }

  /** Rings available operators in turn until one answers into the room (true) or none is left (false). */
  async offer(call: Call): Promise<boolean> {
    const tried = new Set<string>();
    for (;;) {
      if (!this.calls.get(call.id)) return false;
      const op = await this.pick(call.merchantId, tried);
      if (!op) return false;
      tried.add(op.id);
      if (await this.ring(call, op)) return true;
    }
  }

  private async pick(merchantId: string, tried: Set<string>): Promise<Operator | null> {
    const present = await this.merchants.presentOperators(merchantId);
    const busy = this.calls.busyOperators();
    const candidates = present.filter((o) => !busy.has(o.id) && !tried.has(o.id) && this.phoneOf(o) !== null);
    if (candidates.length === 0) return null;
    const i = (this.next.get(merchantId) ?? 0) % candidates.length;
    this.next.set(merchantId, i + 1);
    return candidates[i]!;
  }

  /** Rings one operator's phone into the call's room; true once answered. */
  async ring(call: Call, op: Operator): Promise<boolean> {
    const dialString = this.phoneOf(op);
    if (!dialString) return false;
    const uuid = randomUUID();
    this.calls.expectOperator(uuid, op.id);
    const softphone = dialString.startsWith('user/');
    try {
      await this.fs.originate({
        node: call.node,
        uuid,
        dialString,
        vars: {
          ...(softphone ? { [`sip_h_${SOFTPHONE_HEADER.call}`]: call.id, [`sip_h_${SOFTPHONE_HEADER.leg}`]: uuid } : {}),
          [VAR.role]: 'operator',
          [VAR.call]: call.id,
          [VAR.operator]: op.id,
          conference_controls: 'none',
          origination_caller_id_number: call.callerNumber || 'anonymous',
          origination_caller_id_name: 'ivrpay',
          originate_timeout: '30',
        },
        app: { name: 'conference', args: `${call.room}@${CONFERENCE_PROFILE}` },
      });
      this.log.info({ call: call.id, operator: op.id }, 'operator connected to the call');
      return true;
    } catch (err) {
      this.calls.forgetExpected(uuid);
      this.log.warn({ call: call.id, operator: op.id, reason: String((err as Error).message) }, 'operator did not answer');
      return false;
    }
  }
}
