// The widget's REST client for /v1 (Bearer widget token); turns every failure into an ApiError with a stable code, never logs.
import type { CallView, Field, OperationKind, PayMethod, PaymentView } from '../../server/payments/types.js';
import type { OperationView } from '../../server/payments/operations.js';

/** What POST /v1/payments/:id/sale|void|refund answers: the payment, and the operation (pending while confirmed). */
export interface OperationResult {
  payment: PaymentView;
  operation: OperationView;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** API error code (`token_expired`, `no_call`, …) or the widget's own `network_error` / `bad_response` */
    readonly code: string,
    message: string,
    /** HTTP status, 0 when the server was not reached */
    readonly status: number,
  ) {
    super(message);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiOptions {
  /** base URL of the ivrpay server; '' = same origin */
  server: string;
  token: string;
  fetch?: FetchLike;
}

function codeForStatus(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'invalid_state';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 422) return 'validation_failed';
  return 'internal_error';
}

/** Reads `{ error: { code, message } }` from a failed response; falls back to a code for the HTTP status. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: the status alone says what happened
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' && error.code ? error.code : codeForStatus(res.status);
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
  return new ApiError(code, message, res.status);
}

export function joinUrl(server: string, path: string): string {
  return server.replace(/\/+$/, '') + path;
}

export class IvrPayApi {
  readonly #server: string;
  readonly #token: string;
  readonly #fetch: FetchLike;

  constructor(options: ApiOptions) {
    this.#server = options.server;
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** headers every call sends (also used by the event stream) */
  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.#token}`, accept: 'application/json' };
  }

  url(path: string): string {
    return joinUrl(this.#server, path);
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal, extraHeaders: Record<string, string> = {}): Promise<T> {
    const init: RequestInit = { method, headers: { ...this.headers, ...extraHeaders }, cache: 'no-store', credentials: 'omit' };
    if (signal) init.signal = signal;
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await this.#fetch(this.url(path), init);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError('network_error', err instanceof Error ? err.message : 'fetch failed', 0);
    }
    if (!res.ok) throw await errorFromResponse(res);
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError('bad_response', 'response is not JSON', res.status);
    }
  }

  #payment(paymentId: string, tail = ''): string {
    return `/v1/payments/${encodeURIComponent(paymentId)}${tail}`;
  }

  getPayment(paymentId: string, signal?: AbortSignal): Promise<PaymentView> {
    return this.#request('GET', this.#payment(paymentId), undefined, signal);
  }

  /** Starts the capture on the given call (or the one the server picks when omitted). */
  capture(paymentId: string, callId?: string): Promise<PaymentView> {
    return this.#request('POST', this.#payment(paymentId, '/capture'), callId ? { callId } : {});
  }

  rerequest(paymentId: string, field: Field): Promise<PaymentView> {
    return this.#request('POST', this.#payment(paymentId, '/rerequest'), { field });
  }

  cancel(paymentId: string): Promise<PaymentView> {
    return this.#request('POST', this.#payment(paymentId, '/cancel'));
  }

  /** How the customer pays, chosen before the card is sent (409 once it went to the gateway). */
  chooseMethod(paymentId: string, method: PayMethod): Promise<PaymentView> {
    return this.#request('POST', this.#payment(paymentId, '/method'), { method });
  }

  /** Transfer mode: a fresh identification id for a payment that has not started (the earlier id stops working). */
  renewIdentification(paymentId: string): Promise<PaymentView> {
    return this.#request('POST', this.#payment(paymentId, '/identification'));
  }

  /**
   * Sale of an authorization, void, or refund (`amount` in minor units; all that remains when omitted). The
   * Idempotency-Key makes a retry after a network error return the first operation instead of running a second.
   */
  operate(paymentId: string, kind: OperationKind, idempotencyKey: string, amount?: number): Promise<OperationResult> {
    return this.#request('POST', this.#payment(paymentId, `/${kind}`), kind === 'refund' && amount !== undefined ? { amount } : {}, undefined, { 'idempotency-key': idempotencyKey });
  }

  async listCalls(signal?: AbortSignal): Promise<CallView[]> {
    const body = await this.#request<{ calls?: CallView[] }>('GET', '/v1/calls', undefined, signal);
    if (!Array.isArray(body.calls)) throw new ApiError('bad_response', 'calls missing', 200);
    return body.calls;
  }

  eventsPath(paymentId: string): string {
    return this.#payment(paymentId, '/events');
  }
}
