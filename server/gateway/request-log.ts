// The gateway request log: one line per request an adapter sends (gateway, endpoint, status, duration, the
// gateway's error code) with only allow-listed parameters: card fields and credentials are dropped here, before
// anything reaches the logger. Adapters call it; it never sees more than they pass.
import type { Logger } from '../log/logger.js';

export interface GatewayCall {
  gateway: string;
  merchantId: string;
  /** HTTP method */
  method: string;
  /** path without query, e.g. /payment/ExecTran.idPass or /v1/payment_intents/{id}/confirm */
  endpoint: string;
  /** HTTP status, or what went wrong before one came back */
  status: number | 'timeout' | 'network_error';
  ms: number;
  /** the gateway's own error code(s), e.g. "E01040010" or "card_declined/insufficient_funds" */
  errorCode?: string;
  /** request parameters; only the adapter's allow-listed names are kept */
  params?: Record<string, unknown>;
}

/** Keeps only allow-listed, scalar parameters: everything else (card number, expiry, code, passwords) is dropped. */
export function loggableParams(params: Record<string, unknown> | undefined, allow: ReadonlySet<string>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (!allow.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

export class GatewayRequestLog {
  constructor(
    private readonly log: Logger,
    private readonly allow: ReadonlySet<string>,
  ) {}

  record(call: GatewayCall): void {
    const { params, ...rest } = call;
    const entry = { component: 'gateway', ...rest, ...(params ? { params: loggableParams(params, this.allow) } : {}) };
    if (typeof call.status === 'number' && call.status < 400 && !call.errorCode) this.log.info(entry, 'gateway request');
    else this.log.warn(entry, 'gateway request failed');
  }
}
