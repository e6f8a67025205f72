// <console-reports>: calls, payments started / approved / declined / abandoned, approval rate and average keying
// time over a date range, per day (with a bar chart) and per operator.
import { LitElement, css, html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, query, type ConsoleApiError } from './api.js';
import { MESSAGES, errorText, type Lang } from './i18n.js';
import { shared } from './styles.js';
import type { Metrics, Report } from '../server/reports/reports.js';

const COLS = ['ivrCalls', 'started', 'approved', 'declined', 'failed', 'canceled', 'abandoned'] as const;

@customElement('console-reports')
export class ConsoleReports extends LitElement {
  static override styles = [
    shared,
    css`
      .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; margin-bottom: 18px; }
      .kpi { background: #fff; border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 14px; }
      .kpi b { display: block; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
      .kpi span { color: var(--muted); font-size: 12px; }
      svg { width: 100%; height: 180px; display: block; }
      .legend { display: flex; gap: 16px; font-size: 12px; color: var(--muted); margin-top: 6px; }
      .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
      .sw.a { background: #c5d3f1; } .sw.b { background: var(--accent); }
      .scroll { overflow-x: auto; }
    `,
  ];

  @property() locale: Lang = 'ja';
  @property() mid = '';
  @state() private r: Report | null = null;
  @state() private error = '';
  @state() private range: { from?: string; to?: string } = {};

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('mid') && this.mid) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.error = '';
      this.r = await api<Report>('GET', `/v1/merchants/${this.mid}/reports${query(this.range)}`);
    } catch (e) {
      this.error = errorText(this.locale, (e as ConsoleApiError).code, (e as Error).message);
    }
  }

  private fmt(m: Metrics, k: 'approvalRate' | 'avgCaptureMs'): string {
    const v = m[k];
    if (v === null) return '—';
    return k === 'approvalRate' ? `${(v * 100).toFixed(1)}%` : `${(v / 1000).toFixed(1)} s`;
  }

  private chart(days: Report['days']) {
    const max = Math.max(1, ...days.map((d) => d.started));
    const w = 1000 / Math.max(1, days.length);
    return html`<svg viewBox="0 0 1000 180" preserveAspectRatio="none" role="img" aria-label=${MESSAGES[this.locale].reports.chart}>
      ${days.map((d, i) => {
        const h1 = (160 * d.started) / max;
        const h2 = (160 * d.approved) / max;
        return svg`<rect x=${i * w + w * 0.15} y=${170 - h1} width=${w * 0.7} height=${h1} rx="2" fill="#c5d3f1"><title>${d.day}: ${d.started}</title></rect>
          <rect x=${i * w + w * 0.15} y=${170 - h2} width=${w * 0.7} height=${h2} rx="2" fill="#2457c5"><title>${d.day}: ${d.approved}</title></rect>`;
      })}
      <line x1="0" x2="1000" y1="170" y2="170" stroke="#dde2ea" />
    </svg>`;
  }

  override render() {
    const t = MESSAGES[this.locale];
    const r = this.r;
    const head = html`${COLS.map((c) => html`<th class="num">${t.reports[c]}</th>`)}<th class="num">${t.reports.approvalRate}</th><th class="num">${t.reports.avgCapture}</th>`;
    const cells = (m: Metrics) => html`${COLS.map((c) => html`<td class="num">${m[c]}</td>`)}<td class="num">${this.fmt(m, 'approvalRate')}</td><td class="num">${this.fmt(m, 'avgCaptureMs')}</td>`;
    return html`
      <h1>${t.reports.title}</h1>
      <div class="card">
        <form class="row" @submit=${(e: Event) => {
          e.preventDefault();
          const f = new FormData(e.target as HTMLFormElement);
          this.range = { from: String(f.get('from') || '') || undefined, to: String(f.get('to') || '') || undefined };
          void this.load();
        }}>
          <label>${t.filters.from}<input type="date" name="from" .value=${r?.from ?? ''} /></label>
          <label>${t.filters.to}<input type="date" name="to" .value=${r?.to ?? ''} /></label>
          <button type="submit">${t.search}</button>
        </form>
      </div>
      ${this.error ? html`<div class="notice error">${this.error}</div>` : ''}
      ${r
        ? html`
            <div class="kpis" data-testid="report-totals">
              ${(['ivrCalls', 'started', 'approved', 'declined', 'abandoned'] as const).map((k) => html`<div class="kpi"><b>${r.totals[k]}</b><span>${t.reports[k]}</span></div>`)}
              <div class="kpi"><b>${this.fmt(r.totals, 'approvalRate')}</b><span>${t.reports.approvalRate}</span></div>
              <div class="kpi"><b>${this.fmt(r.totals, 'avgCaptureMs')}</b><span>${t.reports.avgCapture}</span></div>
            </div>
            <div class="card"><h2>${t.reports.chart}</h2>${this.chart(r.days)}
              <div class="legend"><span><span class="sw a"></span>${t.reports.started}</span><span><span class="sw b"></span>${t.reports.approved}</span></div></div>
            <div class="card flush scroll"><h2 class="pad">${t.reports.perOperator}</h2>
              <table data-testid="report-operators"><thead><tr><th>${t.cols.operator}</th>${head}</tr></thead>
                <tbody>${r.operators.map((o) => html`<tr><td>${o.name ?? t.reports.noOperator}</td>${cells(o)}</tr>`)}</tbody></table></div>
            <div class="card flush scroll"><h2 class="pad">${t.reports.perDay}</h2>
              <table data-testid="report-days"><thead><tr><th>${t.cols.day}</th>${head}</tr></thead>
                <tbody>${[...r.days].reverse().map((d) => html`<tr><td class="mono">${d.day}</td>${cells(d)}</tr>`)}</tbody></table></div>
          `
        : html`<div class="muted">${t.loading}</div>`}
    `;
  }
}
