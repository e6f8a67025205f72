// <console-payment>: one payment — summary, the masked event history, webhook deliveries, and the actions the
// server says are possible now (cancel; void/refund once the payment API has them).
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type ConsoleApiError } from './api.js';
import { MESSAGES, errorText, formatAmount, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import { navigate } from './nav.js';
import type { PaymentEvent, PaymentView } from '../server/payments/types.js';

interface Detail {
  payment: PaymentView;
  events: PaymentEvent[];
  webhookDeliveries: { id: string; eventType: string; status: string; attempts: number; lastStatus: number | null; createdAt: string }[];
  actions: ('cancel' | 'sale' | 'void' | 'refund')[];
}

@customElement('console-payment')
export class ConsolePayment extends LitElement {
  static override styles = [shared, css`dl { display: grid; grid-template-columns: 150px 1fr; gap: 8px 16px; margin: 0; } dt { color: var(--muted); } dd { margin: 0; }`];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @property() pid = '';
  @state() private d: Detail | null = null;
  @state() private error = '';

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has('pid') || changed.has('mid')) && this.pid && this.mid) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.d = await api<Detail>('GET', `/v1/merchants/${this.mid}/payments/${encodeURIComponent(this.pid)}`);
    } catch (e) {
      this.error = errorText(this.locale, (e as ConsoleApiError).code, (e as Error).message);
    }
  }

  private async act(action: string): Promise<void> {
    const t = MESSAGES[this.locale].detail;
    let body: unknown = action === 'cancel' ? undefined : {};
    if (action === 'refund') {
      const amount = prompt(t.refundAmount);
      if (amount === null) return;
      if (amount.trim()) body = { amount: Number(amount.trim()) };
    } else if (!confirm(t.confirm)) return;
    try {
      await api('POST', `/v1/merchants/${this.mid}/payments/${encodeURIComponent(this.pid)}/${action}`, body);
      await this.load();
    } catch (e) {
      this.error = errorText(this.locale, (e as ConsoleApiError).code, (e as Error).message);
    }
  }

  override render() {
    const t = MESSAGES[this.locale];
    const back = html`<p><a href="/console/payments" @click=${(e: Event) => (e.preventDefault(), navigate(this, '/console/payments'))}>← ${t.detail.back}</a></p>`;
    if (!this.d) return html`${back}${this.error ? html`<div class="notice error">${this.error}</div>` : html`<div class="muted">${t.loading}</div>`}`;
    const p = this.d.payment;
    const labels: Record<string, string> = { cancel: t.detail.cancelPayment, sale: t.detail.sale, void: t.detail.void, refund: t.detail.refund };
    return html`
      ${back}
      <h1 data-testid="payment-order">${p.orderId}</h1>
      ${this.error ? html`<div class="notice error">${this.error}</div>` : ''}
      <div class="card">
        <dl>
          <dt>${t.cols.status}</dt><dd><span class="pill ${p.status}" data-testid="payment-status">${t.status[p.status] ?? p.status}</span></dd>
          <dt>${t.cols.amount}</dt><dd>${formatAmount(p.amount, p.currency, this.locale)} · ${p.job}</dd>
          <dt>${t.cols.card}</dt><dd class="mono">${p.last4 ? `${p.brand ?? ''} •••• ${p.last4}` : '—'}</dd>
          <dt>${t.cols.approval}</dt><dd class="mono">${p.approvalCode ?? '—'}</dd>
          <dt>${t.cols.tx}</dt><dd class="mono">${p.transactionId ?? '—'}</dd>
          <dt>${t.cols.member}</dt><dd>${p.memberId ?? '—'}</dd>
          <dt>${t.cols.created}</dt><dd>${formatTime(p.createdAt, this.locale)}</dd>
          <dt>ID</dt><dd class="mono">${p.id}</dd>
        </dl>
        ${this.d.actions.length
          ? html`<div class="row mt">${this.d.actions.map((a) => html`<button class=${a === 'sale' ? 'secondary' : 'danger'} data-testid="action-${a}" @click=${() => this.act(a)}>${labels[a]}</button>`)}</div>`
          : ''}
      </div>
      <div class="card flush">
        <h2 class="pad">${t.detail.history}</h2>
        <table data-testid="event-history">
          <thead><tr><th>${t.cols.when}</th><th>${t.cols.what}</th><th>${t.cols.status}</th><th>${t.cols.result}</th></tr></thead>
          <tbody>
            ${this.d.events.map(
              (e) => html`<tr>
                <td class="muted mono">${formatTime(e.at, this.locale)}</td>
                <td>${e.type}${e.field ? html` · ${t.steps[e.field]}` : ''}${e.entered !== undefined ? html` · ${e.entered}${e.expected ? `/${e.expected}` : ''}` : ''}${e.attempt ? html` · ${e.attempt}` : ''}</td>
                <td><span class="pill ${e.status}">${t.status[e.status] ?? e.status}</span></td>
                <td class="mono">${e.error?.code ?? ''}${e.last4 ? ` •••• ${e.last4}` : ''}${e.approvalCode ? ` ${e.approvalCode}` : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.d.webhookDeliveries.length
        ? html`<div class="card flush"><h2 class="pad">${t.detail.webhooks}</h2><table>
            <tbody>${this.d.webhookDeliveries.map((w) => html`<tr><td class="muted">${formatTime(w.createdAt, this.locale)}</td><td>${w.eventType}</td><td><span class="pill ${w.status}">${w.status}</span></td><td class="num">${w.attempts} · ${w.lastStatus ?? '—'}</td></tr>`)}</tbody>
          </table></div>`
        : ''}
    `;
  }
}
