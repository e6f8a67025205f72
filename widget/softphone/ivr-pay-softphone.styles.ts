// Look of <ivr-pay-softphone>: the same --ivr-pay-* custom properties as <ivr-pay>, compact enough for a CRM side panel.
import { css } from 'lit';
import { theme } from '../theme/theme.js';

export const styles = [
  theme,
  css`
  :host {
    display: block;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .phone {
    padding: 12px 16px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
    display: grid;
    gap: 10px;
  }
  audio {
    display: none;
  }
  h3 {
    margin: 0;
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  p {
    margin: 0;
  }
  .bar {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
  }
  .who {
    flex: 1 1 auto;
    min-width: 0;
  }
  .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
  }
  .dot[data-state='available'] {
    background: var(--_success);
  }
  .dot[data-state='away'] {
    background: var(--_warning);
  }
  .dot[data-state='failed'] {
    background: var(--_danger);
  }
  .presence {
    display: inline-flex;
    gap: 2px;
  }
  .body {
    display: grid;
    gap: 8px;
  }
  .big {
    font-size: 16px;
    font-weight: 600;
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-size: 20px;
  }
  .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
  }
  label {
    display: grid;
    gap: 2px;
    font-size: 12px;
    color: var(--_muted);
  }
  input {
    font: inherit;
    font-size: 14px;
    color: var(--_fg);
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    min-width: 0;
  }
  form {
    display: grid;
    gap: 8px;
  }
  .dial {
    grid-template-columns: 1fr auto;
    align-items: end;
  }
  button {
    font: inherit;
    padding: 7px 14px;
    border-radius: 6px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  button.small {
    padding: 3px 9px;
    font-size: 12px;
  }
  button.quiet {
    border-color: transparent;
    background: transparent;
    color: var(--_muted);
  }
  button.on,
  button[aria-pressed='true'] {
    background: var(--_fg);
    border-color: var(--_fg);
    color: var(--_bg);
  }
  .error {
    color: var(--_danger);
  }
  .warn {
    color: var(--_warning);
  }
  .note,
  .muted {
    color: var(--_muted);
    font-size: 13px;
  }
  .ringing .big {
    color: var(--_accent);
  }
  .payments ul {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
    display: grid;
    gap: 4px;
  }
  .payments li {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
  }
`,
];
