// Look of <ivr-pay>: calm, readable at 360 px in a CRM side panel; every colour, the font and the radius come from --ivr-pay-* properties.
import { css } from 'lit';
import { theme } from '../theme/theme.js';

export const styles = [
  theme,
  css`
  :host {
    display: block;
    min-width: 280px;
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .card {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  section {
    padding: 14px 16px;
  }
  section + section {
    border-top: 1px solid var(--_border);
  }
  h2,
  h3 {
    margin: 0;
    font-size: 12px;
    font-weight: 600;
    letter-spacing: 0.02em;
    color: var(--_muted);
  }
  p {
    margin: 0;
  }

  /* summary */
  .summary {
    display: grid;
    gap: 2px;
  }
  .summary-top h2 {
    white-space: nowrap;
  }
  .summary-top {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  .amount {
    font-size: 26px;
    font-weight: 650;
    letter-spacing: -0.01em;
    font-variant-numeric: tabular-nums;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    color: var(--_muted);
    font-size: 13px;
  }
  .meta b {
    font-weight: 500;
    color: var(--_fg);
  }
  .pill {
    flex: none;
    padding: 2px 10px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
    background: var(--_surface);
    color: var(--_muted);
    border: 1px solid var(--_border);
    white-space: nowrap;
  }
  .pill[data-status='capturing'],
  .pill[data-status='authorizing'] {
    color: var(--_accent);
    border-color: color-mix(in srgb, var(--_accent) 35%, transparent);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
  }
  .pill[data-status='approved'] {
    color: var(--_success);
    border-color: color-mix(in srgb, var(--_success) 35%, transparent);
    background: color-mix(in srgb, var(--_success) 8%, var(--_bg));
  }
  .pill[data-status='declined'],
  .pill[data-status='failed'] {
    color: var(--_danger);
    border-color: color-mix(in srgb, var(--_danger) 35%, transparent);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
  }

  /* calls */
  .calls {
    display: grid;
    gap: 10px;
  }

  /* how the customer pays (before the capture) */
  .method {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
    font-size: 13px;
  }
  .method-label {
    color: var(--_muted);
    font-weight: 600;
  }
  .method select {
    flex: 1 1 10em;
    min-width: 0;
    padding: 6px 8px;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 4px);
  }
  .method select:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .call-list {
    display: grid;
    gap: 6px;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .call {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 9px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
    background: var(--_bg);
  }
  .call:has(input:checked) {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 6%, var(--_bg));
  }
  .call[aria-disabled='true'] {
    opacity: 0.55;
    cursor: default;
  }
  .call input {
    accent-color: var(--_accent);
    margin: 0;
  }
  .call-text {
    display: grid;
    min-width: 0;
  }
  .call-caller {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .call-meta {
    color: var(--_muted);
    font-size: 12px;
  }
  .waiting {
    display: flex;
    align-items: center;
    gap: 10px;
    color: var(--_muted);
  }
  .ring {
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_accent);
    box-shadow: 0 0 0 0 color-mix(in srgb, var(--_accent) 45%, transparent);
    animation: ring 1.6s ease-out infinite;
  }
  @keyframes ring {
    to {
      box-shadow: 0 0 0 9px transparent;
    }
  }

  /* transfer mode: the identification id */
  .transfer {
    display: grid;
    gap: 10px;
  }
  .id-box {
    display: grid;
    gap: 4px;
    padding: 10px 12px 9px;
    border: 1px solid color-mix(in srgb, var(--_accent) 30%, var(--_border));
    border-radius: calc(var(--_radius) - 2px);
    background: color-mix(in srgb, var(--_accent) 5%, var(--_bg));
  }
  .id-label {
    font-size: 12px;
    color: var(--_muted);
  }
  .id-line {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
  }
  .id-code {
    display: inline-block;
    white-space: nowrap;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace;
    font-size: 34px;
    font-weight: 700;
    line-height: 1.15;
    letter-spacing: 0.06em;
    font-variant-numeric: tabular-nums;
    color: var(--_fg);
    user-select: all;
  }
  /* the groups are spaced by margin, not by text: what is selected and copied is the plain id */
  .id-group + .id-group {
    margin-left: 0.45em;
  }
  .countdown {
    font-size: 13px;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .transfer[data-state='warning'] .id-box {
    border-color: color-mix(in srgb, var(--_warning) 55%, var(--_border));
    background: color-mix(in srgb, var(--_warning) 7%, var(--_bg));
  }
  .countdown[data-state='warning'] {
    color: var(--_warning);
    font-weight: 600;
  }
  .transfer[data-state='expired'] .id-box {
    border-color: var(--_border);
    background: var(--_surface);
  }
  .transfer[data-state='expired'] .id-code {
    color: var(--_muted);
    text-decoration: line-through;
    text-decoration-thickness: 2px;
    user-select: none;
  }
  .countdown[data-state='expired'] {
    color: var(--_danger);
  }
  .facts.ivr dd {
    font-size: 15px;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
  }
  .or {
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  .return-failed {
    padding: 8px 10px;
    border-radius: calc(var(--_radius) - 4px);
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 7%, var(--_bg));
    font-weight: 600;
    font-size: 13px;
  }

  /* buttons */
  button {
    font: inherit;
    cursor: pointer;
    border-radius: calc(var(--_radius) - 2px);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    padding: 7px 12px;
    font-weight: 600;
    line-height: 1.25;
  }
  button:hover:not(:disabled) {
    background: var(--_surface);
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .primary {
    width: 100%;
    padding: 11px 16px;
    font-size: 15px;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_accent) 88%, black);
  }
  .small {
    padding: 4px 10px;
    font-size: 12px;
    color: var(--_accent);
    white-space: nowrap;
  }
  .quiet {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 12px;
    margin-top: 12px;
  }

  /* steps */
  .steps {
    list-style: none;
    margin: 10px 0 0;
    padding: 0;
    display: grid;
  }
  .step {
    display: grid;
    grid-template-columns: 24px 1fr auto;
    align-items: start;
    column-gap: 10px;
    padding: 8px 0;
    position: relative;
  }
  .step:not(:last-child)::after {
    content: '';
    position: absolute;
    left: 11px;
    top: 32px;
    bottom: -4px;
    width: 2px;
    background: var(--_border);
  }
  .step[data-state='done']:not(:last-child)::after {
    background: color-mix(in srgb, var(--_success) 45%, var(--_border));
  }
  .marker {
    width: 24px;
    height: 24px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 12px;
    font-weight: 700;
    border: 2px solid var(--_border);
    color: var(--_muted);
    background: var(--_bg);
  }
  .marker svg {
    width: 14px;
    height: 14px;
  }
  .step[data-state='current'] .marker {
    border-color: var(--_accent);
    color: var(--_accent);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 18%, transparent);
  }
  .step[data-state='done'] .marker {
    border-color: var(--_success);
    background: var(--_success);
    color: #fff;
  }
  .step[data-state='error'] .marker {
    border-color: var(--_danger);
    background: var(--_danger);
    color: #fff;
  }
  .step[data-state='skipped'] .marker,
  .step[data-state='stopped'] .marker {
    border-style: dashed;
  }
  .step-body {
    min-width: 0;
    display: grid;
    gap: 2px;
  }
  .step-label {
    font-weight: 600;
  }
  .step[data-state='waiting'] .step-label,
  .step[data-state='skipped'] .step-label,
  .step[data-state='stopped'] .step-label {
    color: var(--_muted);
    font-weight: 500;
  }
  .step-detail {
    color: var(--_muted);
    font-size: 13px;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .step[data-state='error'] .step-detail {
    color: var(--_danger);
  }
  .step[data-state='done'] .step-detail {
    color: var(--_fg);
  }
  .step-note {
    color: var(--_warning);
    font-size: 12px;
  }
  .meter {
    display: flex;
    flex-wrap: wrap;
    gap: 3px;
    margin: 3px 0 1px;
  }
  .meter i {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_border);
  }
  .meter i.on {
    background: var(--_accent);
  }
  .muted-note {
    margin-top: 10px;
    padding: 8px 10px;
    border-radius: calc(var(--_radius) - 4px);
    background: var(--_surface);
    color: var(--_muted);
    font-size: 12px;
  }

  /* result */
  .result {
    display: grid;
    gap: 8px;
  }
  .result-head {
    display: flex;
    align-items: center;
    gap: 10px;
    font-size: 17px;
    font-weight: 700;
  }
  .result-icon {
    flex: none;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    color: #fff;
    background: var(--_muted);
  }
  .result-icon svg {
    width: 16px;
    height: 16px;
  }
  .result[data-status='approved'] .result-icon {
    background: var(--_success);
  }
  .result[data-status='approved'] .result-head {
    color: var(--_success);
  }
  .result[data-status='declined'] .result-icon,
  .result[data-status='failed'] .result-icon {
    background: var(--_danger);
  }
  .result[data-status='declined'] .result-head,
  .result[data-status='failed'] .result-head {
    color: var(--_danger);
  }
  .facts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px 14px;
    margin: 0;
    font-size: 13px;
  }
  .facts dt {
    color: var(--_muted);
  }
  .operations {
    margin-top: 12px;
    padding-top: 10px;
    border-top: 1px solid var(--_border);
  }
  .operation-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .operations .small.primary {
    width: auto;
    font-size: 13px;
    color: var(--_accent-fg);
  }
  .operations .confirm {
    margin: 8px 0 0;
    font-size: 13px;
  }
  .amount-field {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 13px;
  }
  .amount-field input {
    width: 9em;
    padding: 4px 6px;
    font: inherit;
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
  .facts dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 13px;
  }

  /* banners */
  .banner {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 10px;
    margin: 0;
    padding: 9px 16px;
    font-size: 13px;
    border-top: 1px solid var(--_border);
  }
  .banner.error {
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 7%, var(--_bg));
  }
  .banner.connection {
    color: var(--_warning);
    background: color-mix(in srgb, var(--_warning) 8%, var(--_bg));
  }
  .banner .code {
    color: var(--_muted);
    font-size: 11px;
  }
  .loading {
    color: var(--_muted);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  @media (prefers-reduced-motion: reduce) {
    .ring {
      animation: none;
    }
  }
`,
];
