// <ivrpay-console>: the management console's shell — session (sign-in, forced password change), the merchant in
// view (platform admins choose), navigation by path under /console/, language, and the page for the route.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, ConsoleApiError, setCsrf } from './api.js';
import { MESSAGES, errorText, pickLang, type Lang } from './i18n.js';
import { shared } from './styles.js';
import './console-sign-in.js';
import './console-live.js';
import './console-payments.js';
import './console-payment.js';
import './console-reports.js';
import './console-operators.js';
import './console-settings.js';
import './console-webhooks.js';
import './console-merchants.js';
import './console-audit.js';
import './console-telephony.js';

export interface SessionInfo {
  user: { kind: string; id: string; loginId: string; name: string; role: string; merchantId: string | null; mustChangePassword: boolean };
  permissions: string[];
  csrfToken: string;
}

type Page = 'live' | 'payments' | 'payment' | 'reports' | 'operators' | 'settings' | 'webhooks' | 'merchants' | 'audit';
const NAV: { page: Page; perm: string }[] = [
  { page: 'live', perm: 'live.read' },
  { page: 'payments', perm: 'payments.read' },
  { page: 'reports', perm: 'reports.read' },
  { page: 'operators', perm: 'operators.read' },
  { page: 'webhooks', perm: 'webhooks.read' },
  { page: 'settings', perm: 'merchants.update' },
  { page: 'audit', perm: 'audit.read' },
  { page: 'merchants', perm: 'merchants.create' },
];

@customElement('ivrpay-console')
export class IvrpayConsole extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; min-height: 100vh; background: var(--surface); }
      .shell { display: grid; grid-template-columns: 232px 1fr; min-height: 100vh; }
      aside { background: #121a2b; color: #c9d1e0; padding: 18px 12px; display: flex; flex-direction: column; gap: 4px; }
      .brand { color: #fff; font-weight: 700; font-size: 16px; padding: 4px 10px 14px; letter-spacing: 0.02em; }
      .brand.merchant { font-size: 13px; padding-top: 0; font-weight: 600; }
      .brand small { display: block; color: #8d98ad; font-weight: 500; font-size: 11.5px; letter-spacing: 0; }
      aside a { color: #c9d1e0; padding: 8px 10px; border-radius: 7px; font-weight: 550; text-decoration: none; }
      aside a:hover { background: #1c2640; text-decoration: none; }
      aside a[aria-current='page'] { background: #24345a; color: #fff; }
      aside select { background: #1c2640; color: #fff; border-color: #2c3a5c; margin: 0 6px 12px; }
      .who { margin-top: auto; padding: 12px 10px 0; border-top: 1px solid #24304a; font-size: 12.5px; }
      .who b { color: #fff; display: block; font-weight: 600; }
      .who .row { gap: 8px; margin-top: 8px; align-items: center; }
      .who button { padding: 4px 10px; font-size: 12px; background: transparent; border-color: #36446a; color: #c9d1e0; }
      main { padding: 26px 32px 48px; max-width: 1240px; width: 100%; }
      .centered { min-height: 100vh; display: grid; place-items: center; padding: 24px; }
    `,
  ];

  @state() private locale: Lang = pickLang();
  @state() private session: SessionInfo | null = null;
  @state() private loading = true;
  @state() private merchants: { id: string; name: string; status: string }[] = [];
  @state() private mid = '';
  @state() private path = location.pathname;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('popstate', () => (this.path = location.pathname));
    this.addEventListener('console-navigate', (e) => this.go((e as CustomEvent<string>).detail));
    this.addEventListener('console-signed-in', (e) => void this.begin((e as CustomEvent<SessionInfo>).detail));
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      await this.begin(await api<SessionInfo>('GET', '/v1/auth/session'));
    } catch (e) {
      if (!(e instanceof ConsoleApiError && e.status === 401)) this.error = errorText(this.locale, (e as ConsoleApiError).code, String(e));
      this.session = null;
    } finally {
      this.loading = false;
    }
  }

  private async begin(s: SessionInfo): Promise<void> {
    setCsrf(s.csrfToken);
    this.session = s;
    if (s.user.mustChangePassword) return;
    const { merchants } = await api<{ merchants: { id: string; name: string; status: string }[] }>('GET', '/v1/merchants');
    this.merchants = merchants;
    const saved = localStorage.getItem('ivrpay.console.merchant');
    this.mid = s.user.merchantId ?? (merchants.find((m) => m.id === saved)?.id ?? merchants[0]?.id ?? '');
  }

  private go(path: string): void {
    history.pushState(null, '', path);
    this.path = path;
  }

  private route(): { page: Page; id?: string } {
    const parts = this.path.replace(/^\/console\/?/, '').split('/').filter(Boolean);
    if (parts[0] === 'payments' && parts[1]) return { page: 'payment', id: decodeURIComponent(parts[1]) };
    const page = (parts[0] ?? 'live') as Page;
    return NAV.some((n) => n.page === page) ? { page } : { page: 'live' };
  }

  private setLang(lang: Lang): void {
    this.locale = lang;
    localStorage.setItem('ivrpay.console.lang', lang);
    document.documentElement.lang = lang;
  }

  private async signOut(): Promise<void> {
    await api('POST', '/v1/auth/sign-out').catch(() => {});
    this.session = null;
    this.go('/console/');
  }

  override render() {
    const t = MESSAGES[this.locale];
    if (this.loading) return html`<div class="centered muted">${t.loading}</div>`;
    if (this.error && !this.session) return html`<div class="centered"><div class="notice error">${this.error}</div></div>`;
    if (!this.session || this.session.user.mustChangePassword) {
      return html`<div class="centered">
        <console-sign-in .locale=${this.locale} .session=${this.session} @console-lang=${(e: CustomEvent<Lang>) => this.setLang(e.detail)}></console-sign-in>
      </div>`;
    }
    const s = this.session;
    const { page, id } = this.route();
    const can = (p: string) => s.permissions.includes(p);
    const merchant = this.merchants.find((m) => m.id === this.mid);
    const link = (p: Page) => html`<a href="/console/${p === 'live' ? '' : p}" data-testid="nav-${p}" aria-current=${page === p || (p === 'payments' && page === 'payment') ? 'page' : 'false'} @click=${(e: Event) => (e.preventDefault(), this.go(`/console/${p === 'live' ? '' : p}`))}>${t.nav[p as keyof typeof t.nav]}</a>`;
    return html`<div class="shell">
      <aside>
        <div class="brand">ivrpay<small>${t.product}</small></div>
        ${s.user.role === 'platform_admin'
          ? html`<select aria-label=${t.merchant} data-testid="merchant-select" @change=${(e: Event) => {
              this.mid = (e.target as HTMLSelectElement).value;
              localStorage.setItem('ivrpay.console.merchant', this.mid);
            }}>
              ${this.merchants.map((m) => html`<option value=${m.id} ?selected=${m.id === this.mid}>${m.name}</option>`)}
            </select>`
          : html`<div class="brand merchant" data-testid="merchant-name">${merchant?.name ?? ''}</div>`}
        ${NAV.filter((n) => can(n.perm) && (this.mid || n.page === 'merchants')).map((n) => link(n.page))}
        <div class="who">
          <b data-testid="user-name">${s.user.name}</b>
          ${s.user.loginId} · ${t.roles[s.user.role]}
          <div class="row">
            <button data-testid="lang-toggle" @click=${() => this.setLang(this.locale === 'ja' ? 'en' : 'ja')}>${this.locale === 'ja' ? 'English' : '日本語'}</button>
            <button data-testid="sign-out" @click=${() => this.signOut()}>${t.signOut}</button>
          </div>
        </div>
      </aside>
      <main><console-telephony .locale=${this.locale}></console-telephony>${this.page(page, id, merchant?.id ?? '')}</main>
    </div>`;
  }

  private page(page: Page, id: string | undefined, mid: string) {
    const p = { lang: this.locale, mid, perms: this.session!.permissions };
    if (!mid && page !== 'merchants') return html`<div class="empty">${MESSAGES[this.locale].none}</div>`;
    switch (page) {
      case 'live':
        return html`<console-live .locale=${p.lang} .mid=${mid}></console-live>`;
      case 'payments':
        return html`<console-payments .locale=${p.lang} .mid=${mid}></console-payments>`;
      case 'payment':
        return html`<console-payment .locale=${p.lang} .mid=${mid} .pid=${id ?? ''}></console-payment>`;
      case 'reports':
        return html`<console-reports .locale=${p.lang} .mid=${mid}></console-reports>`;
      case 'operators':
        return html`<console-operators .locale=${p.lang} .mid=${mid} .perms=${p.perms} .self=${this.session!.user.id}></console-operators>`;
      case 'settings':
        return html`<console-settings .locale=${p.lang} .mid=${mid} .perms=${p.perms}></console-settings>`;
      case 'webhooks':
        return html`<console-webhooks .locale=${p.lang} .mid=${mid} .perms=${p.perms}></console-webhooks>`;
      case 'merchants':
        return html`<console-merchants .locale=${p.lang} @console-merchants-changed=${() => this.session && this.begin(this.session)}></console-merchants>`;
      case 'audit':
        return html`<console-audit .locale=${p.lang} .mid=${mid}></console-audit>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ivrpay-console': IvrpayConsole;
  }
}
