// The GMO-PG card protocol on the wire: HTTPS POST of form-encoded parameters to `<endpoint>/payment/<Api>.idPass`,
// an answer of `Key=value&…` (with `ErrCode` / `ErrInfo` when it failed), as in GMO-PG's protocol type
// (プロトコルタイプ) documentation and the clients pepabo/gmopg (src/client.ts) and gmopg/sdk-nodejs
// (src/transporters.ts). Every request is logged by name, status, duration and ErrInfo with only allow-listed
// parameters: CardNo, Expire, SecurityCode and the passwords never reach the log.
import { createHash } from 'node:crypto';
import { GatewayRequestLog } from '../request-log.js';
import { OutcomeUnknown } from '../types.js';
import type { Logger } from '../../log/logger.js';

/** Parameters that may be logged; everything else (card fields, passwords, AccessPass) is dropped. */
export const GMO_LOGGABLE = new Set(['ShopID', 'SiteID', 'OrderID', 'JobCd', 'Amount', 'Tax', 'Method', 'PayTimes', 'AccessID', 'MemberID', 'SeqMode', 'CardSeq', 'DefaultFlag']);

export type GmoParams = Record<string, string | number | undefined>;
export type GmoAnswer = Record<string, string>;

export class GmoWire {
  private readonly requests: GatewayRequestLog;

  constructor(
    private readonly endpoint: string,
    log: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.requests = new GatewayRequestLog(log, GMO_LOGGABLE);
  }

  /**
   * Posts one API call. Resolves with the answer (check `ErrInfo`); throws OutcomeUnknown when no answer came
   * back (timeout, connection lost, a 5xx): the call may or may not have been processed.
   */
  async post(api: string, params: GmoParams, merchantId: string, signal: AbortSignal): Promise<GmoAnswer> {
    const endpoint = `/payment/${api}.idPass`;
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, String(v));
    const t0 = performance.now();
    const done = (status: number | 'timeout' | 'network_error', errorCode?: string) =>
      this.requests.record({ gateway: 'gmo-pg', merchantId, method: 'POST', endpoint, status, ms: Math.round(performance.now() - t0), errorCode, params });
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(this.endpoint.replace(/\/+$/, '') + endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain' },
        body: body.toString(),
        signal,
      });
      text = await res.text();
    } catch (err) {
      done(signal.aborted ? 'timeout' : 'network_error');
      throw new OutcomeUnknown(`GMO-PG ${api}: no answer (${signal.aborted ? 'timeout' : 'connection failed'})`, { cause: err });
    }
    const answer = Object.fromEntries(new URLSearchParams(text));
    done(res.status, answer.ErrInfo);
    if (res.status >= 500) throw new OutcomeUnknown(`GMO-PG ${api}: HTTP ${res.status}`);
    if (!res.ok) return { ErrCode: 'E00', ErrInfo: 'E00000010', ...answer };
    return answer;
  }
}

/**
 * GMO-PG order ids are at most 27 letters, digits and `-` and unique per shop. An ivrpay order id that fits is
 * used as it is; any other is replaced by a stable hash of it (the same id always gives the same OrderID, so
 * retries and inquiries find the transaction).
 */
export function gmoOrderId(orderId: string): string {
  if (/^[A-Za-z0-9-]{1,27}$/.test(orderId)) return orderId;
  return `ivp-${createHash('sha256').update(orderId).digest('hex').slice(0, 23)}`;
}

/** GMO-PG's pay method (Method) and count (PayTimes): 1 lump, 2 installments, 3 bonus lump, 4 revolving. */
export const GMO_METHOD = { lump: '1', installments: '2', bonus: '3', revolving: '4' } as const;
