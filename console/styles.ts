// The console's look, shared by every page: calm neutrals, one blue accent (as the widget), readable tables and forms.
import { css } from 'lit';

export const shared = css`
  :host {
    --accent: #2457c5;
    --accent-soft: #e8eefb;
    --fg: #1c2333;
    --muted: #5d6679;
    --border: #dde2ea;
    --surface: #f4f6f9;
    --card: #ffffff;
    --danger: #c23a3a;
    --success: #1e7f4f;
    --warning: #9a6200;
    --radius: 10px;
    font-family: system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', 'Yu Gothic UI', Meiryo, sans-serif;
    font-size: 14px;
    line-height: 1.5;
    color: var(--fg);
    -webkit-font-smoothing: antialiased;
  }
  *, *::before, *::after { box-sizing: border-box; }
  h1 { font-size: 20px; font-weight: 650; margin: 0 0 4px; letter-spacing: 0.01em; }
  h2 { font-size: 15px; font-weight: 650; margin: 0 0 12px; }
  p.hint { margin: 0 0 16px; color: var(--muted); }
  .card { background: var(--card); border: 1px solid var(--border); border-radius: var(--radius); padding: 18px 20px; margin-bottom: 18px; }
  .card.flush { padding: 0; overflow: hidden; }
  .row { display: flex; gap: 12px; align-items: flex-end; flex-wrap: wrap; }
  .spacer { flex: 1; }
  label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--muted); font-weight: 550; }
  input, select, textarea {
    font: inherit; color: var(--fg); background: #fff; border: 1px solid var(--border); border-radius: 7px; padding: 7px 10px; min-width: 0;
  }
  textarea { min-height: 72px; resize: vertical; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
  input:focus-visible, select:focus-visible, textarea:focus-visible, button:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
  button {
    font: inherit; font-weight: 600; border-radius: 7px; padding: 7px 14px; cursor: pointer; border: 1px solid var(--accent); background: var(--accent); color: #fff;
  }
  button.secondary { background: #fff; color: var(--accent); border-color: var(--border); }
  button.danger { background: #fff; color: var(--danger); border-color: #efcccc; }
  button.link { background: none; border: none; color: var(--accent); padding: 0; font-weight: 550; }
  button:disabled { opacity: 0.55; cursor: default; }
  a { color: var(--accent); text-decoration: none; }
  a:hover { text-decoration: underline; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); background: #fafbfc; padding: 9px 14px; border-bottom: 1px solid var(--border); white-space: nowrap; }
  td { padding: 10px 14px; border-bottom: 1px solid #eef1f5; vertical-align: middle; }
  tr:last-child td { border-bottom: none; }
  td.num, th.num { text-align: right; }
  .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
  .muted { color: var(--muted); }
  .empty { padding: 28px; text-align: center; color: var(--muted); }
  .pill { display: inline-block; padding: 2px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; background: #eef1f5; color: var(--muted); white-space: nowrap; }
  .pill.approved, .pill.captured, .pill.delivered, .pill.active { background: #e3f3ea; color: var(--success); }
  .pill.declined, .pill.failed, .pill.disabled, .pill.locked { background: #f9e6e6; color: var(--danger); }
  .pill.capturing, .pill.authorizing, .pill.pending { background: var(--accent-soft); color: var(--accent); }
  .pill.canceled, .pill.abandoned, .pill.voided, .pill.refunded, .pill.partially_refunded { background: #f6efe0; color: var(--warning); }
  .notice { border-radius: 8px; padding: 10px 14px; margin-bottom: 14px; background: var(--accent-soft); color: #1b3f8f; }
  .notice.error { background: #f9e6e6; color: #8d2222; }
  .notice.warn { background: #fbf3e1; color: #6d4700; }
  .notice.secret { background: #fffbea; color: #5c4500; border: 1px dashed #e3c566; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
  .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 14px 18px; }
  .mt { margin-top: 16px; }
  .pad-all { padding: 14px; }
  h2.pad { padding: 14px 14px 0; }
  .checks { display: flex; flex-wrap: wrap; gap: 6px 16px; }
  .checks label { flex-direction: row; align-items: center; gap: 6px; font-weight: 500; color: var(--fg); font-size: 13px; }
`;
