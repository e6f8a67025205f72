// The --ivr-pay-* custom properties every ivrpay element is themed by, with their defaults, as the private --_* names the styles use.
import { css } from 'lit';

export const theme = css`
  :host {
    --_accent: var(--ivr-pay-accent, #2457c5);
    --_accent-fg: var(--ivr-pay-accent-fg, #ffffff);
    --_bg: var(--ivr-pay-bg, #ffffff);
    --_fg: var(--ivr-pay-fg, #1c2333);
    --_muted: var(--ivr-pay-muted, #5d6679);
    --_border: var(--ivr-pay-border, #dde2ea);
    --_surface: var(--ivr-pay-surface, #f5f7fa);
    --_danger: var(--ivr-pay-danger, #c23a3a);
    --_success: var(--ivr-pay-success, #1e7f4f);
    --_warning: var(--ivr-pay-warning, #9a6200);
    --_radius: var(--ivr-pay-radius, 10px);
    --_font: var(--ivr-pay-font, system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', 'Yu Gothic UI', Meiryo, sans-serif);
    color: var(--_fg);
    font-family: var(--_font);
    font-size: 14px;
    line-height: 1.5;
  }
`;
