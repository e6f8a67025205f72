// <console-sign-in>: the sign-in form, and the forced password change after an admin set or reset the password.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ConsoleApiError, setCsrf } from './api.js';
import { MESSAGES, errorText, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { SessionInfo } from './ivrpay-console.js';

@customElement('console-sign-in')
export class ConsoleSignIn extends LitElement {
  static override styles = [
    shared,
    css`
      .card { width: 380px; padding: 28px 30px; box-shadow: 0 8px 30px rgba(20, 30, 60, 0.07); }
      .brand { font-weight: 700; font-size: 22px; letter-spacing: 0.02em; }
      form { display: flex; flex-direction: column; gap: 14px; margin-top: 18px; }
      button[type='submit'] { margin-top: 6px; padding: 9px; }
      .lang { margin-top: 16px; text-align: center; }
    `,
  ];

  @property() locale: Lang = 'ja';
  @property({ attribute: false }) session: SessionInfo | null = null;
  @state() private error = '';
  @state() private busy = false;

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const s = this.session?.user.mustChangePassword
        ? await api<SessionInfo>('POST', '/v1/auth/password', { currentPassword: f.get('current'), newPassword: f.get('next') })
        : await api<SessionInfo>('POST', '/v1/auth/sign-in', { loginId: f.get('loginId'), password: f.get('password') });
      setCsrf(s.csrfToken);
      this.dispatchEvent(new CustomEvent('console-signed-in', { detail: s, bubbles: true, composed: true }));
    } catch (err) {
      const x = err as ConsoleApiError;
      this.error = errorText(this.locale, x.code, x.message);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = MESSAGES[this.locale];
    const change = this.session?.user.mustChangePassword;
    return html`<div class="card">
      <div class="brand">ivrpay</div>
      <p class="hint">${change ? t.changePasswordHint : t.signInHint}</p>
      ${this.error ? html`<div class="notice error" role="alert" data-testid="sign-in-error">${this.error}</div>` : ''}
      <form @submit=${this.submit}>
        ${change
          ? html`<label>${t.currentPassword}<input name="current" type="password" autocomplete="current-password" required data-testid="current-password" /></label>
              <label>${t.newPassword}<input name="next" type="password" autocomplete="new-password" minlength="10" required data-testid="new-password" /></label>
              <button type="submit" ?disabled=${this.busy} data-testid="change-password">${t.save}</button>`
          : html`<label>${t.loginId}<input name="loginId" autocomplete="username" required data-testid="login-id" /></label>
              <label>${t.password}<input name="password" type="password" autocomplete="current-password" required data-testid="password" /></label>
              <button type="submit" ?disabled=${this.busy} data-testid="sign-in">${t.signIn}</button>`}
      </form>
      <div class="lang">
        <button class="link" @click=${() => this.dispatchEvent(new CustomEvent('console-lang', { detail: this.locale === 'ja' ? 'en' : 'ja', bubbles: true, composed: true }))}>${this.locale === 'ja' ? 'English' : '日本語'}</button>
      </div>
    </div>`;
  }
}
