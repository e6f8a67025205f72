// <console-operators>: the merchant's operators and admins — add (temporary password shown once), change role,
// disable/enable, reset a password. Read-only for operators.
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type ConsoleApiError } from './api.js';
import { MESSAGES, errorText, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { OperatorView } from '../server/users/operator-admin.js';

@customElement('console-operators')
export class ConsoleOperators extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @property({ attribute: false }) perms: string[] = [];
  @property() self = '';
  @state() private list: OperatorView[] = [];
  @state() private notice = '';
  @state() private error = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid') && this.mid) void this.load();
  }

  private async load(): Promise<void> {
    this.list = (await api<{ operators: OperatorView[] }>('GET', `/v1/merchants/${this.mid}/operators`)).operators;
  }

  private async run(fn: () => Promise<void>): Promise<void> {
    this.error = '';
    this.notice = '';
    try {
      await fn();
      await this.load();
    } catch (e) {
      this.error = errorText(this.locale, (e as ConsoleApiError).code, (e as Error).message);
    }
  }

  private add(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    void this.run(async () => {
      const r = await api<{ operator: OperatorView; temporaryPassword: string | null }>('POST', `/v1/merchants/${this.mid}/operators`, {
        name: f.get('name'),
        role: f.get('role'),
        ...(f.get('loginId') ? { loginId: f.get('loginId') } : {}),
        ...(f.get('dialString') ? { dialString: f.get('dialString') } : {}),
      });
      form.reset();
      if (r.temporaryPassword) this.notice = MESSAGES[this.locale].operators.temp(r.operator.loginId!, r.temporaryPassword);
    });
  }

  override render() {
    const t = MESSAGES[this.locale];
    const manage = this.perms.includes('operators.manage');
    return html`
      <h1>${t.operators.title}</h1>
      ${this.notice ? html`<div class="notice secret" data-testid="temporary-password">${this.notice}</div>` : ''}
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
      ${manage
        ? html`<div class="card"><h2>${t.operators.add}</h2>
            <form class="row" @submit=${this.add} data-testid="operator-form">
              <label>${t.cols.name}<input name="name" required maxlength="100" data-testid="operator-name" /></label>
              <label>${t.loginId}<input name="loginId" maxlength="64" data-testid="operator-login" /></label>
              <label>${t.cols.role}<select name="role" data-testid="operator-role"><option value="operator">${t.roles.operator}</option><option value="merchant_admin">${t.roles.merchant_admin}</option></select></label>
              <label>${t.cols.phone}<input name="dialString" placeholder="sofia/gateway/pbx/201" /></label>
              <button type="submit" data-testid="operator-add">${t.add}</button>
            </form></div>`
        : ''}
      <div class="card flush">
        <table data-testid="operators-table">
          <thead><tr><th>${t.cols.name}</th><th>${t.loginId}</th><th>${t.cols.role}</th><th>${t.cols.phone}</th><th>${t.cols.lastSignIn}</th><th>${t.cols.status}</th>${manage ? html`<th></th>` : ''}</tr></thead>
          <tbody>
            ${this.list.map((o) => {
              const locked = o.lockedUntil && Date.parse(o.lockedUntil) > Date.now();
              return html`<tr data-testid="operator-row" data-login=${o.loginId ?? ''}>
                <td>${o.name}</td>
                <td class="mono">${o.loginId ?? '—'}</td>
                <td>${manage && o.id !== this.self
                  ? html`<select aria-label=${t.cols.role} @change=${(e: Event) => this.run(() => api('PATCH', `/v1/merchants/${this.mid}/operators/${o.id}`, { role: (e.target as HTMLSelectElement).value }))}>
                      ${(['operator', 'merchant_admin'] as const).map((r) => html`<option value=${r} ?selected=${o.role === r}>${t.roles[r]}</option>`)}
                    </select>`
                  : t.roles[o.role]}</td>
                <td class="mono muted">${o.dialString ?? '—'}</td>
                <td class="muted">${formatTime(o.lastSignInAt, this.locale)}</td>
                <td><span class="pill ${locked ? 'locked' : o.status}">${locked ? t.operators.locked : o.status === 'active' ? t.operators.active : t.operators.disabled}</span></td>
                ${manage
                  ? html`<td class="num">
                      ${o.loginId ? html`<button class="link" @click=${() => this.run(async () => {
                        const r = await api<{ temporaryPassword: string }>('POST', `/v1/merchants/${this.mid}/operators/${o.id}/reset-password`);
                        this.notice = t.operators.temp(o.loginId!, r.temporaryPassword);
                      })}>${t.operators.resetPassword}</button>` : ''}
                      ${o.id !== this.self
                        ? html`${o.loginId ? ' · ' : ''}<button class="link" @click=${() => this.run(() => api('PATCH', `/v1/merchants/${this.mid}/operators/${o.id}`, { status: o.status === 'active' ? 'disabled' : 'active' }))}>${o.status === 'active' ? t.operators.disable : t.operators.enable}</button>`
                        : ''}
                    </td>`
                  : ''}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    `;
  }
}
