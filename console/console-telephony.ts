// <console-telephony>: a banner on every console page when a FreeSWITCH node is not connected (polls /healthz).
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MESSAGES, type Lang } from './i18n.js';
import { shared } from './styles.js';

interface Health {
  nodes?: { node: string; up: boolean; calls: number }[];
}

@customElement('console-telephony')
export class ConsoleTelephony extends LitElement {
  static override styles = [shared];

  @property() locale: Lang = 'ja';
  /** how often /healthz is asked (ms) */
  @property({ type: Number }) every = 10_000;
  @state() private down: string[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.every);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    try {
      const h = (await (await fetch('/healthz')).json()) as Health;
      this.down = (h.nodes ?? []).filter((n) => !n.up).map((n) => n.node);
    } catch {
      /* the console's own API errors say enough when the server is gone */
    }
  }

  override render() {
    if (this.down.length === 0) return nothing;
    const t = MESSAGES[this.locale].telephony;
    return html`<div class="notice error" role="status" data-testid="telephony-down">${t.down(this.down.join(', '))}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'console-telephony': ConsoleTelephony;
  }
}
