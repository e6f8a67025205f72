// <console-settings>: the merchant's name and settings (allowed widget origins, jobs, brands, security code,
// prompt language, attempts, allowed callers) and its API keys (created and shown once, revoked).
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type ConsoleApiError } from './api.js';
import { MESSAGES, errorText, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { MerchantSettings } from '../server/merchants/settings.js';
import type { ApiKeyView } from '../server/auth/api-keys.js';

const JOBS = ['auth', 'capture', 'check', 'register', 'capture+register'];
const BRANDS = ['visa', 'mastercard', 'jcb', 'american-express', 'diners-club', 'discover', 'unionpay', 'maestro'];
const lines = (s: FormDataEntryValue | null) => String(s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);

@customElement('console-settings')
export class ConsoleSettings extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @property({ attribute: false }) perms: string[] = [];
  @state() private m: { name: string; settings: MerchantSettings } | null = null;
  @state() private keys: ApiKeyView[] = [];
  @state() private dids: { number: string; mode: 'operator' | 'ivr' | 'cancel'; maxConcurrent: number | null }[] = [];
  @state() private notice = '';
  @state() private newKey = '';
  @state() private error = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid') && this.mid) void this.load();
  }

  private async load(): Promise<void> {
    this.m = await api('GET', `/v1/merchants/${this.mid}`);
    this.dids = (await api<{ dids: ConsoleSettings['dids'] }>('GET', `/v1/merchants/${this.mid}/dids`)).dids;
    if (this.perms.includes('api_keys.manage')) this.keys = (await api<{ apiKeys: ApiKeyView[] }>('GET', `/v1/merchants/${this.mid}/api-keys`)).apiKeys;
  }

  private async run(fn: () => Promise<void>): Promise<void> {
    this.error = '';
    this.notice = '';
    try {
      await fn();
      await this.load();
    } catch (e) {
      this.error = `${errorText(this.locale, (e as ConsoleApiError).code, '')} ${(e as Error).message}`;
    }
  }

  private save(e: Event): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    void this.run(async () => {
      await api('PATCH', `/v1/merchants/${this.mid}`, {
        name: f.get('name'),
        settings: {
          allowedOrigins: lines(f.get('origins')),
          allowedCallers: lines(f.get('callers')),
          allowedJobs: f.getAll('jobs'),
          allowedBrands: f.getAll('brands'),
          askCvv: f.get('askCvv') === 'on',
          promptLang: f.get('promptLang'),
          maxAttempts: Number(f.get('maxAttempts')),
        },
      });
      this.notice = MESSAGES[this.locale].settings.saved;
    });
  }

  private didsCard() {
    const t = MESSAGES[this.locale];
    const manage = this.perms.includes('dids.manage');
    const put = (number: string, mode: string, max: string) =>
      this.run(() => api('PUT', `/v1/merchants/${this.mid}/dids/${encodeURIComponent(number)}`, { mode, maxConcurrent: max ? Number(max) : null }));
    return html`<div class="card flush">
      <h2 class="pad">${t.settings.dids}</h2>
      <table data-testid="dids">
        <thead><tr><th>${t.cols.number}</th><th>${t.settings.mode}</th><th class="num">${t.settings.maxConcurrent}</th>${manage ? html`<th></th>` : ''}</tr></thead>
        <tbody>
          ${this.dids.map(
            (d) => html`<tr>
              <td class="mono">${d.number}</td>
              <td>${d.mode === 'ivr' ? 'IVR' : d.mode === 'cancel' ? t.settings.cancelLine : t.nav.operators}</td>
              <td class="num">${d.maxConcurrent ?? '∞'}</td>
              ${manage ? html`<td class="num"><button class="link" @click=${() => confirm(t.detail.confirm) && this.run(() => api('DELETE', `/v1/merchants/${this.mid}/dids/${encodeURIComponent(d.number)}`))}>${t.settings.revoke}</button></td>` : ''}
            </tr>`,
          )}
        </tbody>
      </table>
      ${manage
        ? html`<form class="row pad-all" @submit=${(e: Event) => {
            e.preventDefault();
            const f = new FormData(e.target as HTMLFormElement);
            void put(String(f.get('number')), String(f.get('mode')), String(f.get('max') ?? ''));
          }}>
            <label>${t.cols.number}<input name="number" required pattern="\\+?[0-9]{2,32}" /></label>
            <label>${t.settings.mode}<select name="mode"><option value="operator">${t.nav.operators}</option><option value="ivr">IVR</option><option value="cancel">${t.settings.cancelLine}</option></select></label>
            <label>${t.settings.maxConcurrent}<input name="max" type="number" min="1" max="1000" /></label>
            <button type="submit">${t.add}</button>
          </form>`
        : ''}
    </div>`;
  }

  override render() {
    const t = MESSAGES[this.locale];
    const m = this.m;
    if (!m) return html`<div class="muted">${t.loading}</div>`;
    const s = m.settings;
    return html`
      <h1>${t.settings.title}</h1>
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : ''}
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
      <form class="card" @submit=${this.save} data-testid="settings-form">
        <h2>${t.settings.general}</h2>
        <div class="grid2">
          <label>${t.settings.name}<input name="name" .value=${m.name} required maxlength="100" /></label>
          <label>${t.settings.lang}<select name="promptLang">${['ja', 'en'].map((l) => html`<option ?selected=${s.promptLang === l}>${l}</option>`)}</select></label>
          <label>${t.settings.attempts}<input name="maxAttempts" type="number" min="1" max="10" .value=${String(s.maxAttempts)} /></label>
          <label>${t.settings.timeZone}<input .value=${s.timeZone} disabled /></label>
        </div>
        <p></p>
        <label>${t.settings.origins}<textarea name="origins" data-testid="origins" .value=${s.allowedOrigins.join('\n')}></textarea></label>
        <p class="hint">${s.allowedOrigins.length ? t.settings.originsHint : html`<span class="pill pending">${t.settings.originsAny}</span> ${t.settings.originsHint}`}</p>
        <label>${t.settings.jobs}</label>
        <div class="checks">${JOBS.map((j) => html`<label><input type="checkbox" name="jobs" value=${j} ?checked=${s.allowedJobs.includes(j as never)} />${j}</label>`)}</div>
        <p></p>
        <label>${t.settings.brands}</label>
        <div class="checks">${BRANDS.map((b) => html`<label><input type="checkbox" name="brands" value=${b} ?checked=${s.allowedBrands.includes(b as never)} />${b}</label>`)}</div>
        <p></p>
        <div class="checks"><label><input type="checkbox" name="askCvv" ?checked=${s.askCvv} />${t.settings.askCvv}</label></div>
        <p></p>
        <label>${t.settings.callers}<textarea name="callers" .value=${(s.allowedCallers ?? []).join('\n')}></textarea></label>
        <p></p>
        <button type="submit" data-testid="settings-save">${t.save}</button>
      </form>
      ${this.didsCard()}
      ${this.perms.includes('api_keys.manage')
        ? html`<div class="card flush">
            <div class="row"><h2 class="pad">${t.settings.keys}</h2></div>
            ${this.newKey ? html`<div class="notice secret" data-testid="new-key">${t.settings.keyShown}<br />${this.newKey}</div>` : ''}
            <table>
              <thead><tr><th>${t.cols.label}</th><th>${t.cols.prefix}</th><th>${t.cols.created}</th><th>${t.cols.lastUsed}</th><th></th></tr></thead>
              <tbody>
                ${this.keys.map(
                  (k) => html`<tr>
                    <td>${k.label ?? '—'}</td><td class="mono">${k.prefix}…</td><td class="muted">${formatTime(k.createdAt, this.locale)}</td><td class="muted">${formatTime(k.lastUsedAt, this.locale)}</td>
                    <td class="num">${k.revokedAt ? html`<span class="pill disabled">${t.settings.revoked}</span>` : html`<button class="link" @click=${() => confirm(t.detail.confirm) && this.run(() => api('POST', `/v1/merchants/${this.mid}/api-keys/${k.id}/revoke`))}>${t.settings.revoke}</button>`}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <form class="row pad-all" @submit=${(e: Event) => {
              e.preventDefault();
              const label = new FormData(e.target as HTMLFormElement).get('label');
              void this.run(async () => {
                this.newKey = (await api<{ key: string }>('POST', `/v1/merchants/${this.mid}/api-keys`, { label })).key;
              });
            }}>
              <label>${t.cols.label}<input name="label" required maxlength="60" /></label>
              <button type="submit">${t.settings.newKey}</button>
            </form>
          </div>`
        : ''}
    `;
  }
}
