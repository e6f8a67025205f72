// Starts, routes and ends capture sessions: which call a payment captures on, one capture per call, DTMF and
// prompt events to the right session, hang-ups and ESL loss ending sessions safely, start-up clean-up, and (several
// instances) the capture lease of each session and the safe end of a silent instance's captures.
import type { Call, CallRegistry } from '../calls/registry.js';
import type { Switches } from '../esl/switches.js';
import { promptPath, ROOM_PREFIX, VAR } from '../esl/contract.js';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../log/logger.js';
import type { MerchantStore } from '../merchants/store.js';
import type { Authorizer } from '../payments/authorizer.js';
import type { PaymentService } from '../payments/service.js';
import type { Field, PaymentView } from '../payments/types.js';
import { messageFor } from './rules.js';
import { CaptureSession, type SessionOptions } from './session.js';
import type { SmsProvider } from '../sms/types.js';
import type { OneTimeCodes } from '../ivr/one-time-codes.js';
import type { PayMethodsAllowed } from '../payments/pay-method.js';
import { EventEmitter } from 'node:events';
import { leaseKey, type Leases } from '../cluster/leases.js';

export interface CaptureManagerEvents {
  /** a session ended (final status, or authorizing handed to reconciliation) */
  ended: [CaptureSession];
}

export class CaptureManager extends EventEmitter<CaptureManagerEvents> {
  private readonly byPayment = new Map<string, CaptureSession>();
  private readonly byCall = new Map<string, CaptureSession>();
  /** calls whose capture was cut by an ESL loss: conversation must be restored once FreeSWITCH is back */
  private readonly toRestore = new Set<CaptureSession>();

  constructor(
    private readonly fs: Switches,
    private readonly calls: CallRegistry,
    private readonly merchants: MerchantStore,
    private readonly payments: PaymentService,
    private readonly authorizer: Authorizer,
    private readonly log: Logger,
    private readonly steps: { sms: SmsProvider | null; codes: OneTimeCodes; payMethodsFor?: (merchantId: string) => PayMethodsAllowed | Promise<PayMethodsAllowed> },
    private readonly leases: Pick<Leases, 'shared' | 'claim' | 'release' | 'held'>,
  ) {
    super();
    fs.on('dtmf', ({ uuid, digit }) => this.byCall.get(uuid)?.onDigit(digit));
    fs.on('playDone', ({ room, file }) => {
      if (room.startsWith(ROOM_PREFIX)) this.byCall.get(room.slice(ROOM_PREFIX.length))?.onPlayDone(file);
    });
    calls.on('operatorJoined', (call, leg) => this.byCall.get(call.id)?.onOperatorJoined(leg.memberId));
    calls.on('callEnded', (call) => {
      const s = this.byCall.get(call.id);
      if (s) s.customerHungUp();
      for (const r of this.toRestore) if (r.call.id === call.id) this.toRestore.delete(r);
    });
    fs.on('down', (_reason, node) => {
      for (const s of [...this.byPayment.values()]) {
        if (s.collecting && s.call.node === node) {
          this.toRestore.add(s);
          s.telephonyLost();
        }
      }
    });
    fs.on('up', (node) => void this.restoreAfterReconnect(node));
  }

  get active(): number {
    return this.byPayment.size;
  }

  /** "Take card payment": starts a masked capture for the payment on a live call of its merchant. */
  async start(paymentId: string, merchantId: string, callId?: string): Promise<PaymentView> {
    const payment = await this.payments.row(paymentId);
    if (!payment || payment.merchantId !== merchantId) throw new ApiError(404, 'not_found', 'payment not found (or it belongs to another merchant)');
    if (payment.status !== 'created') throw new ApiError(409, 'invalid_state', `the payment is ${payment.status}; only a payment that has not started can start a capture (create a new payment to try again)`);
    const merchant = await this.merchants.get(merchantId);
    if (!merchant || merchant.status !== 'active') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
    const call = this.pickCall(merchantId, callId ?? payment.callId ?? undefined);
    if (!this.fs.isUp(call.node)) throw new ApiError(503, 'telephony_unavailable', `the FreeSWITCH node of this call (${call.node}) is not connected; try again in a moment`);
    if (call.mode === 'ivr') throw new ApiError(409, 'call_busy', 'this call is in the payment IVR, which starts the capture itself once the customer keys the identification id');
    await this.launch(payment.id, call, {});
    return this.payments.view(paymentId);
  }

  /** Starts the capture on a call the payment IVR linked to the payment (transfer mode). */
  async startOnCall(paymentId: string, call: Call, opts: SessionOptions): Promise<void> {
    await this.launch(paymentId, call, opts);
  }

  private async launch(paymentId: string, call: Call, opts: SessionOptions): Promise<void> {
    const payment = (await this.payments.row(paymentId))!;
    const merchant = (await this.merchants.get(payment.merchantId))!;
    if (this.byCall.has(call.id) || this.byPayment.has(paymentId)) throw new ApiError(409, 'call_busy', 'a card capture is already running on this call; wait for it to end or cancel it');
    // the lease before the first digit: an instance that dies from here on leaves a lease another one takes over
    if (!(await this.leases.claim(leaseKey('capture', paymentId), paymentId))) throw new ApiError(409, 'call_busy', 'another server instance is running a card capture for this payment');
    const session = new CaptureSession({ fs: this.fs, payments: this.payments, authorizer: this.authorizer, log: this.log, ...this.steps }, payment, call, merchant, (s) => this.ended(s), opts);
    this.byPayment.set(paymentId, session);
    this.byCall.set(call.id, session);
    call.paymentId = paymentId;
    try {
      await session.begin();
    } catch (err) {
      this.ended(session, false);
      this.log.warn({ payment: paymentId, call: call.id, reason: String((err as Error).message) }, 'capture could not start');
      await session.restoreConversation().catch(() => {});
      throw new ApiError(503, 'telephony_unavailable', 'FreeSWITCH did not accept the masking commands; nothing was captured. Try again');
    }
    this.log.info({ payment: paymentId, call: call.id }, 'capture started');
  }

  async rerequest(paymentId: string, merchantId: string, field: Field): Promise<PaymentView> {
    const s = await this.sessionOf(paymentId, merchantId);
    if (s.phase !== 'capturing' && s.phase !== 'confirming') throw new ApiError(409, 'invalid_state', 'the card is no longer being keyed');
    s.rerequest(field);
    return this.payments.view(paymentId);
  }

  async cancel(paymentId: string, merchantId: string, by: 'canceled_by_operator' | 'canceled_by_merchant'): Promise<PaymentView> {
    const payment = await this.payments.row(paymentId);
    if (!payment || payment.merchantId !== merchantId) throw new ApiError(404, 'not_found', 'payment not found (or it belongs to another merchant)');
    const s = this.byPayment.get(paymentId);
    if (s && s.collecting) {
      await s.cancel(by);
    } else if (payment.status === 'created') {
      const error = { code: by, message: messageFor(by, 'en') };
      await this.payments.advance(paymentId, 'canceled', 'canceled', { error }, { error });
    } else {
      throw new ApiError(409, 'invalid_state', `the payment is ${payment.status} and can no longer be canceled here`);
    }
    return this.payments.view(paymentId);
  }

  /**
   * At start-up: captures cut by a restart lost their digits (failed); gateway answers are reconciled. With several
   * instances, only payments no live instance holds the capture lease of (the others are theirs; a silent one's
   * are taken over when its leases expire).
   */
  async recoverAfterRestart(): Promise<void> {
    for (const row of await this.payments.withStatus(['capturing', 'authorizing'])) {
      const key = leaseKey('capture', row.id);
      if (this.leases.shared && ((await this.leases.held(key)) || !(await this.leases.claim(key, row.id)))) continue;
      await this.takeOver(row.id, 'server_restarted');
    }
  }

  /**
   * Ends a capture whose instance stopped (restart, or a silent instance's lease taken over), truthfully: its digits
   * lived only in that process, so a capture being keyed fails, and the customer, if still on the line, is told and
   * handed back to the operator; an authorization that went out is reconciled with the gateway by inquiry (the order
   * id is the idempotency key: never a second charge). The capture lease is released once nothing is left to do.
   */
  async takeOver(paymentId: string, code: 'server_restarted' | 'instance_lost'): Promise<void> {
    const key = leaseKey('capture', paymentId);
    const row = await this.payments.row(paymentId);
    if (row?.status === 'capturing') {
      const error = { code, message: messageFor(code, 'en') };
      await this.payments.advance(row.id, 'failed', 'failed', { error }, { error });
      this.log.warn({ payment: row.id, reason: code }, 'a capture cut off from its digits failed');
      const call = row.callId ? this.calls.get(row.callId) : undefined;
      if (call) await this.restoreCall(call, row.merchantId, true);
    } else if (row?.status === 'authorizing') {
      // the lease stays this instance's until the gateway's answer is known (start-up does not wait for it)
      this.authorizer.reconcile(row.id);
      this.releaseAfterReconciling(row.id);
      return;
    }
    await this.leases.release(key);
  }

  /** Gives up the capture lease once this instance no longer reconciles the payment (at once when it does not). */
  private releaseAfterReconciling(paymentId: string): void {
    void this.authorizer
      .until(paymentId)
      .then(() => this.leases.release(leaseKey('capture', paymentId)))
      .catch((err) => this.log.warn({ payment: paymentId, reason: String((err as Error).message) }, 'could not release the capture lease'));
  }

  private pickCall(merchantId: string, callId: string | undefined): Call {
    if (callId) {
      const call = this.calls.get(callId);
      if (!call || call.merchantId !== merchantId) throw new ApiError(409, 'no_call', 'that call is not live (it may have ended); pick a live call');
      return call;
    }
    const free = this.calls.forMerchant(merchantId).filter((c) => c.mode === 'operator' && !this.byCall.has(c.id));
    if (free.length === 1) return free[0]!;
    if (free.length === 0) throw new ApiError(409, 'no_call', 'there is no live call to take the card on: connect the customer first');
    throw new ApiError(409, 'no_call', 'several calls are live: say which one (callId)');
  }

  private async sessionOf(paymentId: string, merchantId: string): Promise<CaptureSession> {
    const s = this.byPayment.get(paymentId);
    if (!s || s.payment.merchantId !== merchantId) {
      const p = await this.payments.row(paymentId);
      if (!p || p.merchantId !== merchantId) throw new ApiError(404, 'not_found', 'payment not found (or it belongs to another merchant)');
      throw new ApiError(409, 'invalid_state', `the payment is ${p.status}; no capture is running`);
    }
    return s;
  }

  private ended(s: CaptureSession, announce = true): void {
    const mine = this.byPayment.get(s.payment.id) === s;
    if (mine) {
      this.byPayment.delete(s.payment.id);
      // a payment handed to reconciliation stays this instance's until the gateway's answer is known
      this.releaseAfterReconciling(s.payment.id);
    }
    if (this.byCall.get(s.call.id) === s) this.byCall.delete(s.call.id);
    s.call.paymentId = null;
    if (mine && announce) this.emit('ended', s);
  }

  private async restoreAfterReconnect(node: string): Promise<void> {
    for (const s of [...this.toRestore]) {
      if (s.call.node !== node) continue;
      this.toRestore.delete(s);
      if (!this.calls.get(s.call.id)) continue;
      await this.restoreCall(s.call, s.payment.merchantId, false, () => s.restoreConversation());
    }
  }

  /**
   * After a capture was cut off (ESL loss, a silent instance): the operator hears the customer again, recording is
   * unmasked, the customer hears that something went wrong (and, after a takeover, that the operator is back).
   */
  private async restoreCall(call: Call, merchantId: string, returning: boolean, restore?: () => Promise<void>): Promise<void> {
    try {
      if (restore) await restore();
      else {
        const room = this.fs.room(call.room);
        await room.hearAgain([...call.operators.values()].map((o) => o.memberId), call.customerMemberId);
        const recordPath = await this.fs.channel(call.id).getVar(VAR.recordPath).catch(() => null);
        if (recordPath) await this.fs.channel(call.id).unmaskRecording(recordPath);
      }
      const lang = (await this.merchants.get(merchantId))?.settings.promptLang ?? 'ja';
      for (const p of returning ? (['technical-error', 'returning'] as const) : (['technical-error'] as const)) await this.fs.room(call.room).playTo(call.customerMemberId, promptPath(lang, p));
      this.log.info({ call: call.id }, 'conversation restored after the capture was cut off');
    } catch (err) {
      this.log.warn({ call: call.id, reason: String((err as Error).message) }, 'could not restore the conversation');
    }
  }
}
