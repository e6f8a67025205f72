// <console-webhooks>: the merchant's webhook endpoints (secret shown once, rotate, disable) and the delivery log
// with "send again".
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type ConsoleApiError } from './api.js';
import { MESSAGES, errorText, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { EndpointView } from '../server/webhooks/endpoints.js';
import type { DeliveryView } from '../server/webhooks/dispatcher.js';

@customElement('console-webhooks')
export class ConsoleWebhooks extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @property({ attribute: false }) perms: string[] = [];
  @state() private endpoints: EndpointView[] = [];
  @state() private deliveries: DeliveryView[] = [];
  @state() private secret = '';
  @state() private error = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid') && this.mid) void this.load();
  }

  private async load(): Promise<void> {
    this.endpoints = (await api<{ endpoints: EndpointView[] }>('GET', `/v1/merchants/${this.mid}/webhooks`)).endpoints;
    this.deliveries = (await api<{ deliveries: DeliveryView[] }>('GET', `/v1/merchants/${this.mid}/webhook-deliveries?limit=100`)).deliveries;
  }

  private async run(fn: () => Promise<void>): Promise<void> {
    this.error = '';
    try {
      await fn();
      await this.load();
    } catch (e) {
      this.error = `${errorText(this.locale, (e as ConsoleApiError).code, '')} ${(e as Error).message}`;
    }
  }

  override render() {
    const t = MESSAGES[this.locale];
    const manage = this.perms.includes('webhooks.manage');
    return html`
      <h1>${t.webhooks.title}</h1>
      <p class="hint">${t.webhooks.hint}</p>
      ${this.secret ? html`<div class="notice secret" data-testid="webhook-secret">${t.webhooks.secretShown} ${this.secret}</div>` : ''}
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
      <div class="card flush">
        <table>
          <thead><tr><th>${t.cols.url}</th><th>${t.cols.created}</th><th>${t.cols.status}</th>${manage ? html`<th></th>` : ''}</tr></thead>
          <tbody>
            ${this.endpoints.map(
              (ep) => html`<tr>
                <td class="mono">${ep.url}<div class="muted">whsec_…${ep.secretHint}</div></td>
                <td class="muted">${formatTime(ep.createdAt, this.locale)}</td>
                <td><span class="pill ${ep.status}">${ep.status}</span></td>
                ${manage
                  ? html`<td class="num">
                      <button class="link" @click=${() => this.run(async () => void (this.secret = (await api<{ secret: string }>('POST', `/v1/merchants/${this.mid}/webhooks/${ep.id}/rotate-secret`)).secret))}>${t.webhooks.rotate}</button> ·
                      <button class="link" @click=${() => this.run(() => api('PATCH', `/v1/merchants/${this.mid}/webhooks/${ep.id}`, { status: ep.status === 'active' ? 'disabled' : 'active' }))}>${ep.status === 'active' ? t.webhooks.disable : t.webhooks.enable}</button>
                    </td>`
                  : ''}
              </tr>`,
            )}
          </tbody>
        </table>
        ${manage
          ? html`<form class="row pad-all" @submit=${(e: Event) => {
              e.preventDefault();
              const form = e.target as HTMLFormElement;
              const url = new FormData(form).get('url');
              void this.run(async () => {
                this.secret = (await api<{ secret: string }>('POST', `/v1/merchants/${this.mid}/webhooks`, { url })).secret;
                form.reset();
              });
            }}>
              <label>${t.cols.url}<input name="url" type="url" required size="48" placeholder="https://orders.example.com/ivrpay" /></label>
              <button type="submit">${t.webhooks.add}</button>
            </form>`
          : ''}
      </div>
      <h2>${t.webhooks.deliveries}</h2>
      <div class="card flush">
        ${this.deliveries.length === 0
          ? html`<div class="empty">${t.none}</div>`
          : html`<table data-testid="deliveries">
              <thead><tr><th>${t.cols.when}</th><th>${t.cols.what}</th><th>${t.cols.url}</th><th>${t.cols.status}</th><th class="num">${t.cols.attempts}</th><th>${t.cols.result}</th>${manage ? html`<th></th>` : ''}</tr></thead>
              <tbody>
                ${this.deliveries.map(
                  (d) => html`<tr>
                    <td class="muted">${formatTime(d.createdAt, this.locale)}</td>
                    <td>${d.eventType}<div class="muted mono">${d.paymentId}</div></td>
                    <td class="mono muted">${d.url ?? '—'}</td>
                    <td><span class="pill ${d.status}">${t.webhooks[d.status]}</span></td>
                    <td class="num">${d.attempts}</td>
                    <td class="mono">${d.lastStatus ?? ''} ${d.lastError ?? ''}${d.nextAttemptAt ? html`<div class="muted">→ ${formatTime(d.nextAttemptAt, this.locale)}</div>` : ''}</td>
                    ${manage ? html`<td class="num"><button class="link" @click=${() => this.run(() => api('POST', `/v1/merchants/${this.mid}/webhook-deliveries/${d.id}/retry`))}>${t.webhooks.retry}</button></td>` : ''}
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </div>
    `;
  }
}
