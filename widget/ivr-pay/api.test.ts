import { describe, expect, it } from 'vitest';
import { ApiError, IvrPayApi, joinUrl, type FetchLike } from './api.js';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(respond: (sent: Sent) => Response | Promise<Response>): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const s: Sent = {
      url,
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    sent.push(s);
    return respond(s);
  };
  return { fetch, sent };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('IvrPayApi', () => {
  it('sends the widget token as a Bearer header and JSON bodies to the documented paths', async () => {
    const { fetch, sent } = fakeFetch(() => json(202, { id: 'p 1', status: 'capturing' }));
    const api = new IvrPayApi({ server: 'https://pay.example/', token: 'tok', fetch });
    await api.getPayment('p 1');
    await api.capture('p 1', 'call-9');
    await api.capture('p 1');
    await api.rerequest('p 1', 'cvv');
    await api.cancel('p 1');
    await api.renewIdentification('p 1');
    await api.chooseMethod('p 1', { kind: 'installments', count: 6 });
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET https://pay.example/v1/payments/p%201',
      'POST https://pay.example/v1/payments/p%201/capture',
      'POST https://pay.example/v1/payments/p%201/capture',
      'POST https://pay.example/v1/payments/p%201/rerequest',
      'POST https://pay.example/v1/payments/p%201/cancel',
      'POST https://pay.example/v1/payments/p%201/identification',
      'POST https://pay.example/v1/payments/p%201/method',
    ]);
    expect(sent.map((s) => s.body)).toEqual([undefined, { callId: 'call-9' }, {}, { field: 'cvv' }, undefined, undefined, { method: { kind: 'installments', count: 6 } }]);
    expect(sent.every((s) => s.headers.authorization === 'Bearer tok')).toBe(true);
    expect(sent[1]!.headers['content-type']).toBe('application/json');
    expect(sent.some((s) => s.url.includes('tok'))).toBe(false);
  });

  it('lists calls relative to the same origin when server is empty', async () => {
    const { fetch, sent } = fakeFetch(() => json(200, { calls: [{ id: 'c1' }] }));
    const calls = await new IvrPayApi({ server: '', token: 't', fetch }).listCalls();
    expect(sent[0]!.url).toBe('/v1/calls');
    expect(calls).toEqual([{ id: 'c1' }]);
  });

  it('throws the server error code and keeps its message secondary', async () => {
    const { fetch } = fakeFetch(() => json(409, { error: { code: 'no_call', message: 'no live call' } }));
    const err = await new IvrPayApi({ server: '', token: 't', fetch }).capture('p').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'no_call', status: 409, message: 'no live call' });
  });

  it('names the failure from the HTTP status when the body is not an API error', async () => {
    const cases: [number, string][] = [
      [401, 'unauthorized'],
      [404, 'not_found'],
      [502, 'internal_error'],
      [429, 'rate_limited'],
    ];
    for (const [status, code] of cases) {
      const { fetch } = fakeFetch(() => new Response('<html>oops</html>', { status }));
      await expect(new IvrPayApi({ server: '', token: 't', fetch }).getPayment('p')).rejects.toMatchObject({ code, status });
    }
  });

  it('reports an unreachable server and a non-JSON success', async () => {
    const down: FetchLike = () => Promise.reject(new TypeError('fetch failed'));
    await expect(new IvrPayApi({ server: '', token: 't', fetch: down }).getPayment('p')).rejects.toMatchObject({
      code: 'network_error',
      status: 0,
    });
    const { fetch } = fakeFetch(() => new Response('ok', { status: 200 }));
    await expect(new IvrPayApi({ server: '', token: 't', fetch }).getPayment('p')).rejects.toMatchObject({ code: 'bad_response' });
    const noCalls = fakeFetch(() => json(200, {}));
    await expect(new IvrPayApi({ server: '', token: 't', fetch: noCalls.fetch }).listCalls()).rejects.toMatchObject({
      code: 'bad_response',
    });
  });
});

describe('joinUrl', () => {
  it('joins without doubling slashes', () => {
    expect(joinUrl('', '/v1/calls')).toBe('/v1/calls');
    expect(joinUrl('http://h:8080//', '/v1/calls')).toBe('http://h:8080/v1/calls');
  });
});
