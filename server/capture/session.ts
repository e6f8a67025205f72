// One masked card capture on one live call: mutes the operators from the customer, prompts the customer only,
// (SMS identity check,) feeds DTMF to the CardCollector, publishes masked progress, (reads the amount back,) hands
// the card to the Authorizer, announces the result and restores the conversation. Digits go from the DTMF event into
// the collector (or the step being asked) and nowhere else.
import type { Call } from '../calls/registry.js';
import { MASK_FILE, promptPath, VAR, type PromptLang, type PromptName } from '../esl/contract.js';
import type { Switches } from '../esl/switches.js';
import type { Logger } from '../log/logger.js';
import type { Merchant } from '../merchants/store.js';
import type { Authorizer } from '../payments/authorizer.js';
import type { PaymentService, PaymentRow } from '../payments/service.js';
import type { ErrorCode, Field, PaymentStatus } from '../payments/types.js';
import { CardCollector, type CollectedCard, type CollectorEffect } from './collector.js';
import { messageFor } from './rules.js';
import { PromptQueue } from './prompt-queue.js';
import { KeypadStep } from '../ivr/keypad-step.js';
import { mobileNumber, sendIdentityCode, SMS_CODE_QUESTION } from '../ivr/identity-check.js';
import { confirmationQuestion, CONFIRM, REENTER } from '../ivr/amount-confirmation.js';
import type { OneTimeCodes } from '../ivr/one-time-codes.js';
import type { SmsProvider } from '../sms/types.js';
import type { DigitsQuestion } from '../ivr/digits-collector.js';
import { chosenMethod, installmentsQuestion, methodMenu } from '../ivr/method-menu.js';
import type { PayMethodsAllowed } from '../payments/pay-method.js';

export interface SessionDeps {
  fs: Switches;
  payments: PaymentService;
  authorizer: Authorizer;
  log: Logger;
  sms: SmsProvider | null;
  codes: OneTimeCodes;
  /** what the merchant and its gateway allow beside lump sums (the pay-method menu) */
  payMethodsFor?: (merchantId: string) => PayMethodsAllowed | Promise<PayMethodsAllowed>;
  now?: () => Date;
}

export interface SessionOptions {
  /**
   * Three-way calls on the operator's own PBX: ivrpay cannot stop that PBX relaying the customer's tones to the
   * operator, so it plays the masking sound toward the caller's side whenever digits are being keyed.
   */
  mask?: boolean;
}

type Phase = 'starting' | 'verifying' | 'capturing' | 'choosing' | 'confirming' | 'authorizing' | 'ended';

export class CaptureSession {
  phase: Phase = 'starting';
  private collector: CardCollector;
  /** the keypad question being asked outside the card fields (SMS code, amount confirmation) */
  private step: KeypadStep | null = null;
  /** the complete card while the amount is read back */
  private heldCard: CollectedCard | null = null;
  /** the operator asked for the card again during the read-back */
  private reenter = false;
  /** digits keyed ahead between two questions (several DTMF events can arrive in one read) */
  private typedAhead: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** what plays to the customer */
  private readonly prompts: PromptQueue;
  private readonly lang: PromptLang;
  private muted = false;
  private recordPath: string | null = null;
  /** the last announcement queued to the customer (the IVR waits for it before handing the call back) */
  lastAnnouncement: string | null = null;
  private readonly ref: { id: string; merchantId: string; status: PaymentStatus };

  constructor(
    private readonly deps: SessionDeps,
    readonly payment: PaymentRow,
    readonly call: Call,
    private readonly merchant: Merchant,
    private readonly onEnd: (s: CaptureSession) => void,
    private readonly opts: SessionOptions = {},
  ) {
    const s = merchant.settings;
    this.lang = s.promptLang;
    this.ref = { id: payment.id, merchantId: payment.merchantId, status: 'capturing' };
    this.prompts = new PromptQueue(() => this.room, call.customerMemberId, (what, e) => this.warn(what, e));
    this.collector = this.newCollector();
  }

  private get settings() {
    return this.merchant.settings;
  }

  /** Still on the phone with the customer, before the card went to the gateway. */
  get collecting(): boolean {
    return this.phase === 'verifying' || this.phase === 'capturing' || this.phase === 'choosing' || this.phase === 'confirming';
  }

  private newCollector(): CardCollector {
    const s = this.merchant.settings;
    return new CardCollector({
      firstDigitTimeoutMs: s.firstDigitTimeoutMs,
      interDigitTimeoutMs: s.interDigitTimeoutMs,
      maxAttempts: s.maxAttempts,
      askCvv: s.askCvv,
      allowedBrands: s.allowedBrands,
      timeZone: s.timeZone,
      now: this.deps.now ?? (() => new Date()),
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
    await this.deps.payments.advance(this.payment.id, 'capturing', 'capture_started', {}, { callId: this.call.id });
    if (this.settings.smsCheck) void this.verifyIdentity();
    else this.startCard();
  }

  private startCard(): void {
    this.phase = 'capturing';
    this.apply(this.collector.step({ kind: 'start' }));
    while (this.typedAhead.length && this.phase === 'capturing' && !this.collector.done) this.apply(this.collector.step({ kind: 'digit', digit: this.typedAhead.shift()! }));
  }

  onDigit(digit: string): void {
    if (this.step && !this.step.done) this.step.digit(digit);
    else if (this.phase === 'capturing' && !this.collector.done) this.apply(this.collector.step({ kind: 'digit', digit }));
    else if (this.collecting) this.typedAhead.push(digit);
  }

  onPlayDone(file: string): void {
    switch (this.prompts.done(file)) {
      case 'background': // the masking sound ran out while digits are still being keyed
        if (this.phase === 'capturing') this.prompts.playBackground(MASK_FILE);
        return;
      case 'drained':
        if (this.step) this.step.promptsDrained();
        else if (this.phase === 'capturing') this.apply(this.collector.step({ kind: 'prompt_done' }));
        return;
      default:
        return;
    }
  }

  /** An operator leg joined the room mid-capture: it must not hear the customer either. */
  onOperatorJoined(memberId: string): void {
    if (!this.collecting || !this.muted) return;
    this.room.stopHearing([memberId], this.call.customerMemberId).catch((e) => this.warn('could not mute a new operator leg', e));
  }

  /** The operator asks for a field again; while the amount is read back, the card starts over. */
  rerequest(field: Field): void {
    if (this.phase === 'capturing') this.apply(this.collector.step({ kind: 'rerequest', field }));
    else if (this.phase === 'confirming') {
      this.reenter = true;
      this.step?.cancel();
    }
  }

  /** Operator or merchant cancel while the customer is on the keypad. */
  cancel(code: 'canceled_by_operator' | 'canceled_by_merchant'): Promise<void> {
    if (!this.collecting) return Promise.resolve();
    this.dropEverything();
    this.prompts.stop();
    return this.finish('canceled', code, ['canceled']);
  }

  /** The customer hung up. Before the gateway the payment is abandoned; once authorizing it still completes. */
  customerHungUp(): void {
    if (!this.collecting) return;
    this.dropEverything();
    void this.end('abandoned', 'customer_hung_up');
  }

  /** The ESL link dropped: digits may have been missed, so the capture cannot be trusted to continue. */
  telephonyLost(): void {
    if (!this.collecting) return;
    this.dropEverything();
    void this.end('failed', 'telephony_lost');
  }

  /** Forgets every digit held: the collector's, a card waiting for confirmation, a step being asked. */
  private dropEverything(): void {
    this.apply(this.collector.step({ kind: 'cancel' }));
    this.step?.cancel();
    this.step = null;
    this.wipeHeld();
  }

  private wipeHeld(): void {
    this.typedAhead.length = 0;
    this.heldCard?.pan.wipe();
    this.heldCard?.cvv?.wipe();
    this.heldCard = null;
  }

  /** Runs a keypad question to the customer; resolves with the answer, or null (attempts used up, or dropped). */
  private async ask(question: DigitsQuestion, accept: (a: string) => boolean, step: 'sms' | 'confirm' | 'method', wrong: ErrorCode): Promise<string | null> {
    const s = this.settings;
    const max = step === 'sms' ? s.smsMaxAttempts : s.maxAttempts;
    const k = new KeypadStep({
      question,
      settings: { firstDigitTimeoutMs: s.firstDigitTimeoutMs, interDigitTimeoutMs: s.interDigitTimeoutMs, maxAttempts: max },
      prompts: this.prompts,
      lang: this.lang,
      playFailed: (f) => this.onPlayDone(f),
      accept,
      onAttemptFailed: (attempt, reason) =>
        this.note(this.ref, 'step_error', { step, attempt, maxAttempts: max, error: err(reason === 'no_input' ? 'no_input' : wrong) }),
    });
    this.step = k;
    k.start();
    while (this.typedAhead.length && !k.done) k.digit(this.typedAhead.shift()!);
    const r = await k.result;
    if (this.step === k) this.step = null;
    return r.ok ? r.answer : null;
  }

  /** SMS identity check: a code to the customer's mobile, keyed before the card. */
  private async verifyIdentity(): Promise<void> {
    this.phase = 'verifying';
    const sent = await sendIdentityCode(this.deps, {
      paymentId: this.payment.id,
      merchantName: this.merchant.name,
      to: mobileNumber(this.payment.customerPhone, this.call.callerNumber),
      validitySeconds: this.settings.smsCodeValiditySeconds,
      lang: this.lang,
    });
    if (this.phase !== 'verifying') return;
    if (!sent.ok) {
      this.deps.log.warn({ payment: this.payment.id, reason: sent.why }, 'SMS identity check could not start');
      return void this.finish('failed', sent.code, ['technical-error']);
    }
    this.note(this.ref, 'identity_check', {});
    const answer = await this.ask(SMS_CODE_QUESTION, (code) => this.deps.codes.check(this.payment.id, code) === 'ok', 'sms', 'wrong_sms_code');
    if (this.phase !== 'verifying') return;
    this.deps.codes.forget(this.payment.id);
    if (answer === null) return void this.finish('failed', 'sms_check_failed', []);
    this.note(this.ref, 'identity_verified', {});
    this.startCard();
  }

  /** After the card: the pay-method menu (when the merchant asks it), then the read-back, then the gateway. */
  private async afterCard(card: CollectedCard): Promise<void> {
    this.heldCard = card;
    if (this.settings.askMethodInIvr && !(await this.chooseMethod())) {
      if (this.phase !== 'choosing') return;
      this.wipeHeld();
      return void this.finish('failed', 'method_not_chosen', []);
    }
    if (!this.collecting) return;
    if (this.settings.confirmAmount) return this.confirm(card);
    this.heldCard = null;
    void this.authorize(card);
  }

  /** "1 lump, 2 installments, 3 bonus, 4 revolving" (what is allowed), then the count; false if none was chosen. */
  private async chooseMethod(): Promise<boolean> {
    const row = (await this.deps.payments.row(this.payment.id))!;
    const charges = this.payment.job === 'auth' || this.payment.job === 'capture' || this.payment.job === 'capture+register';
    const allowed = await this.deps.payMethodsFor?.(this.payment.merchantId);
    const menu = allowed ? methodMenu(allowed) : null;
    if (!charges || !menu || !allowed || row.payMethod !== 'lump') return true; // nothing to choose, or the operator chose
    this.phase = 'choosing';
    this.note(this.ref, 'method_menu', {});
    const key = await this.ask(menu.question, (k) => menu.methodFor(k) !== null, 'method', 'method_not_accepted');
    if (this.phase !== 'choosing' || key === null) return false;
    const kind = menu.methodFor(key)!;
    let count: number | null = null;
    if (kind === 'installments') {
      const answer = await this.ask(installmentsQuestion(), (a) => chosenMethod('installments', Number(a), allowed) !== null, 'method', 'method_not_accepted');
      if (this.phase !== 'choosing' || answer === null) return false;
      count = Number(answer);
    }
    await this.deps.payments.chooseMethod(this.payment.id, chosenMethod(kind, count, allowed)!);
    return true;
  }

  /** The amount and the card's last four read back; 1 sends the card on, 2 starts the card over. */
  private async confirm(card: CollectedCard): Promise<void> {
    this.phase = 'confirming';
    this.heldCard = card;
    this.note(this.ref, 'confirming', { brand: card.brand, last4: card.last4 });
    const question = confirmationQuestion({ amount: this.payment.amount, currency: this.payment.currency, last4: card.last4, lang: this.lang });
    const answer = await this.ask(question, (a) => a === CONFIRM || a === REENTER, 'confirm', 'not_confirmed');
    if (this.phase !== 'confirming') return;
    if (answer === CONFIRM) {
      this.heldCard = null;
      this.note(this.ref, 'confirmed', {});
      return void this.authorize(card);
    }
    this.wipeHeld();
    if (answer === REENTER || this.reenter) {
      this.reenter = false;
      this.prompts.stop();
      this.note(this.ref, 'field_cleared', { field: 'pan' });
      this.collector = this.newCollector();
      return this.startCard();
    }
    void this.finish('failed', 'not_confirmed', []);
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
          this.prompts.stop();
          this.maskOn();
          break;
        case 'arm_timer':
          this.arm(e.timer, e.ms);
          this.maskOn();
          break;
        case 'clear_timer':
          this.clearTimer();
          break;
        case 'event':
          this.note(this.ref, e.type, e.data);
          break;
        case 'complete':
          if (this.prompts.backgroundFile) this.prompts.stop();
          void this.afterCard(e.card);
          break;
        case 'fail':
          if (this.prompts.backgroundFile) this.prompts.stop();
          void this.finish('failed', e.code, []);
          break;
      }
    }
  }

  private play(prompts: PromptName[]): void {
    this.prompts.stop();
    this.prompts.play(
      prompts.map((name) => promptPath(this.lang, name)),
      (file) => this.onPlayDone(file),
    );
  }

  /** Digits are expected now: in a three-way call, cover them with the masking sound. */
  private maskOn(): void {
    if (this.opts.mask && !this.prompts.backgroundFile && this.phase === 'capturing') this.prompts.playBackground(MASK_FILE);
  }

  /** Announcements after capture: queued after whatever plays, fire and forget, to the customer only. */
  private announce(prompts: PromptName[]): void {
    const files = prompts.map((name) => promptPath(this.lang, name));
    this.lastAnnouncement = files.at(-1) ?? this.lastAnnouncement;
    this.prompts.play(files, () => {});
    this.prompts.release();
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
    this.prompts.release();
    const { payments, authorizer } = this.deps;
    let result: string;
    try {
      // stored before the card goes out: an instance that dies now leaves it `authorizing`, reconciled by inquiry
      await payments.advance(this.payment.id, 'authorizing', 'authorizing', { brand: card.brand, last4: card.last4 }, { brand: card.brand, last4: card.last4 });
      await this.unmute();
      this.announce(['please-wait']);
      result = await authorizer.run((await payments.row(this.payment.id))!, card);
    } catch (e) {
      card.pan.wipe();
      card.cvv?.wipe();
      this.warn('authorization could not run', e);
      result = 'failed';
      const row = await payments.row(this.payment.id).catch(() => null);
      if (row && row.status === 'authorizing') await payments.advance(this.payment.id, 'failed', 'failed', { error: err('processing_error') }, { error: err('processing_error') }).catch((e2) => this.warn('could not fail the payment', e2));
    }
    const job = this.payment.job;
    const done: Record<string, PromptName[]> = {
      approved: job === 'register' ? ['registered', 'returning'] : ['approved', 'returning'],
      declined: ['declined', 'returning'],
      failed: ['technical-error', 'returning'],
      reconciling: ['returning'],
    };
    if (this.deps.fs.isUp(this.call.node)) this.announce(done[result] ?? ['returning']);
    this.phase = 'ended';
    this.onEnd(this);
  }

  /** Ends the capture in a final status (canceled / failed) and restores the conversation. */
  private finish(status: 'canceled' | 'failed', code: ErrorCode, prompts: PromptName[]): Promise<void> {
    const stored = this.end(status, code);
    if (this.deps.fs.isUp(this.call.node)) void this.unmute().then(() => this.announce([...prompts, 'returning']));
    return stored;
  }

  /** The final status (stored in call order after the events before it; the returned promise says when). */
  private end(status: 'canceled' | 'failed' | 'abandoned', code: ErrorCode): Promise<void> {
    this.clearTimer();
    this.collector.wipe();
    this.step?.cancel();
    this.step = null;
    this.wipeHeld();
    this.deps.codes.forget(this.payment.id);
    this.phase = 'ended';
    const error = err(code);
    const stored = this.deps.payments.advance(this.payment.id, status, status, { error }, { error }).then(
      () => {},
      (e) => this.warn(`could not store the payment as ${status}`, e),
    );
    this.onEnd(this);
    return stored;
  }

  /** A progress event: stored and published in order with the payment's other writes; the digit path does not wait. */
  private note(...args: Parameters<PaymentService['note']>): void {
    this.deps.payments.note(...args).catch((e) => this.warn('could not store a progress event', e));
  }

  private async unmute(): Promise<void> {
    if (!this.muted) return;
    this.muted = false;
    try {
      await this.restoreConversation();
      const status = (await this.deps.payments.row(this.payment.id))!.status as PaymentStatus;
      this.note({ ...this.ref, status }, 'conversation_restored', {});
    } catch (e) {
      this.warn('could not restore the conversation', e);
    }
  }

  private warn(what: string, e: unknown): void {
    this.deps.log.warn({ payment: this.payment.id, call: this.call.id, reason: String((e as Error)?.message ?? e) }, what);
  }
}

const err = (code: ErrorCode) => ({ code, message: messageFor(code, 'en') });
