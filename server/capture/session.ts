// One masked card capture on one live call: mutes the operators from the customer, prompts the customer only,
// feeds DTMF to the CardCollector, publishes masked progress, hands the card to the Authorizer, announces the
// result and restores the conversation. Digits go from the DTMF event into the collector and nowhere else.
import type { Call } from '../calls/registry.js';
import { promptPath, VAR, type PromptLang, type PromptName } from '../esl/contract.js';
import type { FreeSwitch } from '../esl/freeswitch.js';
import type { Logger } from '../log/logger.js';
import type { Merchant } from '../merchants/store.js';
import type { Authorizer } from '../payments/authorizer.js';
import type { PaymentService, PaymentRow } from '../payments/service.js';
import type { ErrorCode, Field, PaymentStatus } from '../payments/types.js';
import { CardCollector, type CollectedCard, type CollectorEffect } from './collector.js';
import { messageFor } from './rules.js';

export interface SessionDeps {
  fs: FreeSwitch;
  payments: PaymentService;
  authorizer: Authorizer;
  log: Logger;
  now?: () => Date;
}

type Phase = 'starting' | 'capturing' | 'authorizing' | 'ended';

export class CaptureSession {
  phase: Phase = 'starting';
  private readonly collector: CardCollector;
  private timer: NodeJS.Timeout | null = null;
  /** prompt files queued to the customer, in order; `stale` = stopped ones whose done events are still to come */
  private pending: string[] = [];
  private stale: string[] = [];
  private readonly lang: PromptLang;
  private muted = false;
  private recordPath: string | null = null;
  private readonly ref: { id: string; merchantId: string; status: PaymentStatus };

  constructor(
    private readonly deps: SessionDeps,
    readonly payment: PaymentRow,
    readonly call: Call,
    merchant: Merchant,
    private readonly onEnd: (s: CaptureSession) => void,
  ) {
    const s = merchant.settings;
    this.lang = s.promptLang;
    this.ref = { id: payment.id, merchantId: payment.merchantId, status: 'capturing' };
    this.collector = new CardCollector({
      firstDigitTimeoutMs: s.firstDigitTimeoutMs,
      interDigitTimeoutMs: s.interDigitTimeoutMs,
      maxAttempts: s.maxAttempts,
      askCvv: s.askCvv,
      allowedBrands: s.allowedBrands,
      timeZone: s.timeZone,
      now: deps.now ?? (() => new Date()),
    });
  }

  private get room() {
    return this.deps.fs.room(this.call.room);
  }

  /** Sets up masking, then starts prompting. Throws (payment untouched) when FreeSWITCH refuses the masking. */
  async begin(): Promise<void> {
    await this.room.stopHearing(this.operatorMembers(), this.call.customerMemberId);
    this.muted = true;
    this.recordPath = await this.deps.fs
      .channel(this.call.id)
      .getVar(VAR.recordPath)
      .catch(() => null);
    if (this.recordPath) await this.deps.fs.channel(this.call.id).maskRecording(this.recordPath);
    this.deps.payments.advance(this.payment.id, 'capturing', 'capture_started', {}, { callId: this.call.id });
    this.phase = 'capturing';
    this.apply(this.collector.step({ kind: 'start' }));
  }

  onDigit(digit: string): void {
    if (this.phase === 'capturing') this.apply(this.collector.step({ kind: 'digit', digit }));
  }

  onPlayDone(file: string): void {
    const i = this.stale.findIndex((p) => file.endsWith(p));
    if (i >= 0) {
      this.stale.splice(i, 1);
      return;
    }
    const j = this.pending.findIndex((p) => file.endsWith(p));
    if (j < 0) return;
    this.pending.splice(0, j + 1);
    if (this.pending.length === 0 && this.phase === 'capturing') this.apply(this.collector.step({ kind: 'prompt_done' }));
  }

  /** An operator leg joined the room mid-capture: it must not hear the customer either. */
  onOperatorJoined(memberId: string): void {
    if (this.phase !== 'capturing' || !this.muted) return;
    this.room.stopHearing([memberId], this.call.customerMemberId).catch((e) => this.warn('could not mute a new operator leg', e));
  }

  rerequest(field: Field): void {
    if (this.phase === 'capturing') this.apply(this.collector.step({ kind: 'rerequest', field }));
  }

  /** Operator or merchant cancel while capturing. */
  cancel(code: 'canceled_by_operator' | 'canceled_by_merchant'): void {
    if (this.phase !== 'capturing') return;
    this.apply(this.collector.step({ kind: 'cancel' }));
    this.stopPrompts();
    this.finish('canceled', code, ['canceled']);
  }

  /** The customer hung up. During capture the payment is abandoned; once authorizing it still completes. */
  customerHungUp(): void {
    if (this.phase !== 'capturing') return;
    this.apply(this.collector.step({ kind: 'cancel' }));
    this.end('abandoned', 'customer_hung_up');
  }

  /** The ESL link dropped: digits may have been missed, so the capture cannot be trusted to continue. */
  telephonyLost(): void {
    if (this.phase !== 'capturing') return;
    this.apply(this.collector.step({ kind: 'cancel' }));
    this.end('failed', 'telephony_lost');
  }

  /** Leaves a call whose capture ended abnormally in normal conversation (used after an ESL reconnect). */
  async restoreConversation(): Promise<void> {
    await this.room.hearAgain(this.operatorMembers(), this.call.customerMemberId);
    if (this.recordPath) await this.deps.fs.channel(this.call.id).unmaskRecording(this.recordPath);
  }

  private operatorMembers(): string[] {
    return [...this.call.operators.values()].map((o) => o.memberId);
  }

  private apply(effects: CollectorEffect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'play':
          this.play(e.prompts);
          break;
        case 'stop_prompt':
          this.stopPrompts();
          break;
        case 'arm_timer':
          this.arm(e.timer, e.ms);
          break;
        case 'clear_timer':
          this.clearTimer();
          break;
        case 'event':
          this.deps.payments.note(this.ref, e.type, e.data);
          break;
        case 'complete':
          void this.authorize(e.card);
          break;
        case 'fail':
          this.finish('failed', e.code, []);
          break;
      }
    }
  }

  private play(prompts: PromptName[]): void {
    if (this.pending.length) this.stopPrompts();
    const room = this.room;
    for (const name of prompts) {
      const file = promptPath(this.lang, name);
      this.pending.push(file);
      room.playTo(this.call.customerMemberId, file).catch((e) => {
        this.warn(`could not play prompt ${name}`, e);
        this.onPlayDone(file);
      });
    }
  }

  private stopPrompts(): void {
    if (this.pending.length === 0) return;
    this.stale.push(...this.pending);
    this.pending = [];
    this.room.stopPlayingTo(this.call.customerMemberId).catch((e) => this.warn('could not stop a prompt', e));
  }

  /** Announcements after capture: queued after whatever plays, fire and forget, to the customer only. */
  private announce(prompts: PromptName[]): void {
    for (const name of prompts) {
      this.room.playTo(this.call.customerMemberId, promptPath(this.lang, name)).catch((e) => this.warn(`could not play ${name}`, e));
    }
  }

  private arm(timer: 'first' | 'inter', ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.phase === 'capturing') this.apply(this.collector.step({ kind: 'timeout', timer }));
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async authorize(card: CollectedCard): Promise<void> {
    this.phase = 'authorizing';
    this.clearTimer();
    this.stale.push(...this.pending);
    this.pending = [];
    const { payments, authorizer } = this.deps;
    let result: string;
    try {
      payments.advance(this.payment.id, 'authorizing', 'authorizing', { brand: card.brand, last4: card.last4 }, { brand: card.brand, last4: card.last4 });
      await this.unmute();
      this.announce(['please-wait']);
      result = await authorizer.run(payments.row(this.payment.id)!, card);
    } catch (e) {
      card.pan.wipe();
      card.cvv?.wipe();
      this.warn('authorization could not run', e);
      result = 'failed';
      const row = payments.row(this.payment.id);
      if (row && row.status === 'authorizing') payments.advance(this.payment.id, 'failed', 'failed', { error: err('processing_error') }, { error: err('processing_error') });
    }
    const job = this.payment.job;
    const done: Record<string, PromptName[]> = {
      approved: job === 'register' ? ['registered', 'returning'] : ['approved', 'returning'],
      declined: ['declined', 'returning'],
      failed: ['technical-error', 'returning'],
      reconciling: ['returning'],
    };
    if (this.deps.fs.up) this.announce(done[result] ?? ['returning']);
    this.phase = 'ended';
    this.onEnd(this);
  }

  /** Ends the capture in a final status (canceled / failed) and restores the conversation. */
  private finish(status: 'canceled' | 'failed', code: ErrorCode, prompts: PromptName[]): void {
    this.end(status, code);
    if (this.deps.fs.up) void this.unmute().then(() => this.announce([...prompts, 'returning']));
  }

  private end(status: 'canceled' | 'failed' | 'abandoned', code: ErrorCode): void {
    this.clearTimer();
    this.collector.wipe();
    this.phase = 'ended';
    const error = err(code);
    this.deps.payments.advance(this.payment.id, status, status, { error }, { error });
    this.onEnd(this);
  }

  private async unmute(): Promise<void> {
    if (!this.muted) return;
    this.muted = false;
    try {
      await this.restoreConversation();
      const status = this.deps.payments.row(this.payment.id)!.status as PaymentStatus;
      this.deps.payments.note({ ...this.ref, status }, 'conversation_restored', {});
    } catch (e) {
      this.warn('could not restore the conversation', e);
    }
  }

  private warn(what: string, e: unknown): void {
    this.deps.log.warn({ payment: this.payment.id, call: this.call.id, reason: String((e as Error)?.message ?? e) }, what);
  }
}

const err = (code: ErrorCode) => ({ code, message: messageFor(code, 'en') });
