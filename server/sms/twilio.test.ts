// The Twilio adapter against a local server that speaks the Messages API wire format.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioSmsProvider } from './twilio.js';
import { SmsError, toE164 } from './types.js';
import { SandboxSmsProvider } from './sandbox.js';

const seen: { path: string; auth: string; form: URLSearchParams }[] = [];
let base = '';
const server = createServer(async (req: IncomingMessage, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', form });
  res.setHeader('content-type', 'application/json');
  if (form.get('To') === '+15005550001') {
    res.statusCode = 400;
    res.end(JSON.stringify({ code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", status: 400 }));
    return;
  }
  res.statusCode = 201;
  res.end(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', to: form.get('To') }));
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('TwilioSmsProvider', () => {
  const twilio = () => new TwilioSmsProvider({ accountSid: 'AC123', authToken: 'secret-token', from: '+15005550006', baseUrl: base });

  it('posts To/From/Body form-encoded with basic auth, and returns the message sid', async () => {
    const id = await twilio().send({ to: '+819012345678', body: 'ivrpay code 482913' }, new AbortController().signal);
    expect(id).toBe('SM0123456789abcdef0123456789abcdef');
    const req = seen.at(-1)!;
    expect(req.path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(req.auth).toBe(`Basic ${Buffer.from('AC123:secret-token').toString('base64')}`);
    expect(Object.fromEntries(req.form)).toEqual({ To: '+819012345678', From: '+15005550006', Body: 'ivrpay code 482913' });
  });

  it('turns a refusal into an SmsError with the provider code, without the body', async () => {
    const err = await twilio()
      .send({ to: '+15005550001', body: 'ivrpay code 111222' }, new AbortController().signal)
      .catch((e) => e);
    expect(err).toBeInstanceOf(SmsError);
    expect(err.providerCode).toBe('21211');
    expect(err.message).not.toContain('111222');
  });

  it('an unreachable provider is an SmsError too', async () => {
    const p = new TwilioSmsProvider({ accountSid: 'AC1', authToken: 't', from: 'X', baseUrl: 'http://127.0.0.1:1' });
    await expect(p.send({ to: '+819012345678', body: 'x' }, new AbortController().signal)).rejects.toBeInstanceOf(SmsError);
  });
});

describe('sandbox and numbers', () => {
  it('keeps sent messages for the demo page', async () => {
    const s = new SandboxSmsProvider();
    await s.send({ to: '+819011112222', body: 'a' });
    await s.send({ to: '+819033334444', body: 'b' });
    expect(s.messages('+819011112222').map((m) => m.body)).toEqual(['a']);
    expect(s.messages()).toHaveLength(2);
  });
  it('normalizes Japanese numbers to E.164', () => {
    expect(toE164('090-1234-5678')).toBe('+819012345678');
    expect(toE164('+81 90 1234 5678')).toBe('+819012345678');
    expect(toE164('anonymous')).toBeNull();
    expect(toE164('123')).toBeNull();
  });
});
