// A scripted stand-in for the ivrpay server in browser tests: the /v1 widget API with SSE replay, the demo CRM API, and the static widget and demo files. Holds no card data.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { CallView, PaymentEvent, PaymentView } from '../../../server/payments/types.js';
import { ROOT } from './browser.js';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Date.now() when it arrived */
  at: number;
}

export interface ApiErrorReply {
  status: number;
  code: string;
  message?: string;
}

export interface DemoConfig {
  merchantName: string;
  dids: string[];
  /** which number is which (the real demo backend answers it; older ones do not) */
  numbers?: { number: string; mode: 'operator' | 'ivr' }[];
  simulator: boolean;
  testCards: { number: string; outcome: string; brand: string; note?: string }[];
  /** the demo merchant's IVR steps (the real demo backend answers them) */
  options?: DemoOptions;
}

export interface DemoOptions {
  smsCheck: boolean;
  askMethodInIvr: boolean;
  confirmAmount: boolean;
}

/** One text in the sandbox SMS outbox, as GET /demo/api/sms lists it. */
export interface DemoSms {
  to: string;
  body: string;
  at: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

const FINAL = new Set(['approved', 'declined', 'failed', 'canceled', 'abandoned']);

export function paymentView(overrides: Partial<PaymentView> = {}): PaymentView {
  return {
    id: 'pay_demo01',
    merchantId: 'm_demo',
    orderId: 'A-1001',
    amount: 12800,
    currency: 'JPY',
    job: 'capture',
    memberId: null,
    status: 'created',
    callId: null,
    operatorId: null,
    brand: null,
    last4: null,
    approvalCode: null,
    transactionId: null,
    cardToken: null,
    error: null,
    method: { kind: 'lump' },
    refundedAmount: 0,
    identification: null,
    slipNumber: null,
    createdAt: '2025-01-15T10:00:00.000Z',
    updatedAt: '2025-01-15T10:00:00.000Z',
    ...overrides,
  };
}

export class FakeIvrpay {
  url = '';
  /** every request but static files, in order */
  readonly requests: SeenRequest[] = [];
  payment: PaymentView = paymentView();
  calls: CallView[] = [];
  /** the only token the /v1 API accepts */
  token = 'wt_test_token';
  tokenExpired = false;
  /** status events emitted so far (the replay log) */
  readonly log: PaymentEvent[] = [];
  /** answer the next stream requests with 503, this many times */
  refuseStreams = 0;
  /** on a resume, also send this many events at or before Last-Event-ID (a sloppy server), to prove the widget ignores them */
  replayOverlap = 0;
  /** the next GET of the payment, or POST to /v1/payments/:id/<action>, fails with this */
  readonly failNext = new Map<'get' | 'capture' | 'rerequest' | 'cancel' | 'sale' | 'void' | 'refund' | 'identification' | 'method', ApiErrorReply>();
  /** transfer mode: the ids POST …/identification issues next (each valid `idValidMs` from then) */
  readonly renewCodes: string[] = [];
  idValidMs = 5 * 60_000;
  /** transfer mode: payments the demo backend creates get an identification id */
  demoIdentification = false;
  /** what the host page at / contains */
  hostPage = '<!doctype html><title>host</title>';
  demoConfig: DemoConfig = { merchantName: 'Demo Shop', dids: ['0501234567'], simulator: true, testCards: [] };
  /** answers for POST /demo/api/payments */
  nextWidgetToken = 'wt_test_token';
  /** the sandbox SMS outbox GET /demo/api/sms answers (newest first); null = the server has no sandbox SMS (503) */
  smsOutbox: DemoSms[] | null = [];

  readonly #streams = new Set<ServerResponse>();
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.#streams) s.destroy();
    this.#server.closeAllConnections();
    await new Promise((r) => this.#server.close(r));
  }

  /** Appends events to the log, updates the payment as the real server would, and pushes them to open streams. */
  emit(...events: PaymentEvent[]): void {
    for (const e of events) {
      this.log.push(e);
      this.payment = {
        ...this.payment,
        status: e.status,
        brand: e.brand ?? this.payment.brand,
        last4: e.last4 ?? this.payment.last4,
        approvalCode: e.approvalCode ?? this.payment.approvalCode,
        transactionId: e.transactionId ?? this.payment.transactionId,
        cardToken: e.cardToken ?? this.payment.cardToken,
        error: FINAL.has(e.status) && e.error ? e.error : this.payment.error,
        identification:
          e.type === 'identification_issued' && e.identificationCode && e.identificationExpiresAt
            ? { code: e.identificationCode, expiresAt: e.identificationExpiresAt }
            : e.type === 'customer_connected' || e.status !== 'created'
              ? null
              : this.payment.identification,
      };
      for (const s of this.#streams) s.write(frame(e));
    }
  }

  /** Cuts every open event stream, as a proxy or a flaky network would. */
  dropStreams(): void {
    for (const s of this.#streams) s.destroy();
    this.#streams.clear();
  }

  get openStreams(): number {
    return this.#streams.size;
  }

  seen(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (req.method === 'GET' && (path === '/' || path === '/host.html')) return send(res, 200, this.hostPage, TYPES['.html']!);
    if (req.method === 'GET' && path.startsWith('/widget/')) return this.#static(res, join(ROOT, 'dist/widget'), path.slice('/widget/'.length));
    if (req.method === 'GET' && path.startsWith('/demo/') && !path.startsWith('/demo/api/')) {
      return this.#static(res, join(ROOT, 'demo'), path.slice('/demo/'.length) || 'index.html');
    }
    const at = Date.now();
    const body = await readJson(req);
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body, at });
    if (path.startsWith('/v1/')) return this.#api(req, res, path, body);
    if (path.startsWith('/demo/api/')) return this.#demoApi(req, res, path, body);
    return error(res, { status: 404, code: 'not_found' });
  }

  #api(req: IncomingMessage, res: ServerResponse, path: string, body: unknown): void {
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(res, { status: 401, code: 'unauthorized' });
    if (this.tokenExpired) return error(res, { status: 401, code: 'token_expired', message: 'widget token expired' });
    if (req.method === 'GET' && path === '/v1/calls') return json(res, 200, { calls: this.calls });
    const m = /^\/v1\/payments\/([^/]+)(?:\/(capture|rerequest|cancel|events|sale|void|refund|identification|method))?$/.exec(path);
    if (!m || decodeURIComponent(m[1]!) !== this.payment.id) return error(res, { status: 404, code: 'not_found' });
    const action = m[2];
    if (req.method === 'GET' && !action) {
      const failure = this.failNext.get('get');
      this.failNext.delete('get');
      return failure ? error(res, failure) : json(res, 200, this.payment);
    }
    if (req.method === 'GET' && action === 'events') return this.#events(req, res);
    if (req.method !== 'POST' || !action || action === 'events') return error(res, { status: 405, code: 'validation_failed' });
    const failure = this.failNext.get(action as 'capture');
    if (failure) {
      this.failNext.delete(action as 'capture');
      return error(res, failure);
    }
    if (action === 'capture') {
      if (this.payment.status !== 'created') return error(res, { status: 409, code: 'invalid_state' });
      const callId = (body as { callId?: string } | null)?.callId ?? this.calls[0]?.id ?? null;
      this.payment = { ...this.payment, status: 'capturing', callId };
      return json(res, 202, this.payment);
    }
    if (action === 'rerequest') return json(res, 202, this.payment);
    if (action === 'identification') return this.#renewIdentification(res);
    if (action === 'method') return this.#chooseMethod(res, body);
    if (action === 'sale' || action === 'void' || action === 'refund') return this.#operate(res, action, body);
    this.payment = {
      ...this.payment,
      status: 'canceled',
      error: { code: 'canceled_by_operator', message: 'canceled by the operator' },
    };
    return json(res, 200, this.payment);
  }

  /** A fresh identification id and its event, as the server does it; refused once the payment started. */
  #renewIdentification(res: ServerResponse): void {
    if (this.payment.status !== 'created' || this.log.some((e) => e.type === 'customer_connected')) return error(res, { status: 409, code: 'invalid_state' });
    const code = this.renewCodes.shift() ?? String(100_000 + this.requests.length).slice(-6);
    const last = this.log.at(-1);
    this.emit({
      seq: (last?.seq ?? 0) + 1,
      paymentId: this.payment.id,
      type: 'identification_issued',
      status: 'created',
      at: new Date().toISOString(),
      identificationCode: code,
      identificationExpiresAt: new Date(Date.now() + this.idValidMs).toISOString(),
    });
    json(res, 201, this.payment);
  }

  /** How the customer pays, as the server takes it: before the card is sent, one method_chosen event, the plain payment back. */
  #chooseMethod(res: ServerResponse, body: unknown): void {
    if (this.payment.status !== 'created' && this.payment.status !== 'capturing') return error(res, { status: 409, code: 'invalid_state' });
    const method = (body as { method?: PaymentView['method'] } | null)?.method;
    if (!method) return error(res, { status: 400, code: 'validation_failed' });
    this.payment = { ...this.payment, method };
    const last = this.log.at(-1);
    this.emit({ seq: (last?.seq ?? 0) + 1, paymentId: this.payment.id, type: 'method_chosen', status: this.payment.status, at: new Date().toISOString(), method });
    const { payMethods: _menu, ...plain } = this.payment;
    json(res, 200, plain);
  }

  /** After approval, as the server does it for a gateway that voids the same day and refunds in parts. */
  #operate(res: ServerResponse, kind: 'sale' | 'void' | 'refund', body: unknown): void {
    const p = this.payment;
    if (!(p.operations ?? []).includes(kind)) return error(res, { status: 409, code: 'invalid_state' });
    const left = p.amount - p.refundedAmount;
    const amount = kind === 'sale' ? p.amount : kind === 'void' ? left : ((body as { amount?: number } | null)?.amount ?? left);
    if (amount > left) return error(res, { status: 422, code: 'refund_exceeds_amount' });
    const refunded = kind === 'refund' ? p.refundedAmount + amount : p.refundedAmount;
    const status = kind === 'sale' ? 'captured' : kind === 'void' ? 'voided' : refunded === p.amount ? 'refunded' : 'partially_refunded';
    const operations: PaymentView['operations'] = status === 'captured' ? ['void', 'refund'] : status === 'partially_refunded' ? ['refund'] : [];
    this.payment = { ...p, status, refundedAmount: refunded, operations };
    const at = new Date().toISOString();
    json(res, 200, { payment: this.payment, operation: { id: `op_${this.requests.length}`, kind, amount, status: 'succeeded', error: null, createdAt: at, updatedAt: at } });
  }

  #events(req: IncomingMessage, res: ServerResponse): void {
    if (this.refuseStreams > 0) {
      this.refuseStreams--;
      return error(res, { status: 503, code: 'internal_error', message: 'try later' });
    }
    const header = req.headers['last-event-id'];
    const after = typeof header === 'string' && header ? Number(header) : 0;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': hello\n\n');
    const firstNew = this.log.findIndex((e) => e.seq > after);
    const start = after === 0 ? 0 : Math.max(0, (firstNew < 0 ? this.log.length : firstNew) - this.replayOverlap);
    for (const e of this.log.slice(start)) res.write(frame(e));
    this.#streams.add(res);
    res.on('close', () => this.#streams.delete(res));
  }

  #demoApi(req: IncomingMessage, res: ServerResponse, path: string, body: unknown): void {
    if (req.method === 'GET' && path === '/demo/api/config') return json(res, 200, this.demoConfig);
    if (req.method === 'POST' && path === '/demo/api/payments') {
      const b = body as { orderId?: string; amount: number; currency?: string; job: PaymentView['job']; memberId?: string };
      this.payment = paymentView({
        id: `pay_${this.requests.length}`,
        orderId: b.orderId ?? `ORD-${this.requests.length}`,
        amount: b.amount,
        currency: b.currency ?? 'JPY',
        job: b.job,
        memberId: b.memberId ?? null,
      });
      this.token = this.nextWidgetToken;
      this.log.length = 0;
      if (this.demoIdentification) {
        const at = new Date().toISOString();
        this.emit(
          { seq: 1, paymentId: this.payment.id, type: 'created', status: 'created', at },
          { seq: 2, paymentId: this.payment.id, type: 'identification_issued', status: 'created', at, identificationCode: this.renewCodes.shift() ?? '570318', identificationExpiresAt: new Date(Date.now() + this.idValidMs).toISOString() },
        );
      }
      return json(res, 201, { paymentId: this.payment.id, widgetToken: this.token, orderId: this.payment.orderId, identification: this.payment.identification });
    }
    if (req.method === 'GET' && path === '/demo/api/sms') {
      return this.smsOutbox ? json(res, 200, { messages: this.smsOutbox }) : error(res, { status: 503, code: 'sms_unavailable', message: 'not the sandbox SMS provider' });
    }
    if (req.method === 'POST' && path === '/demo/api/options') {
      const options = { ...(this.demoConfig.options ?? { smsCheck: false, askMethodInIvr: false, confirmAmount: true }), ...(body as Partial<DemoOptions>) };
      this.demoConfig = { ...this.demoConfig, options };
      return json(res, 200, { options });
    }
    if (req.method === 'POST' && path === '/demo/api/phone/call') return json(res, 201, { phoneId: 'phone-1' });
    if (req.method === 'POST' && /^\/demo\/api\/phone\/[^/]+\/(keys|hangup)$/.test(path)) return json(res, 200, { ok: true });
    return error(res, { status: 404, code: 'not_found' });
  }

  #static(res: ServerResponse, dir: string, file: string): void {
    const path = normalize(join(dir, file));
    if (!path.startsWith(dir)) return error(res, { status: 404, code: 'not_found' });
    try {
      send(res, 200, readFileSync(path), TYPES[extname(path)] ?? 'application/octet-stream');
    } catch {
      error(res, { status: 404, code: 'not_found' });
    }
  }
}

function frame(e: PaymentEvent): string {
  return `id: ${e.seq}\nevent: payment\ndata: ${JSON.stringify(e)}\n\n`;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json');
}

function error(res: ServerResponse, e: ApiErrorReply): void {
  json(res, e.status, { error: { code: e.code, message: e.message ?? e.code } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
