// <console-audit>: who did what for the merchant, newest first (ids and codes only).
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from './api.js';
import { MESSAGES, formatTime, type Lang } from './i18n.js';
import { shared } from './styles.js';

interface Entry {
  id: number;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

@customElement('console-audit')
export class ConsoleAudit extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @state() private entries: Entry[] = [];

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid') && this.mid) void api<{ entries: Entry[] }>('GET', `/v1/merchants/${this.mid}/audit?limit=200`).then((r) => (this.entries = r.entries));
  }

  override render() {
    const t = MESSAGES[this.locale];
    return html`
      <h1>${t.audit.title}</h1>
      <div class="card flush">
        <table>
          <thead><tr><th>${t.cols.when}</th><th>${t.cols.who}</th><th>${t.cols.what}</th><th></th></tr></thead>
          <tbody>
            ${this.entries.map(
              (e) => html`<tr>
                <td class="muted">${formatTime(e.at, this.locale)}</td>
                <td class="mono">${e.actorType}${e.actorId ? ` ${e.actorId}` : ''}</td>
                <td>${e.action}${e.targetId ? html` <span class="mono muted">${e.targetId}</span>` : ''}</td>
                <td class="mono muted">${e.detail ? Object.entries(e.detail).map(([k, v]) => `${k}=${v}`).join(' ') : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}
