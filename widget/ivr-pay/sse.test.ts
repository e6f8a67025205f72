import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../server/payments/types.js';
import { PaymentEventStream, parsePaymentEvent, type StreamState } from './sse.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
const streams: PaymentEventStream[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/payments/p1/events`, requests };
}

function sse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.flushHeaders();
}

function event(seq: number): string {
  const e: PaymentEvent = { seq, paymentId: 'p1', type: 'digit', status: 'capturing', at: '2025-01-01T00:00:00Z', field: 'pan', entered: seq };
  return `id: ${seq}\nevent: payment\ndata: ${JSON.stringify(e)}\n\n`;
}

function follow(url: string, extra: Partial<ConstructorParameters<typeof PaymentEventStream>[0]> = {}) {
  const events: number[] = [];
  const states: StreamState[] = [];
  const fatal: string[] = [];
  const stream = new PaymentEventStream(
    { url, headers: { authorization: 'Bearer tok' }, initialDelayMs: 20, maxDelayMs: 80, ...extra },
    { event: (e) => events.push(e.seq), state: (s) => states.push(s), fatal: (e) => fatal.push(e.code) },
  );
  streams.push(stream);
  stream.start();
  return { stream, events, states, fatal };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('PaymentEventStream', () => {
  it('reads payment events with the token in a header, and resumes after a drop with Last-Event-ID', async () => {
    const { url, requests } = await serve((req, res, n) => {
      sse(res);
      if (n === 1) {
        res.write(': ping\n\n' + event(1) + event(2) + 'event: other\ndata: {}\n\n');
        setTimeout(() => res.destroy(), 20); // the connection drops
      } else {
        res.write(event(3));
      }
    });
    const { events, states } = follow(url);
    await until(() => events.length === 3);
    expect(events).toEqual([1, 2, 3]);
    expect(requests[0]!.headers.authorization).toBe('Bearer tok');
    expect(requests[0]!.headers['last-event-id']).toBeUndefined();
    expect(requests[1]!.headers['last-event-id']).toBe('2');
    expect(requests.every((r) => !r.url!.includes('tok'))).toBe(true);
    expect(states.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting']);
    expect(states.at(-1)).toBe('open');
  });

  it('stops for good when the token has expired', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'token_expired', message: 'expired' } }));
    });
    const { fatal, states } = follow(url);
    await until(() => fatal.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(fatal).toEqual(['token_expired']);
    expect(requests).toHaveLength(1);
    expect(states.at(-1)).toBe('closed');
  });

  it('keeps retrying while the server is unavailable, then carries on', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n < 3) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal_error', message: 'starting' } }));
        return;
      }
      sse(res);
      res.write(event(5));
    });
    const { events, fatal } = follow(url);
    await until(() => events.length === 1);
    expect(requests).toHaveLength(3);
    expect(fatal).toEqual([]);
  });

  it('reconnects when the connection goes silent (no heartbeat)', async () => {
    const { url, requests } = await serve((req, res, n) => {
      sse(res);
      if (n === 1) res.write(event(1)); // then nothing, not even a ping
      else res.write(event(2));
    });
    const { events } = follow(url, { idleTimeoutMs: 150 });
    await until(() => events.length === 2);
    expect(requests[1]!.headers['last-event-id']).toBe('1');
  });

  it('treats a non-stream answer as a failure to retry', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>proxy login</html>');
        return;
      }
      sse(res);
      res.write(event(1));
    });
    const { events } = follow(url);
    await until(() => events.length === 1);
    expect(requests).toHaveLength(2);
  });

  it('stops reading and reconnecting once closed', async () => {
    const { url, requests } = await serve((_req, res) => {
      sse(res);
      res.write(event(1));
      setTimeout(() => res.destroy(), 10);
    });
    const { stream, events, states } = follow(url);
    await until(() => events.length === 1);
    stream.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(states.at(-1)).toBe('closed');
  });

  it('backs off exponentially with jitter, up to the maximum', () => {
    const low = new PaymentEventStream({ url: '', headers: {}, initialDelayMs: 500, maxDelayMs: 15_000, random: () => 0 }, { event() {} });
    const high = new PaymentEventStream({ url: '', headers: {}, initialDelayMs: 500, maxDelayMs: 15_000, random: () => 1 }, { event() {} });
    expect([1, 2, 3, 4, 10].map((n) => high.delayFor(n))).toEqual([500, 1000, 2000, 4000, 15_000]);
    expect([1, 2, 10].map((n) => low.delayFor(n))).toEqual([250, 500, 7500]);
  });
});

describe('parsePaymentEvent', () => {
  it('accepts an event and skips anything else', () => {
    expect(parsePaymentEvent('{"seq":1,"type":"digit","status":"capturing"}')).toMatchObject({ seq: 1 });
    expect(parsePaymentEvent('{"seq":"1","type":"digit","status":"capturing"}')).toBeNull();
    expect(parsePaymentEvent('not json')).toBeNull();
    expect(parsePaymentEvent('null')).toBeNull();
  });
});
