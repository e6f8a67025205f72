// <console-payments>: payment search (dates, status, order id, member, operator, last four), results newest first
// with "more", and the CSV download of the same search.
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, query } from './api.js';
import { MESSAGES, errorText, formatAmount, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import { navigate } from './nav.js';
import type { PaymentView } from '../server/payments/types.js';
import type { ConsoleApiError } from './api.js';

const STATUSES = ['created', 'capturing', 'authorizing', 'approved', 'declined', 'failed', 'canceled', 'abandoned', 'captured', 'voided', 'refunded', 'partially_refunded'];

@customElement('console-payments')
export class ConsolePayments extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @state() private filters: Record<string, string> = {};
  @state() private rows: PaymentView[] = [];
  @state() private next: string | null = null;
  @state() private operators: { id: string; name: string }[] = [];
  @state() private error = '';
  @state() private loaded = false;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid') && this.mid) {
      void this.search();
      api<{ operators: { id: string; name: string }[] }>('GET', `/v1/merchants/${this.mid}/operators`).then((r) => (this.operators = r.operators)).catch(() => (this.operators = []));
    }
  }

  private async search(more = false): Promise<void> {
    this.error = '';
    try {
      const r = await api<{ payments: PaymentView[]; nextCursor: string | null }>('GET', `/v1/merchants/${this.mid}/payments${query({ ...this.filters, cursor: more ? this.next : undefined })}`);
      this.rows = more ? [...this.rows, ...r.payments] : r.payments;
      this.next = r.nextCursor;
    } catch (e) {
      this.error = errorText(this.locale, (e as ConsoleApiError).code, (e as Error).message);
    }
    this.loaded = true;
  }

  private submit(e: Event): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.filters = Object.fromEntries([...f.entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v));
    void this.search();
  }

  override render() {
    const t = MESSAGES[this.locale];
    const opName = (id: string | null) => this.operators.find((o) => o.id === id)?.name ?? (id ? id : '—');
    return html`
      <h1>${t.nav.payments}</h1>
      <div class="card">
        <form class="row" @submit=${this.submit} data-testid="payment-search">
          <label>${t.filters.from}<input type="date" name="from" /></label>
          <label>${t.filters.to}<input type="date" name="to" /></label>
          <label>${t.filters.status}<select name="status"><option value="">${t.filters.any}</option>${STATUSES.map((s) => html`<option value=${s}>${t.status[s]}</option>`)}</select></label>
          <label>${t.filters.orderId}<input name="orderId" size="14" data-testid="filter-order" /></label>
          <label>${t.filters.memberId}<input name="memberId" size="10" /></label>
          <label>${t.filters.operator}<select name="operatorId"><option value="">${t.filters.any}</option>${this.operators.map((o) => html`<option value=${o.id}>${o.name}</option>`)}</select></label>
          <label>${t.filters.last4}<input name="last4" size="4" inputmode="numeric" pattern="[0-9]{4}" data-testid="filter-last4" /></label>
          <button type="submit" data-testid="search">${t.search}</button>
          <span class="spacer"></span>
          <a href="/v1/merchants/${this.mid}/payments.csv${query({ ...this.filters, lang: this.locale })}" download data-testid="csv"><button type="button" class="secondary">${t.csv}</button></a>
        </form>
      </div>
      ${this.error ? html`<div class="notice error">${this.error}</div>` : ''}
      <div class="card flush">
        ${this.rows.length === 0
          ? html`<div class="empty">${this.loaded ? t.none : t.loading}</div>`
          : html`<table data-testid="payments-table">
              <thead><tr><th>${t.cols.created}</th><th>${t.cols.order}</th><th>${t.cols.member}</th><th class="num">${t.cols.amount}</th><th>${t.cols.card}</th><th>${t.cols.operator}</th><th>${t.cols.status}</th></tr></thead>
              <tbody>
                ${this.rows.map(
                  (p) => html`<tr data-testid="payment-row" data-payment=${p.id}>
                    <td class="muted">${formatTime(p.createdAt, this.locale)}</td>
                    <td><a href="/console/payments/${p.id}" @click=${(e: Event) => (e.preventDefault(), navigate(this, `/console/payments/${p.id}`))}>${p.orderId}</a></td>
                    <td>${p.memberId ?? '—'}</td>
                    <td class="num">${formatAmount(p.amount, p.currency, this.locale)}</td>
                    <td class="mono">${p.last4 ? `${p.brand ?? ''} •••• ${p.last4}` : '—'}</td>
                    <td>${opName(p.operatorId)}</td>
                    <td><span class="pill ${p.status}">${t.status[p.status] ?? p.status}</span></td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </div>
      ${this.next ? html`<button class="secondary" @click=${() => this.search(true)}>${t.more}</button>` : ''}
    `;
  }
}
