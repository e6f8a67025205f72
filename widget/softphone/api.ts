// The softphone's REST client for /v1/softphone (Bearer operator token): sign-in, SIP credentials, presence, state,
// click-to-call, hang-up, rejoin, payments. Every failure is an ApiError with a stable code; nothing is logged.
import type { PaymentView } from '../../server/payments/types.js';
import type { Presence, SipCredentials, SoftphoneSession, SoftphoneSignIn, SoftphoneState } from '../../server/softphone/types.js';
import { ApiError, errorFromResponse, joinUrl, type FetchLike } from '../ivr-pay/api.js';

export class SoftphoneApi {
  token = '';

  constructor(
    private readonly server: string,
    private readonly fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
  ) {}

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(joinUrl(this.server, `/v1/softphone${path}`), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (err) {
      throw new ApiError('network_error', err instanceof Error ? err.message : 'fetch failed', 0);
    }
    if (!res.ok) throw await errorFromResponse(res);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError('bad_response', 'response is not JSON', res.status);
    }
  }

  signIn(loginId: string, password: string): Promise<SoftphoneSignIn> {
    return this.#request('POST', '/sign-in', { loginId, password });
  }

  session(): Promise<SoftphoneSession> {
    return this.#request('GET', '/session');
  }

  signOut(): Promise<void> {
    return this.#request('POST', '/sign-out');
  }

  credentials(): Promise<SipCredentials> {
    return this.#request('POST', '/sip-credentials');
  }

  state(): Promise<SoftphoneState> {
    return this.#request('GET', '/state');
  }

  presence(presence: Presence): Promise<SoftphoneState> {
    return this.#request('POST', '/presence', { presence });
  }

  dial(number: string): Promise<unknown> {
    return this.#request('POST', '/calls', { number });
  }

  hangup(callId: string): Promise<SoftphoneState> {
    return this.#request('POST', `/calls/${encodeURIComponent(callId)}/hangup`);
  }

  rejoin(callId: string): Promise<SoftphoneState> {
    return this.#request('POST', `/calls/${encodeURIComponent(callId)}/rejoin`);
  }

  async payments(): Promise<PaymentView[]> {
    return (await this.#request<{ payments: PaymentView[] }>('GET', '/payments')).payments;
  }

  widgetToken(paymentId: string): Promise<{ token: string; expiresAt: string }> {
    return this.#request('POST', `/payments/${encodeURIComponent(paymentId)}/widget-token`);
  }
}
