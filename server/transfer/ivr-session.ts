// One call to a merchant's payment IVR (transfer mode): caller checks, greeting, the identification id, then the
// same masked capture as softphone mode, then the call back to the operator (three-way: leave the call; transfer-
// back: ring the operator into it). Identification digits go from the DTMF event into the IdCollector only.
import type { Call, CallRegistry } from '../calls/registry.js';
import type { OperatorDialer } from '../calls/operator-dialer.js';
import type { CaptureManager } from '../capture/manager.js';
import type { CaptureSession } from '../capture/session.js';
import { PromptQueue } from '../capture/prompt-queue.js';
import { promptPath, type PromptName } from '../esl/contract.js';
import type { FreeSwitch } from '../esl/freeswitch.js';
import type { Logger } from '../log/logger.js';
import type { Merchant, MerchantStore } from '../merchants/store.js';
import type { PaymentService } from '../payments/service.js';
import type { PaymentOperations } from '../payments/operations.js';
import type { PaymentStatus } from '../payments/types.js';
import { callerAllowed, type CallerLockout } from './caller-policy.js';
import type { IvrCallLog, IvrOutcome } from './call-log.js';
import type { DigitsQuestion } from '../ivr/digits-collector.js';
import { KeypadStep } from '../ivr/keypad-step.js';
import type { IdentificationIds } from './identification.js';

export interface IvrDeps {
  fs: FreeSwitch;
  ids: IdentificationIds;
  lockout: CallerLockout;
  payments: PaymentService;
  capture: CaptureManager;
  merchants: MerchantStore;
  dialer: OperatorDialer;
  calls: CallRegistry;
  callLog: IvrCallLog;
  /** after-approval operations (the cancel line voids or refunds through them) */
  operations?: PaymentOperations;
  log: Logger;
  /** longest wait for the closing announcement before the call is handed back anyway */
  announcementTimeoutMs?: number;
}

/** The identification id: 6 digits after the greeting. */
export const ID_QUESTION: DigitsQuestion = { length: 6, ask: ['welcome', 'enter-id'], again: ['id-invalid', 'enter-id'], failed: ['id-failed'] };

type Phase = 'identifying' | 'capturing' | 'returning' | 'leaving' | 'done';

export class IvrSession {
  phase: Phase = 'identifying';
  private step: KeypadStep | null = null;
  private readonly prompts: PromptQueue;
  private timer: NodeJS.Timeout | null = null;
  private paymentId: string | null = null;
  /** set while handing back: resolves when the closing announcement has played */
  private announcementDone: { file: string; resolve: () => void } | null = null;

  constructor(
    private readonly d: IvrDeps,
    readonly call: Call,
    private readonly merchant: Merchant,
  ) {
    this.prompts = new PromptQueue(() => d.fs.room(call.room), call.customerMemberId, (what, e) => this.warn(what, e));
  }

  /** Checks who is calling, then greets and asks for the identification id. */
  begin(): void {
    this.d.callLog.started(this.call);
    const { settings } = this.merchant;
    if (!callerAllowed(this.call.callerNumber, settings.allowedCallers)) return this.refuse('refused_caller', 'caller-not-allowed');
    if (this.d.lockout.isLocked(this.merchant.id, this.call.callerNumber)) return this.refuse('locked_out', 'id-failed');
    const step = new KeypadStep({
      question: ID_QUESTION,
      settings: { firstDigitTimeoutMs: settings.firstDigitTimeoutMs, interDigitTimeoutMs: settings.interDigitTimeoutMs, maxAttempts: settings.idMaxAttempts },
      prompts: this.prompts,
      lang: settings.promptLang,
      playFailed: (f) => this.onPlayDone(f),
      accept: (code) => this.identify(code),
      onAttemptFailed: () => {
        if (this.d.lockout.fail(this.merchant.id, this.call.callerNumber, settings.callerLockout)) {
          this.d.log.warn({ call: this.call.id, did: this.call.did }, 'caller locked out after repeated wrong identification ids');
        }
      },
    });
    this.step = step;
    void step.start().result.then((r) => {
      if (this.phase !== 'identifying') return;
      if (r.ok) return void this.link();
      this.d.callLog.outcome(this.call.id, 'id_failed');
      this.hangUp();
    });
  }

  /** Turns the call away with a message, then hangs up (over the number's limit, not allowed, locked out). */
  refuse(outcome: IvrOutcome, prompt: PromptName): void {
    this.d.callLog.outcome(this.call.id, outcome);
    this.d.log.info({ call: this.call.id, did: this.call.did, outcome }, 'payment IVR refused a call');
    this.leave([prompt]);
  }

  onDigit(digit: string): void {
    if (this.phase === 'identifying') this.step?.digit(digit);
  }

  onPlayDone(file: string): void {
    if (this.announcementDone && file.endsWith(this.announcementDone.file)) this.announcementDone.resolve();
    const kind = this.prompts.done(file);
    if (kind !== 'drained') return;
    if (this.phase === 'identifying') this.step?.promptsDrained();
    else if (this.phase === 'leaving') this.hangUp();
  }

  /** The customer (or the PBX) hung up. */
  hungUp(): void {
    this.clearTimer();
    this.step?.cancel();
    this.announcementDone?.resolve();
    this.phase = 'done';
    this.d.callLog.ended(this.call.id);
  }

  /** The capture on this call ended: once the closing announcement has played, hand the call back. */
  async captureEnded(session: CaptureSession): Promise<void> {
    if (this.phase !== 'capturing') return;
    this.phase = 'returning';
    if (!this.d.calls.get(this.call.id)) return;
    if (session.lastAnnouncement) await this.announcement(session.lastAnnouncement);
    if (this.phase !== 'returning') return; // hung up meanwhile
    await this.handBack();
  }

  /** Whether the keyed code is a valid id of a payment of this merchant that can still start; uses it up if so. */
  private identify(code: string): boolean {
    const found = this.d.ids.resolve(this.merchant.id, code);
    if (!found.ok) return false;
    const payment = this.d.payments.row(found.paymentId);
    if (!payment || payment.merchantId !== this.merchant.id || payment.status !== 'created') return false;
    this.d.ids.markUsed(found.rowId, this.merchant.settings.idReuseBlockHours);
    this.paymentId = payment.id;
    return true;
  }

  private async link(): Promise<void> {
    const paymentId = this.paymentId!;
    this.phase = 'capturing';
    this.d.lockout.succeed(this.merchant.id, this.call.callerNumber);
    this.d.callLog.linked(this.call.id, paymentId);
    this.d.payments.note({ id: paymentId, merchantId: this.merchant.id, status: 'created' }, 'customer_connected', {});
    this.d.log.info({ call: this.call.id, payment: paymentId }, 'payment IVR linked the call to a payment');
    try {
      await this.d.capture.startOnCall(paymentId, this.call, { mask: this.merchant.settings.returnMode === 'three-way' });
    } catch (err) {
      this.warn('capture could not start on the IVR call', err);
      this.phase = 'returning';
      await this.handBack();
    }
  }

  /** Back to the operator, as the merchant works: leave the three-way call, or ring the operator into this one. */
  private async handBack(): Promise<void> {
    const status = (this.d.payments.row(this.paymentId!)?.status ?? 'created') as PaymentStatus;
    const ref = { id: this.paymentId!, merchantId: this.merchant.id, status };
    if (this.merchant.settings.returnMode === 'three-way') {
      this.d.callLog.outcome(this.call.id, 'completed');
      this.d.payments.note(ref, 'returned_to_operator', {});
      this.phase = 'done';
      await this.d.fs
        .channel(this.call.id)
        .hangUp('NORMAL_CLEARING')
        .catch((e) => this.warn('could not leave the three-way call', e));
      return;
    }
    const payment = this.d.payments.row(this.paymentId!);
    const operator = payment?.operatorId ? this.d.merchants.getOperator(this.merchant.id, payment.operatorId) : null;
    const back = operator?.dialString ? await this.d.dialer.ring(this.call, operator) : await this.d.dialer.offer(this.call);
    if (!this.d.calls.get(this.call.id)) return;
    if (back) {
      this.d.callLog.outcome(this.call.id, 'completed');
      this.d.payments.note(ref, 'returned_to_operator', {});
      this.phase = 'done';
      return;
    }
    this.d.callLog.outcome(this.call.id, 'return_failed');
    this.d.payments.note(ref, 'return_failed', {});
    this.leave(['goodbye']);
  }

  /** Plays a last message, then hangs up (safety: after 20 s even if the done event never comes). */
  private leave(prompts: PromptName[]): void {
    this.phase = 'leaving';
    this.clearTimer();
    this.prompts.stop();
    this.prompts.play(
      prompts.map((p) => promptPath(this.merchant.settings.promptLang, p)),
      (f) => this.onPlayDone(f),
    );
    this.timer = setTimeout(() => this.hangUp(), 20_000);
  }

  private hangUp(): void {
    if (this.phase === 'done') return;
    this.clearTimer();
    this.phase = 'done';
    void this.d.fs
      .channel(this.call.id)
      .hangUp('NORMAL_CLEARING')
      .catch(() => {});
  }

  private announcement(file: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(finish, this.d.announcementTimeoutMs ?? 20_000);
      function finish() {
        clearTimeout(t);
        resolve();
      }
      this.announcementDone = { file, resolve: finish };
    }).then(() => {
      this.announcementDone = null;
    });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private warn(what: string, e: unknown): void {
    this.d.log.warn({ call: this.call.id, reason: String((e as Error)?.message ?? e) }, what);
  }
}
