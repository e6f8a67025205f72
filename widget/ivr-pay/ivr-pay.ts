// <ivr-pay>: the operator's view of one phone card payment (summary, transfer id or calls, masked step list, result); never sees, asks for or stores a card digit.
import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallView, Field, OperationKind, PaymentEvent, PaymentView } from '../../server/payments/types.js';
import { announcementFor } from './announce.js';
import { ApiError, IvrPayApi } from './api.js';
import { IvrPayErrorEvent, IvrPayOperationEvent, IvrPayResultEvent, IvrPayStatusEvent } from './events.js';
import { countdown, groupCode, spokenDigits } from './identification.js';
import { confirmText, draftFor, methodText, offeredOperations, parseAmount, refundable, type OperationDraft } from './operations.js';
import { methodChoices, methodFromKey, methodKey } from './method-choice.js';
import { MESSAGES, errorText, formatAmount, formatTime, pickLang, type Lang, type Messages } from './i18n.js';
import { styles } from './ivr-pay.styles.js';
import {
  applyEvent,
  applyView,
  canCancel,
  canRerequest,
  emptyProgress,
  isFinal,
  progressFromView,
  type Progress,
  type StepState,
  wasApproved,
} from './progress.js';
import { PaymentEventStream, type StreamState } from './sse.js';
import { stepRows, type StepRow } from './steps.js';
import { LOAD_ERROR, loadSoftphone } from '../softphone/loader.js';
import type { IvrPayCallDetail, IvrPayPaymentPickedDetail } from '../softphone/ivr-pay-softphone.js';

const CALLS_POLL_MS = 2000;
/** after a final status, keep listening this long for `conversation_restored`, then close the stream */
const AFTER_FINAL_MS = 60_000;
/** API errors after which nothing this widget does can succeed until the page gives it a new token */
const FATAL_CODES = new Set(['token_expired', 'unauthorized', 'forbidden', 'merchant_disabled', 'not_found']);
/** failures that may pass by themselves: the blocking error offers a retry */
const TRANSIENT_CODES = new Set(['network_error', 'internal_error', 'telephony_unavailable', 'rate_limited', 'bad_response']);

type Busy = 'capture' | 'cancel' | `rerequest-${Field}` | 'operation' | 'identification' | 'method' | null;
/** how often the identification id's countdown is redrawn */
const CLOCK_MS = 500;
/** how long "Copied" shows after the id was copied */
const COPIED_MS = 2000;

/** Calls the operator can take a card on; payment-IVR (transfer mode) calls start their capture by themselves. */
const isOperatorCall = (c: CallView): boolean => !c.mode || c.mode === 'operator';
/** while an operation's answer is confirmed by the server, how often and how long to look again */
const OPERATION_POLL_MS = 2000;
const OPERATION_POLL_TIMES = 45;

const icons: Record<'check' | 'cross' | 'dash' | 'bang', TemplateResult> = {
  check: html`<svg viewBox="0 0 16 16" aria-hidden="true">${svg`<path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`}</svg>`,
  cross: html`<svg viewBox="0 0 16 16" aria-hidden="true">${svg`<path d="M4.5 4.5l7 7m0-7l-7 7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>`}</svg>`,
  dash: html`<svg viewBox="0 0 16 16" aria-hidden="true">${svg`<path d="M4.5 8h7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>`}</svg>`,
  bang: html`<svg viewBox="0 0 16 16" aria-hidden="true">${svg`<path d="M8 3.5v5.5" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/><circle cx="8" cy="12.2" r="1.3" fill="currentColor"/>`}</svg>`,
};

/**
 * One phone card payment, as the operator follows it: what is being paid, which call to take it on,
 * how far the customer has keyed the card (counts, brand and last four only), and the result.
 *
 * @summary Operator widget for taking a card payment over the phone with DTMF masking.
 *
 * @attr server - Base URL of the ivrpay server; empty for the page's own origin.
 * @attr token - Widget token the CRM backend got when it created the payment (sent as a Bearer header).
 * @attr payment - Payment id.
 * @attr lang - `ja` or `en`; default from the browser language (ja when it starts with `ja`).
 * @attr call - Call id to take the payment on; when absent the widget lists the merchant's live operator calls.
 * @attr ivr-number - Transfer mode: the merchant's payment-IVR number, shown beside the identification id for the operator to transfer the customer to.
 * @attr mode - `status` (default), or `softphone`: the widget is also the operator's phone (sip.js, loaded on demand): sign-in, ringing, click-to-call, and "take card payment" on the live call.
 * @attr operator-token - Softphone mode: an operator token the CRM's server minted with its API key (POST /v1/softphone/tokens); without it the widget shows its own sign-in.
 * @attr customer-number - Softphone mode: the customer's number, prefilled for click-to-call (`dial()` calls it).
 * @attr softphone-src - Softphone mode: where the softphone chunk is (default `ivr-pay-softphone.mjs` beside this script).
 *
 * @event ivr-pay-status - Every new status event (`detail`: PaymentEvent); replays after a reconnect are not repeated.
 * @event ivr-pay-result - The payment reached a final status, or had one when the widget loaded (`detail`: PaymentView); once per load.
 * @event ivr-pay-error - An API call or the event stream failed (`detail`: `{ code, message }`).
 * @event ivr-pay-call - Softphone mode: a call rang, connected or ended (`detail`: `{ callId, state, direction, number }`), e.g. for a screen-pop.
 * @event ivr-pay-phone - Softphone mode: the phone's state (`detail`: `{ state, operatorId }`).
 * @event ivr-pay-operation - The operator recorded a sale, voided or refunded from the result panel (`detail`: `{ payment, operation }`; `operation.status` is `pending` while the gateway's answer is confirmed).
 *
 * @csspart base - The card around everything.
 * @csspart summary - Amount, order and job.
 * @csspart amount - The formatted amount.
 * @csspart status - The status pill.
 * @csspart transfer - Transfer mode, before the customer calls: the identification id, its countdown, the IVR number.
 * @csspart identification - The identification id (large, grouped 3+3); also `button-copy`, and `button-renew` once it expired.
 * @csspart countdown - Time left on the identification id (`data-state`: ok, warning in the last minute, expired).
 * @csspart calls - The live-call chooser (shown before the capture when no `call` is given).
 * @csspart method - Before the capture, for a charge: how the customer pays (lump sum, installments × n, bonus, revolving: what the merchant and its gateway allow); `method-select` is its select.
 * @csspart call - One call in the chooser.
 * @csspart button - Every button; also `button-take`, `button-cancel`, `button-rerequest`, `button-retry`.
 * @csspart steps - The step list; each row is `step` plus `step-waiting|current|done|error|skipped|stopped`.
 * @csspart step - One row of the step list.
 * @csspart result - The result panel.
 * @csspart operations - After approval: the sale / void / refund buttons and their confirmation (`button-sale`, `button-void`, `button-refund`, `button-confirm`, `button-back`, `refund-amount`).
 * @csspart error - An error message.
 * @csspart connection - The "reconnecting…" notice.
 *
 * @cssproperty --ivr-pay-accent - Buttons, current step, progress (default #2457c5).
 * @cssproperty --ivr-pay-accent-fg - Text on the accent colour (default #fff).
 * @cssproperty --ivr-pay-bg - Background (default #fff).
 * @cssproperty --ivr-pay-fg - Text (default #1c2333).
 * @cssproperty --ivr-pay-muted - Secondary text (default #5d6679).
 * @cssproperty --ivr-pay-border - Lines and idle markers (default #dde2ea).
 * @cssproperty --ivr-pay-surface - Quiet backgrounds (default #f5f7fa).
 * @cssproperty --ivr-pay-danger - Errors, declines (default #c23a3a).
 * @cssproperty --ivr-pay-success - Completed steps, approval (default #1e7f4f).
 * @cssproperty --ivr-pay-warning - Reconnecting, notes (default #9a6200).
 * @cssproperty --ivr-pay-radius - Corner radius (default 10px).
 * @cssproperty --ivr-pay-font - Font family (default the system UI font with Japanese fallbacks).
 */
export class IvrPay extends LitElement {
  /** the tag widget/index.ts registers this class under */
  static readonly tagName = 'ivr-pay';
  static override styles = styles;

  @property() server = '';
  @property() token = '';
  @property() payment = '';
  @property() override lang = '';
  @property() call = '';
  @property({ attribute: 'ivr-number' }) ivrNumber = '';
  @property({ reflect: true }) mode: 'status' | 'softphone' = 'status';
  @property({ attribute: 'operator-token' }) operatorToken = '';
  @property({ attribute: 'customer-number' }) customerNumber = '';
  @property({ attribute: 'softphone-src' }) softphoneSrc = '';
  /** softphone mode: the chunk could not be loaded */
  @state() private softphoneError = false;

  @state() private view: PaymentView | null = null;
  @state() private progress: Progress = emptyProgress();
  @state() private loading = false;
  /** the payment could not be loaded, or the token stopped working */
  @state() private blockingError: ApiError | null = null;
  /** the last action (capture, ask again, cancel) failed */
  @state() private actionError: ApiError | null = null;
  @state() private calls: CallView[] | null = null;
  @state() private callsError: ApiError | null = null;
  @state() private chosenCall = '';
  @state() private busy: Busy = null;
  /** the sale / void / refund being confirmed */
  @state() private draft: OperationDraft | null = null;
  /** an operation was sent and its answer is being confirmed by inquiry */
  @state() private operationPending = false;
  @state() private connection: { state: StreamState; failures: number } = { state: 'closed', failures: 0 };
  /** "Copied" shows on the id's copy button */
  @state() private copied = false;
  /** transfer mode: the widget stopped listening before the IVR said how the call went back */
  @state() private returnUnreported = false;
  @state() private politeText = '';
  @state() private assertiveText = '';

  #api: IvrPayApi | null = null;
  #stream: PaymentEventStream | null = null;
  /** bumped on every (re)start; answers that belong to an older one are dropped */
  #session = 0;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #loadAbort: AbortController | null = null;
  #resultSent = false;
  /** redraws the identification id's countdown while it is shown */
  #clock: ReturnType<typeof setInterval> | undefined;
  #copiedTimer: ReturnType<typeof setTimeout> | undefined;
  /** the id whose expiry the live region already said */
  #expirySaid = '';

  get #lang(): Lang {
    return pickLang(this.lang, globalThis.navigator?.language);
  }

  get #m(): Messages {
    return MESSAGES[this.#lang];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
    this.#syncClock();
    clearTimeout(this.#copiedTimer);
  }

  protected override updated(): void {
    this.#syncClock();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token') || changed.has('payment')) this.#start();
    if (changed.has('call') && this.isConnected) this.#schedulePoll(0);
    if ((changed.has('mode') || changed.has('softphoneSrc')) && this.mode === 'softphone') {
      this.softphoneError = false;
      loadSoftphone(this.softphoneSrc).catch(() => (this.softphoneError = true));
    }
  }

  /** Softphone mode, click-to-call: dials `number` (default: the customer-number attribute) through the merchant's line. */
  dial(number?: string): Promise<void> {
    return this.renderRoot.querySelector('ivr-pay-softphone')?.dial(number || this.customerNumber) ?? Promise.resolve();
  }

  /** Softphone mode: the phone (lazy chunk) above the payment; its live call is the one "take card payment" uses. */
  #renderPhone(): TemplateResult {
    if (this.softphoneError) return html`<section class="banner error" part="error">${LOAD_ERROR[this.#lang]}</section>`;
    return html`<ivr-pay-softphone
      .server=${this.server}
      lang=${this.lang}
      operator-token=${this.operatorToken}
      customer-number=${this.customerNumber}
      ?has-payment=${!!(this.payment && this.token)}
      @ivr-pay-call=${(e: CustomEvent<IvrPayCallDetail>) => {
        if (e.detail.state === 'connected') this.call = e.detail.callId;
      }}
      @ivr-pay-payment-picked=${(e: CustomEvent<IvrPayPaymentPickedDetail>) => {
        this.token = e.detail.token;
        this.payment = e.detail.paymentId;
      }}
    ></ivr-pay-softphone>`;
  }

  // ── lifecycle ───────────────────────────────────────────────────────────

  #stop(): void {
    this.#session++;
    this.#stream?.close();
    this.#stream = null;
    this.#loadAbort?.abort();
    this.#loadAbort = null;
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#closeTimer);
  }

  #start(): void {
    this.#stop();
    this.view = null;
    this.progress = emptyProgress();
    this.blockingError = null;
    this.actionError = null;
    this.calls = null;
    this.callsError = null;
    this.chosenCall = '';
    this.busy = null;
    this.copied = false;
    this.returnUnreported = false;
    this.connection = { state: 'closed', failures: 0 };
    this.#resultSent = false;
    this.#api = this.token && this.payment ? new IvrPayApi({ server: this.server, token: this.token }) : null;
    if (this.#api) void this.#load(this.#session);
  }

  async #load(session: number): Promise<void> {
    const api = this.#api!;
    this.loading = true;
    this.#loadAbort = new AbortController();
    try {
      const view = await api.getPayment(this.payment, this.#loadAbort.signal);
      if (session !== this.#session) return;
      this.view = view;
      this.progress = progressFromView(view);
    } catch (err) {
      if (session !== this.#session) return;
      this.#fail(err, 'blocking');
      return;
    } finally {
      if (session === this.#session) this.loading = false;
    }
    if (isFinal(this.progress.status)) {
      void this.#sendResult(session);
      return;
    }
    this.#follow(session);
    this.#schedulePoll(0);
  }

  #follow(session: number): void {
    const api = this.#api!;
    this.#stream = new PaymentEventStream(
      { url: api.url(api.eventsPath(this.payment)), headers: api.headers },
      {
        event: (e) => session === this.#session && this.#onEvent(e, session),
        state: (state, failures) => {
          if (session === this.#session) this.connection = { state, failures };
        },
        fatal: (err) => session === this.#session && this.#fail(err, 'blocking'),
      },
    );
    this.#stream.start();
  }

  #onEvent(e: PaymentEvent, session: number): void {
    const before = this.progress;
    const after = applyEvent(before, e);
    if (after === before) return; // a replay after reconnecting
    this.progress = after;
    this.dispatchEvent(new IvrPayStatusEvent(e));
    const said = announcementFor(e, after, this.#m);
    if (said) this.#announce(said.text, said.assertive);
    if (isFinal(after.status) && !isFinal(before.status)) void this.#sendResult(session);
    if (e.type === 'captured' || e.type === 'voided' || e.type === 'refunded') void this.#refreshView(session);
    if (isFinal(after.status) && this.#heardTheEnd(after)) this.#closeStreamSoon(0);
  }

  /** Nothing more will come: the customer hung up, or the call is back with the operator (transfer mode: the IVR said how). */
  #heardTheEnd(p: Progress): boolean {
    if (p.status === 'abandoned') return true;
    return p.customerConnected ? p.returned !== null : p.conversationRestored;
  }

  #announce(text: string, assertive: boolean): void {
    if (assertive) this.assertiveText = text;
    else this.politeText = text;
  }

  /** Final status: fetch the whole payment once and tell the page. */
  async #sendResult(session: number): Promise<void> {
    if (this.#resultSent) return;
    this.#resultSent = true;
    clearTimeout(this.#pollTimer);
    this.#closeStreamSoon(AFTER_FINAL_MS);
    let view = this.view;
    try {
      view = await this.#api!.getPayment(this.payment);
    } catch {
      // the stream already told us the outcome; fall back to what we know
    }
    if (session !== this.#session || !view) return;
    const o = this.progress.outcome;
    const merged: PaymentView =
      isFinal(view.status) || !o
        ? view
        : {
            ...view,
            status: o.status,
            brand: this.progress.brand,
            last4: this.progress.last4,
            approvalCode: o.approvalCode,
            transactionId: o.transactionId,
            cardToken: o.cardToken,
            error: o.error,
          };
    this.view = merged;
    this.progress = applyView(this.progress, merged);
    this.dispatchEvent(new IvrPayResultEvent(merged));
  }

  #closeStreamSoon(ms: number): void {
    clearTimeout(this.#closeTimer);
    const stream = this.#stream;
    const session = this.#session;
    this.#closeTimer = setTimeout(() => {
      stream?.close();
      if (session === this.#session && this.progress.customerConnected && !this.#heardTheEnd(this.progress)) this.returnUnreported = true;
    }, ms);
  }

  // ── calls ───────────────────────────────────────────────────────────────

  get #choosingCall(): boolean {
    const p = this.progress;
    return !this.call && !!this.#api && !!this.view && p.status === 'created' && !p.captureStarted && !p.customerConnected && !this.blockingError;
  }

  #schedulePoll(ms: number): void {
    clearTimeout(this.#pollTimer);
    if (!this.#choosingCall) return;
    const session = this.#session;
    this.#pollTimer = setTimeout(() => void this.#poll(session), ms);
  }

  async #poll(session: number): Promise<void> {
    if (session !== this.#session || !this.#choosingCall) return;
    if (this.busy !== 'capture') {
      try {
        const calls = (await this.#api!.listCalls()).filter(isOperatorCall);
        if (session !== this.#session) return;
        this.calls = calls;
        this.callsError = null;
        this.#keepChoiceValid(calls);
      } catch (err) {
        if (session !== this.#session) return;
        if (err instanceof ApiError && FATAL_CODES.has(err.code)) return this.#fail(err, 'blocking');
        this.callsError = err instanceof ApiError ? err : new ApiError('network_error', String(err), 0);
      }
    }
    this.#schedulePoll(CALLS_POLL_MS);
  }

  #available(calls: CallView[]): CallView[] {
    return calls.filter((c) => !c.paymentId || c.paymentId === this.payment);
  }

  #keepChoiceValid(calls: CallView[]): void {
    const available = this.#available(calls);
    if (!available.some((c) => c.id === this.chosenCall)) this.chosenCall = '';
    if (!this.chosenCall && available.length === 1) this.chosenCall = available[0]!.id;
  }

  // ── actions ─────────────────────────────────────────────────────────────

  async #act<T>(busy: Exclude<Busy, null>, run: (api: IvrPayApi) => Promise<T>): Promise<T | undefined> {
    if (!this.#api || this.busy) return undefined;
    const session = this.#session;
    this.busy = busy;
    this.actionError = null;
    try {
      const result = await run(this.#api);
      return session === this.#session ? result : undefined;
    } catch (err) {
      if (session === this.#session) this.#fail(err, 'action');
      return undefined;
    } finally {
      if (session === this.#session) this.busy = null;
    }
  }

  #takeView(view: PaymentView | undefined): void {
    if (!view) return;
    this.view = view;
    this.progress = applyView(this.progress, view);
    if (isFinal(view.status)) void this.#sendResult(this.#session);
  }

  async #takePayment(): Promise<void> {
    const callId = this.call || this.chosenCall || undefined;
    this.#takeView(await this.#act('capture', (api) => api.capture(this.payment, callId)));
    this.#schedulePoll(CALLS_POLL_MS);
  }

  async #chooseMethod(select: HTMLSelectElement): Promise<void> {
    const method = methodFromKey(select.value);
    const before = this.view;
    if (!method || !before) return;
    const view = await this.#act('method', (api) => api.chooseMethod(this.payment, method));
    // the answer is the plain payment: the menu (payMethods) and operations of the last full read stay
    if (view) this.view = { ...view, payMethods: view.payMethods ?? before.payMethods, operations: view.operations ?? before.operations };
    // refused: the select shows the stored method again
    else if (this.view) select.value = methodKey(this.view.method);
  }

  async #rerequest(field: Field): Promise<void> {
    this.#takeView(await this.#act(`rerequest-${field}`, (api) => api.rerequest(this.payment, field)));
  }

  async #cancel(): Promise<void> {
    this.#takeView(await this.#act('cancel', (api) => api.cancel(this.payment)));
  }

  // ── transfer mode: the identification id ────────────────────────────────

  /** Before the customer reached the payment IVR, with an id to read out (or a known IVR number to get a new one for). */
  get #transferShown(): boolean {
    const p = this.progress;
    return !!this.view && p.status === 'created' && !p.captureStarted && !p.customerConnected && !this.blockingError && (!!p.identification || !!this.ivrNumber);
  }

  #syncClock(): void {
    const wanted = this.isConnected && this.#transferShown && !!this.progress.identification;
    if (wanted && this.#clock === undefined) this.#clock = setInterval(() => this.#tick(), CLOCK_MS);
    if (!wanted && this.#clock !== undefined) {
      clearInterval(this.#clock);
      this.#clock = undefined;
    }
  }

  #tick(): void {
    this.requestUpdate();
    const id = this.progress.identification;
    if (id && this.#expirySaid !== id.code && countdown(id.expiresAt, Date.now()).state === 'expired') {
      this.#expirySaid = id.code;
      this.#announce(this.#m.transfer.expired, false);
    }
  }

  async #renewIdentification(): Promise<void> {
    const view = await this.#act('identification', (api) => api.renewIdentification(this.payment));
    if (!view) return;
    this.#takeView(view);
    const id = this.progress.identification;
    if (id) this.#announce(this.#m.transfer.renewed(spokenDigits(id.code)), false);
  }

  /** Copies the id; where the page may not write the clipboard, selects it so the operator can copy it by hand. */
  async #copyCode(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this.copied = true;
      clearTimeout(this.#copiedTimer);
      this.#copiedTimer = setTimeout(() => (this.copied = false), COPIED_MS);
    } catch {
      const el = this.renderRoot.querySelector('.id-code');
      const selection = globalThis.getSelection?.();
      if (!el || !selection) return;
      const range = document.createRange();
      range.selectNodeContents(el);
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  // ── after approval: sale, void, refund ──────────────────────────────────

  #startDraft(kind: OperationKind): void {
    if (!this.view) return;
    this.actionError = null;
    this.draft = draftFor(kind, this.view);
  }

  async #confirmDraft(): Promise<void> {
    const view = this.view;
    const draft = this.draft;
    if (!view || !draft) return;
    const amount = draft.kind === 'refund' ? parseAmount(draft.amountText, view) : undefined;
    if (amount === null) return;
    const key = globalThis.crypto?.randomUUID?.() ?? `op-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const session = this.#session;
    const before = { status: view.status, refunded: view.refundedAmount };
    const result = await this.#act('operation', (api) => api.operate(this.payment, draft.kind, key, amount));
    if (!result) return;
    this.draft = null;
    this.#takeOperationView(result.payment);
    this.dispatchEvent(new IvrPayOperationEvent(result));
    if (result.operation.status === 'pending') {
      this.operationPending = true;
      this.#announce(this.#m.operations.pending, false);
      void this.#watchPending(session, before);
    } else if (isFinal(result.payment.status)) {
      this.#announce(this.#m.result.heading[result.payment.status as keyof Messages['result']['heading']], true);
    }
  }

  #takeOperationView(view: PaymentView): void {
    this.view = view;
    this.progress = applyView(this.progress, view);
  }

  async #refreshView(session: number): Promise<void> {
    try {
      const view = await this.#api!.getPayment(this.payment);
      if (session === this.#session) this.#takeOperationView(view);
    } catch {
      // the stream already told the new status; the next read will bring the rest
    }
  }

  /** An operation is pending: look again until the server has settled it (status, refunds or offered operations change). */
  async #watchPending(session: number, before: { status: string; refunded: number }): Promise<void> {
    for (let i = 0; i < OPERATION_POLL_TIMES && session === this.#session; i++) {
      await new Promise((r) => setTimeout(r, OPERATION_POLL_MS));
      try {
        const view = await this.#api!.getPayment(this.payment);
        if (session !== this.#session) return;
        this.#takeOperationView(view);
        if (view.status !== before.status || view.refundedAmount !== before.refunded || (view.operations?.length ?? 0) > 0) break;
      } catch {
        // keep looking
      }
    }
    if (session === this.#session) this.operationPending = false;
  }

  #fail(err: unknown, where: 'blocking' | 'action'): void {
    const error = err instanceof ApiError ? err : new ApiError('network_error', err instanceof Error ? err.message : String(err), 0);
    if (where === 'blocking' || FATAL_CODES.has(error.code)) {
      this.blockingError = error;
      this.#stream?.close();
      clearTimeout(this.#pollTimer);
    } else {
      this.actionError = error;
    }
    this.#announce(errorText(this.#m, error.code), true);
    this.dispatchEvent(new IvrPayErrorEvent({ code: error.code, message: error.message }));
  }

  // ── rendering ───────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const m = this.#m;
    return html`
      <div class="card" part="base" lang=${this.#lang}>
        ${this.mode === 'softphone' ? this.#renderPhone() : nothing}
        ${this.view ? this.#renderSummary(this.view, m) : this.#renderPlaceholder(m)}
        ${this.view ? this.#renderBody(this.view, m) : nothing}
        ${this.#renderBanners(m)}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-live="polite">${this.politeText}</div>
      <div class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true" data-live="assertive">${this.assertiveText}</div>
    `;
  }

  #renderPlaceholder(m: Messages): TemplateResult {
    return html`<section class="summary" part="summary">
      <h2>${m.title}</h2>
      ${this.loading ? html`<p class="loading">${m.loading}</p>` : nothing}
    </section>`;
  }

  #renderSummary(view: PaymentView, m: Messages): TemplateResult {
    const status = this.progress.status;
    return html`<section class="summary" part="summary">
      <div class="summary-top">
        <h2>${m.title}</h2>
        <span class="pill" part="status" data-status=${status}>${m.status[status]}</span>
      </div>
      <div class="amount" part="amount">${formatAmount(view.amount, view.currency, this.#lang)}</div>
      <div class="meta">
        <span>${m.order} <b>${view.orderId}</b></span>
        <span>${m.job} <b>${m.jobs[view.job] ?? view.job}</b></span>
        ${view.memberId ? html`<span>${m.member} <b>${view.memberId}</b></span>` : nothing}
      </div>
    </section>`;
  }

  #renderBody(view: PaymentView, m: Messages): TemplateResult {
    const p = this.progress;
    if (p.status === 'created' && !p.captureStarted && !p.customerConnected) return this.blockingError ? html`` : this.#renderStart(m);
    if (isFinal(p.status) && p.lastSeq === 0) return this.#renderResult(view, m);
    return html`${this.#renderSteps(m)} ${p.outcome ? this.#renderResult(view, m) : nothing}`;
  }

  #renderStart(m: Messages): TemplateResult {
    if (!this.#transferShown) return this.#renderTakeOnCall(m, false);
    // transfer mode: the id comes first; a live operator call (if any) is the other way, without "waiting for a call"
    const onCall = !!this.call || (this.calls !== null && this.#available(this.calls).length > 0);
    if (onCall) return html`${this.#renderTransfer(m)}${this.#renderTakeOnCall(m, true)}`;
    // no call to take it on: how the customer pays can still be set, for the payment IVR to use
    const chooser = this.#renderMethodChooser(m);
    return html`${this.#renderTransfer(m)}${chooser === nothing ? nothing : html`<section>${chooser}</section>`}`;
  }

  #renderTransfer(m: Messages): TemplateResult {
    const t = m.transfer;
    const id = this.progress.identification;
    const left = id ? countdown(id.expiresAt, Date.now()) : null;
    const usable = !!left && left.state !== 'expired';
    const busy = this.busy === 'identification';
    return html`<section class="transfer" part="transfer" data-state=${left?.state ?? 'none'}>
      <h3>${t.heading}</h3>
      ${id && left
        ? html`<div class="id-box">
            <span class="id-label">${t.idLabel}</span>
            <div class="id-line">
              <span class="id-code" part="identification" role="img" aria-label=${t.idSpoken(spokenDigits(id.code))} data-code=${id.code}
                >${groupCode(id.code).map((g) => html`<span class="id-group">${g}</span>`)}</span
              >
              ${usable
                ? html`<button class="small" part="button button-copy" aria-label=${t.copyLabel} @click=${() => this.#copyCode(id.code)}>
                    ${this.copied ? t.copied : t.copy}
                  </button>`
                : nothing}
            </div>
            <p class="countdown" part="countdown" data-state=${left.state} role=${usable ? 'timer' : nothing}>
              ${left.state === 'expired' ? t.expired : left.state === 'warning' ? t.expiresSoon(left.text) : t.validFor(left.text)}
            </p>
          </div>`
        : html`<p class="countdown" part="countdown" data-state="expired">${t.none}</p>`}
      ${usable
        ? html`${this.ivrNumber
              ? html`<dl class="facts ivr"><dt>${t.ivrNumber}</dt><dd class="ivr-number" data-ivr-number>${this.ivrNumber}</dd></dl>`
              : nothing}
            <p class="call-meta">${this.ivrNumber ? t.howTo : t.howToNoNumber}</p>
            <p class="waiting"><span class="ring" aria-hidden="true"></span>${t.waiting}</p>`
        : html`<button class="primary" part="button button-renew" ?disabled=${!!this.busy} @click=${() => this.#renewIdentification()}>
            ${busy ? t.renewing : t.renew}
          </button>`}
    </section>`;
  }

  /** Operator mode: choose the live call (unless `call` says which) and take the card on it. */
  #renderTakeOnCall(m: Messages, alternative: boolean): TemplateResult {
    const busy = this.busy === 'capture';
    const choosing = !this.call;
    const ready = !choosing || this.calls === null || !!this.chosenCall;
    return html`<section class="calls" part="calls">
      ${alternative ? html`<p class="or">${m.transfer.orOnCall}</p>` : nothing}
      ${choosing ? this.#renderCalls(m) : nothing}
      ${this.#renderMethodChooser(m)}
      <button class="primary" part="button button-take" ?disabled=${busy || !ready} @click=${() => this.#takePayment()}>
        ${busy ? m.starting : m.takePayment}
      </button>
    </section>`;
  }

  /** How the customer pays, before the capture: set at once (POST …/method), so the IVR and the gateway use it. */
  #renderMethodChooser(m: Messages): TemplateResult | typeof nothing {
    const choices = methodChoices(this.view);
    if (!choices || !this.view || this.progress.captureStarted || this.blockingError) return nothing;
    const current = methodKey(this.view.method);
    const option = (key: string, label: string) => html`<option value=${key} ?selected=${key === current}>${label}</option>`;
    const installments = choices.filter((c) => c.kind === 'installments');
    return html`<label class="method" part="method">
      <span class="method-label">${m.methodChooser.label}</span>
      <select part="method-select" data-method=${current} ?disabled=${!!this.busy} @change=${(e: Event) => this.#chooseMethod(e.target as HTMLSelectElement)}>
        ${choices.filter((c) => c.kind === 'lump').map((c) => option(methodKey(c), methodText(m, c)))}
        ${installments.length
          ? html`<optgroup label=${m.methodChooser.installments}>${installments.map((c) => option(methodKey(c), methodText(m, c)))}</optgroup>`
          : nothing}
        ${choices.filter((c) => c.kind === 'bonus' || c.kind === 'revolving').map((c) => option(methodKey(c), methodText(m, c)))}
      </select>
      ${this.busy === 'method' ? html`<span class="call-meta" role="status">${m.methodChooser.saving}</span>` : nothing}
    </label>`;
  }

  #renderCalls(m: Messages): TemplateResult {
    if (this.calls === null) {
      return html`<h3>${m.calls.heading}</h3>${this.callsError ? this.#renderCallsError(m) : html`<p class="loading">${m.loading}</p>`}`;
    }
    if (this.calls.length === 0) {
      return html`<h3>${m.calls.heading}</h3>
        <p class="waiting"><span class="ring" aria-hidden="true"></span>${m.calls.waiting}</p>
        ${this.callsError ? this.#renderCallsError(m) : nothing}`;
    }
    const hint = this.#available(this.calls).length > 1 && !this.chosenCall;
    return html`<fieldset class="call-list">
        <legend class="visually-hidden">${m.calls.choose}</legend>
        <h3>${m.calls.heading}</h3>
        ${hint ? html`<p class="call-meta">${m.calls.choose}</p>` : nothing}
        ${this.calls.map((c) => this.#renderCall(c, m))}
      </fieldset>
      ${this.callsError ? this.#renderCallsError(m) : nothing}`;
  }

  #renderCall(c: CallView, m: Messages): TemplateResult {
    const taken = !!c.paymentId && c.paymentId !== this.payment;
    const meta = [formatTime(c.startedAt, this.#lang) ? m.calls.since(formatTime(c.startedAt, this.#lang)) : '', c.operatorConnected ? m.calls.operatorOn : '', taken ? m.calls.linked : '']
      .filter(Boolean)
      .join(' · ');
    return html`<label class="call" part="call" aria-disabled=${taken ? 'true' : 'false'} data-call=${c.id}>
      <input
        type="radio"
        name="call"
        .value=${c.id}
        .checked=${this.chosenCall === c.id}
        ?disabled=${taken}
        @change=${() => (this.chosenCall = c.id)}
      />
      <span class="call-text">
        <span class="call-caller">${m.calls.from(c.caller)}</span>
        <span class="call-meta">${meta}</span>
      </span>
    </label>`;
  }

  #renderCallsError(m: Messages): TemplateResult {
    return html`<p class="call-meta" part="error">${errorText(m, this.callsError!.code)}</p>`;
  }

  #renderSteps(m: Messages): TemplateResult {
    const p = this.progress;
    const capturing = p.status === 'capturing';
    return html`<section>
      <h3 id="steps-heading">${m.steps.heading}</h3>
      <ol class="steps" part="steps" aria-labelledby="steps-heading">
        ${stepRows(p, m, { returnUnreported: this.returnUnreported }).map((row, i) => this.#renderStep(row, i, m))}
      </ol>
      ${capturing ? html`<p class="muted-note">${p.customerConnected ? m.transfer.keying : m.operatorMuted}</p>` : nothing}
      ${canCancel(p) && !this.blockingError
        ? html`<div class="actions">
            <span></span>
            <button class="small quiet" part="button button-cancel" ?disabled=${!!this.busy} @click=${() => this.#cancel()}>
              ${this.busy === 'cancel' ? m.canceling : m.cancel}
            </button>
          </div>`
        : nothing}
    </section>`;
  }

  #renderStep(row: StepRow, index: number, m: Messages): TemplateResult {
    const field = row.id === 'pan' || row.id === 'expiry' || row.id === 'cvv' ? row.id : null;
    const askable = field !== null && !this.blockingError && canRerequest(this.progress, field);
    return html`<li class="step" part="step step-${row.state}" data-step=${row.id} data-state=${row.state} aria-current=${row.state === 'current' ? 'step' : 'false'}>
      <span class="marker" aria-hidden="true">${this.#marker(row.state, index)}</span>
      <span class="step-body">
        <span class="step-label">${row.label}</span>
        ${row.meter ? this.#renderMeter(row.meter) : nothing}
        <span class="step-detail">${row.detail}</span>
        ${row.note ? html`<span class="step-note">${row.note}</span>` : nothing}
      </span>
      ${askable
        ? html`<button
            class="small"
            part="button button-rerequest"
            data-field=${field}
            aria-label=${m.askAgainLabel(row.label)}
            ?disabled=${!!this.busy}
            @click=${() => this.#rerequest(field)}
          >
            ${m.askAgain}
          </button>`
        : html`<span></span>`}
    </li>`;
  }

  #marker(state: StepState, index: number): TemplateResult | number {
    if (state === 'done') return icons.check;
    if (state === 'error') return icons.bang;
    if (state === 'skipped' || state === 'stopped') return icons.dash;
    return index + 1;
  }

  #renderMeter(meter: { entered: number; expected: number }): TemplateResult {
    const dots = Array.from({ length: Math.min(meter.expected, 19) }, (_, i) => i < meter.entered);
    return html`<span class="meter" aria-hidden="true">${dots.map((on) => html`<i class=${on ? 'on' : ''}></i>`)}</span>`;
  }

  #renderResult(view: PaymentView, m: Messages): TemplateResult {
    const o = this.progress.outcome;
    if (!o) return html``;
    const approved = wasApproved(o.status);
    const registered = approved && (view.job === 'register' || view.job === 'capture+register');
    const card = [this.progress.brand ? m.brands[this.progress.brand] : '', this.progress.last4 ? `•••• ${this.progress.last4}` : '']
      .filter(Boolean)
      .join(' ');
    const icon = approved ? icons.check : o.status === 'declined' || o.status === 'failed' ? icons.cross : icons.dash;
    return html`<section class="result" part="result" data-status=${o.status}>
      <div class="result-head"><span class="result-icon">${icon}</span>${registered && view.job === 'register' ? m.result.registered : m.result.heading[o.status]}</div>
      ${!approved && o.error ? html`<p>${errorText(m, o.error.code)}</p>` : nothing}
      ${o.status === 'declined' || o.status === 'failed' || o.status === 'canceled' || o.status === 'abandoned' ? html`<p class="call-meta">${m.result.next[o.status]}</p>` : nothing}
      ${approved
        ? html`<dl class="facts">
            ${card ? html`<dt>${m.result.card}</dt><dd>${card}</dd>` : nothing}
            ${o.approvalCode ? html`<dt>${m.result.approvalCode}</dt><dd class="code" data-fact="approval-code">${o.approvalCode}</dd>` : nothing}
            ${o.transactionId ? html`<dt>${m.result.transactionId}</dt><dd class="code">${o.transactionId}</dd>` : nothing}
            ${o.cardToken ? html`<dt>${m.result.cardToken}</dt><dd class="code" data-fact="card-token">${o.cardToken}</dd>` : nothing}
            ${view.method && view.method.kind !== 'lump' && (view.job === 'auth' || view.job === 'capture' || view.job === 'capture+register')
              ? html`<dt>${m.result.method}</dt><dd data-fact="method">${methodText(m, view.method)}</dd>`
              : nothing}
            ${view.refundedAmount > 0 ? html`<dt>${m.result.refunded}</dt><dd data-fact="refunded">${formatAmount(view.refundedAmount, view.currency, this.#lang)}</dd>` : nothing}
          </dl>
          ${this.#renderOperations(view, m)}`
        : nothing}
      ${this.#renderAfterCall(m)}
    </section>`;
  }

  /** Where the call is after the result: back with the operator, or (transfer mode) handed back by the IVR, or not. */
  #renderAfterCall(m: Messages): TemplateResult {
    const p = this.progress;
    if (!p.customerConnected) return p.conversationRestored ? html`<p class="call-meta">${m.conversationRestored}</p>` : html``;
    if (p.returned === 'returned') return html`<p class="call-meta" data-return="returned">${m.transfer.returned}</p>`;
    if (p.returned === 'failed') return html`<p class="return-failed" part="error" data-return="failed">${m.transfer.returnFailed}</p>`;
    return html``;
  }

  #renderOperations(view: PaymentView, m: Messages): TemplateResult {
    if (this.operationPending) return html`<p class="call-meta" part="operations" data-pending>${m.operations.pending}</p>`;
    const offered = offeredOperations(view);
    if (!offered.length || this.blockingError) return html``;
    const busy = this.busy === 'operation';
    const d = this.draft;
    if (!d || !offered.includes(d.kind)) {
      return html`<div class="operations" part="operations">
        <h3>${m.operations.heading}</h3>
        <div class="operation-buttons">
          ${offered.map((k) => html`<button class="small" part="button button-${k}" data-operation=${k} ?disabled=${!!this.busy} @click=${() => this.#startDraft(k)}>${m.operations[k]}</button>`)}
        </div>
      </div>`;
    }
    const amount = d.kind === 'refund' ? parseAmount(d.amountText, view) : d.kind === 'sale' ? view.amount : refundable(view);
    return html`<div class="operations" part="operations" data-draft=${d.kind}>
      <h3>${m.operations[d.kind]}</h3>
      ${d.kind === 'refund'
        ? html`<label class="amount-field"
            >${m.operations.refundAmount}
            <input part="refund-amount" inputmode="decimal" autocomplete="off" .value=${d.amountText} @input=${(e: Event) => (this.draft = { ...d, amountText: (e.target as HTMLInputElement).value })}
          /></label>`
        : nothing}
      <p class="confirm" role="status">${amount === null ? m.operations.amountInvalid(formatAmount(refundable(view), view.currency, this.#lang)) : confirmText(m, d.kind, amount, view, this.#lang)}</p>
      <div class="actions">
        <button class="small" part="button button-back" ?disabled=${busy} @click=${() => (this.draft = null)}>${m.operations.back}</button>
        <button class="small primary" part="button button-confirm" ?disabled=${busy || amount === null} @click=${() => this.#confirmDraft()}>${busy ? m.operations.working : m.operations.confirm}</button>
      </div>
    </div>`;
  }

  #renderBanners(m: Messages): TemplateResult {
    const blocking = this.blockingError;
    const action = this.actionError;
    const { state, failures } = this.connection;
    const reconnecting = !blocking && state === 'reconnecting' && failures > 0 && !isFinal(this.progress.status);
    return html`
      ${blocking
        ? html`<div class="banner error" part="error" data-error=${blocking.code}>
            <span>${errorText(m, blocking.code)}</span>
            ${TRANSIENT_CODES.has(blocking.code)
              ? html`<button class="small" part="button button-retry" @click=${() => this.#start()}>${m.retry}</button>`
              : html`<span class="code">${blocking.code}</span>`}
          </div>`
        : nothing}
      ${action && !blocking
        ? html`<div class="banner error" part="error" data-error=${action.code}>
            <span>${errorText(m, action.code)}</span><span class="code">${action.code}</span>
          </div>`
        : nothing}
      ${reconnecting
        ? html`<div class="banner connection" part="connection">${failures > 4 ? m.connection.lost : m.connection.reconnecting}</div>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ivr-pay': IvrPay;
  }
}
