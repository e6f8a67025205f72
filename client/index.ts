// The typed client for merchants' servers: every /v1 route with its input and output types, from the server's own
// route definitions (Hono's hc), plus the webhook signature check. Server-to-server only: it sends the API key.
import { hc } from 'hono/client';
import type { ApiType } from '../server/http/app.js';

export { verifySignature as verifyWebhookSignature, SIGNATURE_HEADER as WEBHOOK_SIGNATURE_HEADER } from '../server/webhooks/signature.js';

/**
 * `createIvrpayClient('https://pay.example.com', 'ivp_…')` → `client.payments.$post({ json: {...} })`,
 * `client.merchants[':mid'].payments.$get({ param: { mid }, query: { status: 'approved' } })`, …
 */
export function createIvrpayClient(baseUrl: string, apiKey: string, init: { fetch?: typeof fetch } = {}) {
  return hc<ApiType>(`${baseUrl.replace(/\/+$/, '')}/v1`, { headers: { authorization: `Bearer ${apiKey}` }, fetch: init.fetch });
}

export type IvrpayClient = ReturnType<typeof createIvrpayClient>;
