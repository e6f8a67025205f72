// <console-merchants>: platform admins' list of merchants — add, disable, enable.
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type ConsoleApiError } from './api.js';
import { MESSAGES, errorText, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { MerchantSummary } from '../server/merchants/admin.js';

@customElement('console-merchants')
export class ConsoleMerchants extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  @state() private list: MerchantSummary[] = [];
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.list = (await api<{ merchants: MerchantSummary[] }>('GET', '/v1/merchants')).merchants;
  }

  private async run(fn: () => Promise<unknown>): Promise<void> {
    this.error = '';
    try {
      await fn();
      await this.load();
      this.dispatchEvent(new CustomEvent('console-merchants-changed', { bubbles: true, composed: true }));
    } catch (e) {
      this.error = errorText(this.locale, (e as ConsoleApiError).code, (e as Error).message);
    }
  }

  override render() {
    const t = MESSAGES[this.locale];
    return html`
      <h1>${t.merchants.title}</h1>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
      <div class="card">
        <form class="row" @submit=${(e: Event) => {
          e.preventDefault();
          const form = e.target as HTMLFormElement;
          const name = new FormData(form).get('name');
          void this.run(() => api('POST', '/v1/merchants', { name })).then(() => form.reset());
        }}>
          <label>${t.cols.name}<input name="name" required maxlength="100" /></label>
          <button type="submit">${t.merchants.add}</button>
        </form>
      </div>
      <div class="card flush">
        <table>
          <thead><tr><th>${t.cols.name}</th><th>ID</th><th>${t.cols.created}</th><th>${t.cols.status}</th><th></th></tr></thead>
          <tbody>
            ${this.list.map(
              (m) => html`<tr>
                <td>${m.name}</td><td class="mono muted">${m.id}</td><td class="muted">${formatTime(m.createdAt, this.locale)}</td>
                <td><span class="pill ${m.status}">${m.status}</span></td>
                <td class="num"><button class="link" @click=${() => this.run(() => api('PATCH', `/v1/merchants/${m.id}`, { status: m.status === 'active' ? 'disabled' : 'active' }))}>${m.status === 'active' ? t.merchants.disable : t.merchants.enable}</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}
