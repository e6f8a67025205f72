// <console-live>: the live board — the merchant's payments in progress and just ended, each with its current step,
// from the /live Server-Sent Events stream (EventSource reconnects by itself).
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { MESSAGES, formatAmount, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { BoardEntry } from '../server/live/board.js';

@customElement('console-live')
export class ConsoleLive extends LitElement {
  static override styles = [
    shared,
    css`
      .head { display: flex; align-items: baseline; gap: 12px; }
      .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--success); display: inline-block; margin-right: 6px; }
      .state { font-size: 12.5px; color: var(--muted); }
      .bar { height: 6px; background: #eef1f5; border-radius: 3px; width: 140px; overflow: hidden; margin-top: 5px; }
      .bar span { display: block; height: 100%; background: var(--accent); transition: width 0.2s; }
      .step { font-weight: 600; }
    `,
  ];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @state() private rows = new Map<string, BoardEntry>();
  @state() private live = false;
  private source: EventSource | null = null;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid')) this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.source?.close();
  }

  private open(): void {
    this.source?.close();
    this.rows = new Map();
    if (!this.mid) return;
    const s = new EventSource(`/v1/merchants/${encodeURIComponent(this.mid)}/live`);
    s.addEventListener('open', () => (this.live = true));
    s.addEventListener('error', () => (this.live = false));
    s.addEventListener('snapshot', (e) => {
      const { payments } = JSON.parse((e as MessageEvent).data) as { payments: BoardEntry[] };
      this.rows = new Map(payments.map((p) => [p.id, p]));
      this.live = true;
    });
    s.addEventListener('payment', (e) => {
      const p = JSON.parse((e as MessageEvent).data) as BoardEntry;
      this.rows = new Map(this.rows).set(p.id, p);
    });
    this.source = s;
  }

  override render() {
    const t = MESSAGES[this.locale];
    const rows = [...this.rows.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return html`
      <div class="head"><h1>${t.live.title}</h1><span class="state" data-testid="live-state">${this.live ? html`<span class="dot"></span>${t.live.connected}` : t.live.reconnecting}</span></div>
      <p class="hint">${t.live.hint}</p>
      <div class="card flush">
        ${rows.length === 0
          ? html`<div class="empty" data-testid="live-empty">${t.live.empty}</div>`
          : html`<table>
              <thead><tr><th>${t.cols.created}</th><th>${t.cols.order}</th><th class="num">${t.cols.amount}</th><th>${t.cols.step}</th><th>${t.cols.card}</th><th>${t.cols.status}</th></tr></thead>
              <tbody>
                ${rows.map(
                  (r) => html`<tr data-testid="live-row" data-payment=${r.id} data-step=${r.step} data-status=${r.status}>
                    <td class="muted">${formatTime(r.createdAt, this.locale)}</td>
                    <td><a href="/console/payments/${r.id}" @click=${(e: Event) => (e.preventDefault(), this.dispatchEvent(new CustomEvent('console-navigate', { detail: `/console/payments/${r.id}`, bubbles: true, composed: true })))}>${r.orderId}</a></td>
                    <td class="num">${formatAmount(r.amount, r.currency, this.locale)}</td>
                    <td>
                      <span class="step">${t.steps[r.step]}</span>
                      ${r.step === 'pan' || r.step === 'expiry' || r.step === 'cvv'
                        ? html`<span class="muted"> · ${t.live.digits(r.entered, r.expected)}${r.attempt > 1 ? ` · ${t.live.attempt(r.attempt)}` : ''}</span>
                            <div class="bar"><span style=${styleMap({ width: `${r.expected ? Math.min(100, (100 * r.entered) / r.expected) : 0}%` })}></span></div>`
                        : ''}
                    </td>
                    <td class="mono">${r.brand ? `${r.brand} ` : ''}${r.last4 ? `•••• ${r.last4}` : '—'}</td>
                    <td><span class="pill ${r.status}">${t.status[r.status] ?? r.status}</span></td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </div>
    `;
  }
}
