// <ivr-pay-softphone>: the operator's phone inside <ivr-pay mode="softphone"> (lazy chunk): sign-in, presence, ringing,
// answer/decline, click-to-call, mute/hold/hang-up with a timer, microphone and network trouble explained, a truthful
// view after a reload, and the payment to take on the call. Never shows, asks for or sends a card digit.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PaymentView } from '../../server/payments/types.js';
import type { Presence, SoftphoneCall, SoftphoneSession } from '../../server/softphone/types.js';
import { ApiError } from '../ivr-pay/api.js';
import { formatAmount, pickLang, type Lang } from '../ivr-pay/i18n.js';
import { SoftphoneApi } from './api.js';
import { PHONE_MESSAGES, formatDuration, formatNumber, phoneErrorText, type PhoneMessages } from './i18n.js';
import { panelFor, type LocalCall, type Panel } from './panel.js';
import { MicError, PhoneCall, Softphone, type MicProblem, type RegistrationState } from './softphone.js';
import { styles } from './ivr-pay-softphone.styles.js';

const POLL_MS = 1_500;
const PAYMENTS_POLL_MS = 5_000;
const STORAGE_PREFIX = 'ivrpay.softphone:';

export interface IvrPayCallDetail {
  callId: string;
  state: 'ringing' | 'connected' | 'ended';
  direction: 'inbound' | 'outbound';
  /** the customer's number (the operator's own call) */
  number: string;
}

export interface IvrPayPaymentPickedDetail {
  paymentId: string;
  token: string;
}

const composed = { bubbles: true, composed: true } as const;

/**
 * The operator's browser phone (sip.js, WebRTC). Loaded on demand by `<ivr-pay mode="softphone">`.
 *
 * @event ivr-pay-call - A call rang, connected or ended on this phone (`detail`: IvrPayCallDetail): for a CRM screen-pop.
 * @event ivr-pay-phone - The phone's state changed (`detail`: `{ state, operatorId }`; state = signed-out, connecting, registered, reconnecting, failed, stopped).
 * @event ivr-pay-payment-picked - The operator chose the payment to take on the call (`detail`: `{ paymentId, token }`).
 */
export class IvrPaySoftphone extends LitElement {
  static readonly tagName = 'ivr-pay-softphone';
  static override styles = styles;

  @property() server = '';
  @property() override lang = '';
  /** operator token minted by the CRM's server with its API key (else the widget shows its sign-in form) */
  @property({ attribute: 'operator-token' }) operatorToken = '';
  /** the customer's number for click-to-call, prefilled */
  @property({ attribute: 'customer-number' }) customerNumber = '';
  /** the page already gave <ivr-pay> a payment: no list to pick from */
  @property({ type: Boolean, attribute: 'has-payment' }) hasPayment = false;

  @state() private session: SoftphoneSession | null = null;
  @state() private restoring = false;
  @state() private signInBusy = false;
  @state() private signInError = '';
  @state() private reg: RegistrationState | 'signed-out' = 'signed-out';
  @state() private presence: Presence = 'available';
  @state() private serverCalls: SoftphoneCall[] | null = null;
  @state() private local: LocalCall | null = null;
  @state() private muted = false;
  @state() private held = false;
  @state() private micError: MicProblem | null = null;
  @state() private actionError = '';
  @state() private dialValue = '';
  @state() private payments: PaymentView[] | null = null;
  @state() private pickedPayment = '';
  @state() private busy = '';
  @state() private now = Date.now();

  #api = new SoftphoneApi('');
  #phone: Softphone | null = null;
  #call: PhoneCall | null = null;
  #expecting = new Map<string, number>();
  #dismissed = new Set<string>();
  #lost = new Set<string>();
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #paymentsTimer: ReturnType<typeof setTimeout> | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
  #generation = 0;
  #onOnline = () => this.#phone?.networkChanged();
  #onPageHide = () => this.#call?.hangup();

  get #lang(): Lang {
    return pickLang(this.lang, globalThis.navigator?.language);
  }

  get #m(): PhoneMessages {
    return PHONE_MESSAGES[this.#lang];
  }

  get #storageKey(): string {
    return STORAGE_PREFIX + (this.server || location.origin);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('pagehide', this.#onPageHide);
    this.#tick = setInterval(() => {
      if (this.local?.phase === 'connected' || this.#panel().kind === 'dialing') this.now = Date.now();
    }, 1000);
    if (this.hasUpdated) void this.#boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('pagehide', this.#onPageHide);
    clearInterval(this.#tick);
    void this.#shutdown();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('operatorToken')) void this.#boot();
    if (changed.has('customerNumber') && this.customerNumber && !this.dialValue) this.dialValue = this.customerNumber;
    if (changed.has('hasPayment') && !this.hasPayment) this.pickedPayment = '';
  }

  /** Click-to-call from the CRM: `<ivr-pay>.dial(number)` lands here. */
  async dial(number?: string): Promise<void> {
    const n = (number ?? this.dialValue ?? '').trim();
    if (!n || !this.session) return;
    this.dialValue = n;
    await this.#act('dial', async () => {
      const res = (await this.#api.dial(n)) as { call: SoftphoneCall | null };
      if (res.call) this.#expecting.set(res.call.id, Date.now());
      this.#dismissed.clear();
      await this.#poll();
    });
  }

  // ── session ─────────────────────────────────────────────────────────────

  async #shutdown(): Promise<void> {
    this.#generation++;
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#paymentsTimer);
    clearTimeout(this.#renewTimer);
    const phone = this.#phone;
    this.#phone = null;
    this.#call = null;
    await phone?.stop();
  }

  async #boot(): Promise<void> {
    await this.#shutdown();
    const gen = this.#generation;
    this.#api = new SoftphoneApi(this.server);
    this.session = null;
    this.reg = 'signed-out';
    const token = this.operatorToken || sessionStorage.getItem(this.#storageKey) || '';
    if (!token) return;
    this.#api.token = token;
    this.restoring = true;
    try {
      const s = await this.#api.session();
      if (gen !== this.#generation) return;
      this.session = s;
      this.presence = s.operator.presence;
      await this.#startPhone(gen);
    } catch (err) {
      if (gen !== this.#generation) return;
      if (!this.operatorToken) sessionStorage.removeItem(this.#storageKey);
      this.signInError = err instanceof ApiError && err.code !== 'unauthorized' ? phoneErrorText(this.#m, err.code) : '';
    } finally {
      if (gen === this.#generation) this.restoring = false;
    }
  }

  async #signIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const loginId = String(data.get('loginId') ?? '');
    const password = String(data.get('password') ?? '');
    if (!loginId || !password) return;
    this.signInBusy = true;
    this.signInError = '';
    try {
      const r = await this.#api.signIn(loginId, password);
      form.reset();
      sessionStorage.setItem(this.#storageKey, r.token);
      await this.#shutdown();
      const gen = this.#generation;
      this.#api.token = r.token;
      this.session = r;
      this.presence = r.operator.presence;
      await this.#startPhone(gen);
    } catch (err) {
      this.signInError = phoneErrorText(this.#m, err instanceof ApiError ? err.code : 'network_error');
    } finally {
      this.signInBusy = false;
    }
  }

  async #signOut(): Promise<void> {
    await this.#api.signOut().catch(() => {});
    sessionStorage.removeItem(this.#storageKey);
    await this.#shutdown();
    this.session = null;
    this.reg = 'signed-out';
    this.serverCalls = null;
    this.local = null;
    this.#emitPhone();
  }

  async #startPhone(gen: number): Promise<void> {
    const phone = new Softphone({
      registration: (s) => {
        if (gen !== this.#generation) return;
        this.reg = s;
        this.#emitPhone();
      },
      incoming: (call) => gen === this.#generation && this.#incoming(call),
    });
    phone.audio = this.renderRoot.querySelector('audio');
    this.#phone = phone;
    void this.#poll(gen);
    try {
      const creds = await this.#api.credentials();
      if (gen !== this.#generation) return;
      await phone.start(creds);
      this.#scheduleRenew(creds.renewAfterS, gen);
    } catch (err) {
      if (gen !== this.#generation) return;
      this.reg = 'failed';
      this.actionError = err instanceof ApiError ? err.code : '';
    }
  }

  #scheduleRenew(afterS: number, gen: number): void {
    clearTimeout(this.#renewTimer);
    this.#renewTimer = setTimeout(async () => {
      if (gen !== this.#generation || !this.#phone) return;
      try {
        const creds = await this.#api.credentials();
        this.#phone.updateCredentials(creds);
        this.#scheduleRenew(creds.renewAfterS, gen);
      } catch {
        this.#scheduleRenew(15, gen);
      }
    }, afterS * 1000);
  }

  async #poll(gen = this.#generation): Promise<void> {
    clearTimeout(this.#pollTimer);
    try {
      const s = await this.#api.state();
      if (gen !== this.#generation) return;
      this.serverCalls = s.calls;
      this.presence = s.presence;
      // the server no longer counts this phone as online (e.g. it restarted): register again
      if (!s.online && this.reg === 'registered') void this.#phone?.reregister().catch(() => {});
      this.#maybeLoadPayments(gen);
    } catch (err) {
      if (gen !== this.#generation) return;
      if (err instanceof ApiError && (err.code === 'token_expired' || err.code === 'unauthorized')) {
        this.signInError = phoneErrorText(this.#m, err.code);
        if (!this.operatorToken) sessionStorage.removeItem(this.#storageKey);
        await this.#shutdown();
        this.session = null;
        this.reg = 'signed-out';
        this.#emitPhone();
        return;
      }
    }
    this.#pollTimer = setTimeout(() => void this.#poll(gen), POLL_MS);
  }

  #maybeLoadPayments(gen: number): void {
    if (this.hasPayment || this.#paymentsTimer) return;
    this.#paymentsTimer = setTimeout(async () => {
      this.#paymentsTimer = undefined;
      if (gen !== this.#generation || this.hasPayment) return;
      try {
        this.payments = await this.#api.payments();
      } catch {
        // the list is a convenience; the next poll tries again
      }
    }, this.payments === null ? 0 : PAYMENTS_POLL_MS);
  }

  // ── calls ───────────────────────────────────────────────────────────────

  #incoming(call: PhoneCall): void {
    this.#call = call;
    this.micError = null;
    this.actionError = '';
    this.muted = false;
    this.held = false;
    call.delegate = {
      phase: (c, phase) => {
        this.#syncLocal(c);
        if (phase === 'connected') {
          this.#expecting.delete(c.callId);
          this.#lost.delete(c.callId);
          this.#emitCall(c, 'connected');
        }
        if (phase === 'ended') {
          if (this.#call === c) this.#call = null;
          this.#emitCall(c, 'ended');
          void this.#poll();
        }
      },
      media: (c, health) => {
        if (health === 'lost') this.#lost.add(c.callId);
        this.#syncLocal(c);
      },
    };
    this.#syncLocal(call);
    // a call this page asked for (its own click-to-call, a rejoin) is taken at once
    if (this.#expecting.has(call.callId)) void this.#answer();
    else this.#emitCall(call, 'ringing');
  }

  #syncLocal(c: PhoneCall): void {
    this.local = c.phase === 'ended' ? null : { phase: c.phase, callId: c.callId, legId: c.legId, number: c.number, health: c.health };
  }

  async #answer(): Promise<void> {
    const call = this.#call;
    if (!call) return;
    this.micError = null;
    try {
      await call.answer();
    } catch (err) {
      if (err instanceof MicError) this.micError = err.problem;
      else this.actionError = 'telephony_unavailable';
    }
    this.#syncLocal(call);
  }

  #decline(): void {
    this.#call?.reject();
  }

  async #hangUp(callId: string): Promise<void> {
    await this.#act('hangup', async () => {
      this.#dismissed.add(callId);
      await this.#api.hangup(callId);
    });
    this.#call?.hangup();
    await this.#poll();
  }

  async #rejoin(callId: string): Promise<void> {
    await this.#act('rejoin', async () => {
      this.#lost.delete(callId);
      this.#expecting.set(callId, Date.now());
      await this.#api.rejoin(callId);
    });
  }

  #toggleMute(): void {
    if (!this.#call) return;
    this.muted = !this.muted;
    this.#call.setMuted(this.muted);
  }

  async #toggleHold(): Promise<void> {
    const call = this.#call;
    if (!call) return;
    await this.#act('hold', async () => {
      await call.setHeld(!this.held);
      this.held = call.held;
    });
  }

  async #setPresence(p: Presence): Promise<void> {
    await this.#act('presence', async () => {
      const s = await this.#api.presence(p);
      this.presence = s.presence;
    });
  }

  async #pickPayment(p: PaymentView): Promise<void> {
    await this.#act(`pay-${p.id}`, async () => {
      const { token } = await this.#api.widgetToken(p.id);
      this.pickedPayment = p.id;
      this.dispatchEvent(new CustomEvent<IvrPayPaymentPickedDetail>('ivr-pay-payment-picked', { ...composed, detail: { paymentId: p.id, token } }));
    });
  }

  async #act(name: string, run: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = name;
    this.actionError = '';
    try {
      await run();
    } catch (err) {
      this.actionError = err instanceof ApiError ? err.code : 'network_error';
    } finally {
      this.busy = '';
    }
  }

  #emitCall(c: PhoneCall, s: IvrPayCallDetail['state']): void {
    const server = this.serverCalls?.find((x) => x.id === c.callId);
    const detail: IvrPayCallDetail = { callId: c.callId, state: s, direction: server?.direction ?? (this.#expecting.has(c.callId) ? 'outbound' : 'inbound'), number: server?.number ?? c.number };
    this.dispatchEvent(new CustomEvent<IvrPayCallDetail>('ivr-pay-call', { ...composed, detail }));
  }

  #emitPhone(): void {
    this.dispatchEvent(new CustomEvent('ivr-pay-phone', { ...composed, detail: { state: this.reg, operatorId: this.session?.operator.id ?? null } }));
  }

  #panel(): Panel {
    return panelFor({ server: this.serverCalls, local: this.local, expecting: this.#expecting, dismissed: this.#dismissed, lost: this.#lost, now: this.now });
  }

  // ── rendering ───────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const m = this.#m;
    return html`<section class="phone" part="phone" lang=${this.#lang} data-phone=${this.reg}>
      <audio autoplay></audio>
      ${this.session ? this.#renderPhone(m, this.session) : this.#renderSignIn(m)}
    </section>`;
  }

  protected override firstUpdated(): void {
    if (this.#phone) this.#phone.audio = this.renderRoot.querySelector('audio');
  }

  #renderSignIn(m: PhoneMessages): TemplateResult {
    if (this.restoring) return html`<p class="muted">${m.status.starting}</p>`;
    return html`<form class="sign-in" part="sign-in" @submit=${(e: SubmitEvent) => this.#signIn(e)}>
      <h3>${m.signIn.heading}</h3>
      <label>${m.signIn.loginId}<input name="loginId" autocomplete="username" required ?disabled=${this.signInBusy} /></label>
      <label>${m.signIn.password}<input name="password" type="password" autocomplete="current-password" required ?disabled=${this.signInBusy} /></label>
      ${this.signInError ? html`<p class="error" role="alert" part="error">${this.signInError}</p>` : nothing}
      <button class="primary" part="button button-sign-in" ?disabled=${this.signInBusy}>${this.signInBusy ? m.signIn.busy : m.signIn.submit}</button>
      <p class="muted">${m.signIn.hint}</p>
    </form>`;
  }

  #statusText(m: PhoneMessages): string {
    switch (this.reg) {
      case 'registered':
        if (this.local && this.local.phase !== 'ringing') return m.status.onCall;
        return this.presence === 'away' ? m.status.away : m.status.ready;
      case 'reconnecting':
        return m.status.reconnecting;
      case 'failed':
        return m.status.failed;
      case 'connecting':
        return m.status.starting;
      default:
        return m.status.offline;
    }
  }

  #renderPhone(m: PhoneMessages, s: SoftphoneSession): TemplateResult {
    const panel = this.#panel();
    return html`<header class="bar">
        <span class="dot" data-state=${this.reg === 'registered' ? this.presence : this.reg} aria-hidden="true"></span>
        <span class="who"><b>${s.operator.name}</b> · <span data-testid="phone-status" role="status">${this.#statusText(m)}</span></span>
        <span class="presence" role="group" aria-label=${m.presence.label}>
          ${(['available', 'away'] as const).map(
            (p) => html`<button class="small ${this.presence === p ? 'on' : ''}" part="button button-presence" data-presence=${p} aria-pressed=${this.presence === p ? 'true' : 'false'} @click=${() => this.#setPresence(p)}>${m.presence[p]}</button>`,
          )}
        </span>
        <button class="small quiet" part="button button-sign-out" @click=${() => this.#signOut()}>${m.signOut}</button>
      </header>
      <div class="body" data-panel=${panel.kind}>${this.#renderPanel(m, panel)}</div>
      ${this.actionError ? html`<p class="error" role="alert" part="error" data-error=${this.actionError}>${phoneErrorText(m, this.actionError)}</p>` : nothing}
      ${this.#renderPayments(m, panel)}`;
  }

  #renderPanel(m: PhoneMessages, p: Panel): TemplateResult {
    const num = (n: string) => (n ? formatNumber(n) : m.anonymous);
    switch (p.kind) {
      case 'incoming':
        return html`<div class="ringing" role="alert">
          <p class="big">${m.incoming(num(p.local.number))}</p>
          ${this.micError ? html`<p class="error" part="error" data-error=${this.micError}>${m.mic[this.micError]}</p>` : nothing}
          <div class="row">
            <button class="primary" part="button button-answer" @click=${() => this.#answer()}>${m.answer}</button>
            <button class="danger" part="button button-decline" @click=${() => this.#decline()}>${m.reject}</button>
          </div>
        </div>`;
      case 'in-call': {
        const connected = p.local.phase === 'connected';
        const since = this.#call?.connectedAt;
        return html`<div class="in-call">
          <p class="big">${connected ? m.inCall(num(p.server?.number ?? p.local.number)) : m.connecting}</p>
          ${connected && since ? html`<p class="timer" aria-label=${m.timer} data-testid="call-timer">${formatDuration(this.now - since)}</p>` : nothing}
          ${p.local.health === 'reconnecting' ? html`<p class="warn" role="status">${m.audioReconnecting}</p>` : nothing}
          ${p.server?.paymentId ? html`<p class="note">${m.capturing}</p>` : nothing}
          ${this.muted ? html`<p class="note">${m.muted}</p>` : nothing}
          ${this.held ? html`<p class="note">${m.onHold}</p>` : nothing}
          ${this.micError ? html`<p class="error" part="error" data-error=${this.micError}>${m.mic[this.micError]}</p>` : nothing}
          <div class="row">
            <button part="button button-mute" aria-pressed=${this.muted ? 'true' : 'false'} ?disabled=${!connected} @click=${() => this.#toggleMute()}>${this.muted ? m.unmute : m.mute}</button>
            <button part="button button-hold" aria-pressed=${this.held ? 'true' : 'false'} ?disabled=${!connected || this.busy === 'hold'} @click=${() => this.#toggleHold()}>${this.held ? m.resume : m.hold}</button>
            <button class="danger" part="button button-hang-up" @click=${() => this.#hangUp(p.local.callId)}>${m.hangUp}</button>
          </div>
        </div>`;
      }
      case 'dialing':
        return html`<div class="dialing">
          <p class="big">${m.dial.calling(num(p.server.number))}</p>
          <div class="row"><button class="danger" part="button button-cancel-call" @click=${() => this.#hangUp(p.server.id)}>${m.dial.cancel}</button></div>
        </div>`;
      case 'connecting':
        return html`<p class="big">${m.connecting}</p>`;
      case 'failed':
        return html`<div class="failed">
          <p class="error" data-outcome=${p.server.outcome ?? 'failed'}>${m.outcome[p.server.outcome ?? 'failed']}</p>
          ${this.#renderDial(m)}
        </div>`;
      case 'orphan':
        return html`<div class="orphan" role="alert" data-lost=${p.lost ? 'true' : 'false'}>
          <p>${p.lost ? m.callLost : p.server.state === 'waiting' ? m.waiting(num(p.server.number)) : m.reloaded(num(p.server.number))}</p>
          ${p.server.paymentId ? html`<p class="note">${m.capturing}</p>` : nothing}
          <div class="row">
            <button class="primary" part="button button-rejoin" ?disabled=${this.reg !== 'registered' || !!this.busy} @click=${() => this.#rejoin(p.server.id)}>${m.rejoin}</button>
            <button class="danger" part="button button-end-call" ?disabled=${!!this.busy} @click=${() => this.#hangUp(p.server.id)}>${m.endCall}</button>
          </div>
        </div>`;
      default:
        return this.#renderDial(m);
    }
  }

  #renderDial(m: PhoneMessages): TemplateResult {
    const ready = this.reg === 'registered';
    return html`<form class="dial" part="dial" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.dial())}>
      <label>${m.dial.label}<input name="number" type="tel" inputmode="tel" autocomplete="off" placeholder=${m.dial.placeholder} .value=${this.dialValue} @input=${(e: Event) => (this.dialValue = (e.target as HTMLInputElement).value)} /></label>
      <button class="primary" part="button button-call" ?disabled=${!ready || !this.dialValue.trim() || this.busy === 'dial'}>${m.dial.call}</button>
    </form>`;
  }

  #renderPayments(m: PhoneMessages, p: Panel): TemplateResult | typeof nothing {
    if (this.hasPayment || this.payments === null || (p.kind !== 'in-call' && p.kind !== 'idle' && p.kind !== 'orphan')) return nothing;
    return html`<section class="payments" part="payments">
      <h3>${p.kind === 'idle' ? m.payments.headingIdle : m.payments.heading}</h3>
      ${this.payments.length === 0
        ? html`<p class="muted">${m.payments.none}</p>`
        : html`<ul>
            ${this.payments.map(
              (pay) => html`<li data-payment=${pay.id}>
                <span><b>${formatAmount(pay.amount, pay.currency, this.#lang)}</b> · ${pay.orderId}</span>
                <button class="small" part="button button-pick-payment" ?disabled=${!!this.busy || this.pickedPayment === pay.id} @click=${() => this.#pickPayment(pay)}>
                  ${this.pickedPayment === pay.id ? m.payments.chosen : m.payments.use}
                </button>
              </li>`,
            )}
          </ul>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ivr-pay-softphone': IvrPaySoftphone;
  }
  interface HTMLElementEventMap {
    'ivr-pay-call': CustomEvent<IvrPayCallDetail>;
    'ivr-pay-payment-picked': CustomEvent<IvrPayPaymentPickedDetail>;
  }
}
