// The management API's edges: sign-in (cookie flags, CSRF, lockout, forced password change), every endpoint
// refusing the wrong merchant (404) and the wrong role (403) with nothing written, bad input refused clearly,
// merchants, keys, operators, origins, search, CSV, audit. Ends by scanning everything written for card numbers.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers } from '../support/stack.js';
import { ConsoleUser, merchantUser, platformAdmin } from '../support/console-client.js';
import { futureExpiry, keyCard, startCapture } from '../support/payment-run.js';

let stack: Stack;
let root: ConsoleUser;
let adminA: ConsoleUser;
let operatorA: ConsoleUser;
let adminB: ConsoleUser;
let A: { id: string; apiKey: string; keyId: string; paymentId: string; operatorId: string; endpointId: string };
let B: { id: string };

beforeAll(async () => {
  stack = await Stack.start();
  root = await platformAdmin(stack);
  const a = await root.request('POST', '/v1/merchants', { name: 'Shop A' });
  const b = await root.request('POST', '/v1/merchants', { name: 'Shop B' });
  expect([a.status, b.status]).toEqual([201, 201]);
  adminA = await merchantUser(stack, root, a.json.id, 'merchant_admin');
  operatorA = await merchantUser(stack, adminA, a.json.id, 'operator');
  adminB = await merchantUser(stack, root, b.json.id, 'merchant_admin');
  const key = await adminA.request('POST', `/v1/merchants/${a.json.id}/api-keys`, { label: 'crm' });
  const pay = await stack.api('POST', '/v1/payments', key.json.key, { orderId: 'A-1', amount: 1200, job: 'auth' });
  const hook = await adminA.request('POST', `/v1/merchants/${a.json.id}/webhooks`, { url: 'https://orders.example.com/hooks/ivrpay' });
  A = { id: a.json.id, apiKey: key.json.key, keyId: key.json.apiKey.id, paymentId: pay.json.payment.id, operatorId: operatorA.user.operatorId, endpointId: hook.json.endpoint.id };
  B = { id: b.json.id };
});
afterAll(async () => {
  expect(findCardNumbers(stack.written())).toEqual([]);
  await stack.close();
});

const TABLES = ['merchants', 'operators', 'api_keys', 'payments', 'payment_events', 'webhook_endpoints', 'webhook_deliveries', 'platform_admins', 'audit_log', 'dids'];
const counts = () => Promise.all(TABLES.map(async (t) => Number((await stack.query<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${t}`)))[0]!.n)));
const settingsOf = async (id: string) => (await stack.ivr.merchants.get(id))!.settings;

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Strict session cookie (not Secure on http), and signs out', async () => {
    const u = new ConsoleUser(stack, adminA.loginId, adminA.password);
    const res = await u.signIn();
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ivrpay_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.json).toMatchObject({ user: { role: 'merchant_admin', merchantId: A.id }, csrfToken: expect.any(String) });
    expect(res.json.permissions).toContain('operators.manage');
    expect(JSON.stringify(res.json)).not.toMatch(/passwordHash|scrypt|Sakura/);
    expect((await u.request('GET', '/v1/auth/session')).status).toBe(200);
    expect((await u.request('POST', '/v1/auth/sign-out')).status).toBe(204);
    expect((await u.request('GET', '/v1/auth/session')).status).toBe(401);
    expect((await u.request('GET', `/v1/merchants/${A.id}`)).status).toBe(401);
  });

  it('needs the CSRF token and this origin for unsafe requests', async () => {
    const before = await counts();
    const noToken = await adminA.request('POST', `/v1/merchants/${A.id}/api-keys`, { label: 'x' }, { csrf: false });
    expect([noToken.status, noToken.json.error.code]).toEqual([403, 'csrf_failed']);
    const otherSite = await adminA.request('POST', `/v1/merchants/${A.id}/api-keys`, { label: 'x' }, { origin: 'https://evil.example' });
    expect([otherSite.status, otherSite.json.error.code]).toEqual([403, 'csrf_failed']);
    expect(await counts()).toEqual(before);
    expect((await adminA.request('POST', `/v1/merchants/${A.id}/api-keys`, { label: 'ok' }, { origin: stack.url })).status).toBe(201);
  });

  it('locks an account after 5 wrong passwords; a reset by an admin lifts it and ends the sessions', async () => {
    const victim = await merchantUser(stack, adminA, A.id, 'operator', 'Victim');
    const attacker = new ConsoleUser(stack, victim.loginId, 'wrong');
    for (let i = 0; i < 4; i++) expect((await attacker.signIn(`wrong-${i}`)).json.error.code).toBe('invalid_credentials');
    const locked = await attacker.signIn('wrong-last');
    expect([locked.status, locked.json.error.code]).toEqual([429, 'account_locked']);
    expect((await attacker.signIn(victim.password)).json.error.code).toBe('account_locked');
    expect((await victim.request('GET', '/v1/auth/session')).status).toBe(200);
    const reset = await adminA.request('POST', `/v1/merchants/${A.id}/operators/${victim.user.operatorId}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.json.temporaryPassword).toMatch(/^[\w]{4}-/);
    expect((await victim.request('GET', '/v1/auth/session')).status).toBe(401);
    const again = new ConsoleUser(stack, victim.loginId, reset.json.temporaryPassword);
    expect((await again.signIn()).status).toBe(200);
    expect(again.user.mustChangePassword).toBe(true);
    const blocked = await again.request('GET', `/v1/merchants/${A.id}/payments`);
    expect([blocked.status, blocked.json.error.code]).toEqual([403, 'password_change_required']);
    const weak = await again.request('POST', '/v1/auth/password', { currentPassword: reset.json.temporaryPassword, newPassword: 'short' });
    expect([weak.status, weak.json.error.code]).toEqual([422, 'weak_password']);
    const id = victim.user.operatorId;
    expect((await stack.query<{ action: string }>(sql`SELECT action FROM audit_log WHERE actor_id = ${id} OR target_id = ${id} ORDER BY id`)).map((r) => r.action)).toEqual(
      expect.arrayContaining(['operator.create', 'sign_in', 'password.change', 'sign_in.locked', 'sign_in.refused_locked', 'operator.reset_password']),
    );
  });

  it('answers an unknown login id like a wrong password, and refuses disabled merchants', async () => {
    expect((await new ConsoleUser(stack, 'nobody-here', 'x').signIn('whatever-password')).json.error.code).toBe('invalid_credentials');
    const m = await root.request('POST', '/v1/merchants', { name: 'Shop C' });
    const admin = await merchantUser(stack, root, m.json.id, 'merchant_admin');
    expect((await root.request('PATCH', `/v1/merchants/${m.json.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await admin.request('GET', '/v1/auth/session')).status).toBe(401);
    expect((await admin.signIn()).json.error.code).toBe('merchant_disabled');
  });
});

/** Every management endpoint, with the permission it needs (checked against /v1/openapi.json below). */
const ENDPOINTS: [string, string, string, unknown?][] = [
  ['GET', '/v1/merchants/{mid}', 'merchants.read'],
  ['PATCH', '/v1/merchants/{mid}', 'merchants.update', { name: 'Renamed' }],
  ['GET', '/v1/merchants/{mid}/dids', 'merchants.read'],
  ['PUT', '/v1/merchants/{mid}/dids/{number}', 'dids.manage', { mode: 'ivr', maxConcurrent: 2 }],
  ['DELETE', '/v1/merchants/{mid}/dids/{number}', 'dids.manage'],
  ['GET', '/v1/merchants/{mid}/api-keys', 'api_keys.manage'],
  ['POST', '/v1/merchants/{mid}/api-keys', 'api_keys.manage', { label: 'x' }],
  ['POST', '/v1/merchants/{mid}/api-keys/{kid}/revoke', 'api_keys.manage'],
  ['GET', '/v1/merchants/{mid}/operators', 'operators.read'],
  ['POST', '/v1/merchants/{mid}/operators', 'operators.manage', { name: 'X', role: 'operator' }],
  ['PATCH', '/v1/merchants/{mid}/operators/{oid}', 'operators.manage', { name: 'Y' }],
  ['POST', '/v1/merchants/{mid}/operators/{oid}/reset-password', 'operators.manage'],
  ['GET', '/v1/merchants/{mid}/payments', 'payments.read'],
  ['GET', '/v1/merchants/{mid}/payments.csv', 'payments.export'],
  ['GET', '/v1/merchants/{mid}/payments/{pid}', 'payments.read'],
  ['POST', '/v1/merchants/{mid}/payments/{pid}/{action}', 'payments.cancel'],
  ['GET', '/v1/merchants/{mid}/live', 'live.read'],
  ['GET', '/v1/merchants/{mid}/reports', 'reports.read'],
  ['GET', '/v1/merchants/{mid}/webhooks', 'webhooks.read'],
  ['POST', '/v1/merchants/{mid}/webhooks', 'webhooks.manage', { url: 'https://x.example.com/h' }],
  ['PATCH', '/v1/merchants/{mid}/webhooks/{wid}', 'webhooks.manage', { description: 'x' }],
  ['POST', '/v1/merchants/{mid}/webhooks/{wid}/rotate-secret', 'webhooks.manage'],
  ['GET', '/v1/merchants/{mid}/webhook-deliveries', 'webhooks.read'],
  ['POST', '/v1/merchants/{mid}/webhook-deliveries/{did}/retry', 'webhooks.manage'],
  ['GET', '/v1/merchants/{mid}/audit', 'audit.read'],
];

describe('every management endpoint refuses the wrong merchant and the wrong role', () => {
  it('the table above covers every /v1/merchants/{mid} endpoint the API documents', async () => {
    const doc = (await stack.api('GET', '/v1/openapi.json', null)).json;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => p.startsWith('/v1/merchants/{mid}'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(ENDPOINTS.map(([m, p]) => `${m} ${p}`).sort());
  });

  it.each(ENDPOINTS)('%s %s', async (method, template, permission, body) => {
    const path = template
      .replace('{mid}', A.id)
      .replace('{kid}', A.keyId)
      .replace('{oid}', A.operatorId)
      .replace('{pid}', A.paymentId)
      .replace('{action}', 'cancel')
      .replace('{wid}', A.endpointId)
      .replace('{did}', 'whd_none')
      .replace('{number}', '0501112222');
    const before = await counts();
    const settings = JSON.stringify(await settingsOf(A.id));
    // another merchant's admin: as if the merchant did not exist
    const wrongMerchant = await adminB.request(method, path, body);
    expect([wrongMerchant.status, wrongMerchant.json?.error.code], 'wrong merchant').toEqual([404, 'not_found']);
    // roles without the permission
    const { PERMISSIONS } = await import('../../server/users/permissions.js');
    const allowed = PERMISSIONS[permission as keyof typeof PERMISSIONS] as readonly string[];
    const callers: [string, () => Promise<{ status: number; json: any }>][] = [
      ['merchant_admin', () => adminA.request(method, path, body)],
      ['operator', () => operatorA.request(method, path, body)],
      ['api_key', () => stack.api(method, path, A.apiKey, body)],
    ];
    for (const [role, call] of callers) {
      if (allowed.includes(role)) continue;
      const res = await call();
      expect([res.status, res.json?.error.code], `role ${role}`).toEqual([403, 'forbidden']);
    }
    // no credential, a widget token
    expect((await stack.api(method, path, null, body)).status).toBe(401);
    const token = (await stack.api('POST', `/v1/payments/${A.paymentId}/widget-token`, A.apiKey)).json.widgetToken;
    expect((await stack.api(method, path, token, body)).json.error.code).toBe('forbidden');
    expect(await counts()).toEqual(before);
    expect(JSON.stringify(await settingsOf(A.id))).toBe(settings);
  });

  it('only platform admins create merchants; merchant users list only their own', async () => {
    for (const u of [adminA, operatorA]) expect((await u.request('POST', '/v1/merchants', { name: 'Nope' })).status).toBe(403);
    expect((await stack.api('POST', '/v1/merchants', A.apiKey, { name: 'Nope' })).status).toBe(403);
    expect((await adminA.request('GET', '/v1/merchants')).json.merchants.map((m: any) => m.id)).toEqual([A.id]);
    expect((await root.request('GET', '/v1/merchants')).json.merchants.map((m: any) => m.id)).toEqual(expect.arrayContaining([A.id, B.id]));
    expect((await adminA.request('PATCH', `/v1/merchants/${A.id}`, { status: 'disabled' })).status).toBe(403);
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  const cases: [string, string, () => ConsoleUser, unknown][] = [
    ['merchant without a name', '/v1/merchants', () => root, { name: '' }],
    ['unknown merchant setting', '/v1/merchants/{A}', () => adminA, { settings: { pan: '4111111111111111' } }],
    ['origin with a path', '/v1/merchants/{A}', () => adminA, { settings: { allowedOrigins: ['https://crm.example.com/app'] } }],
    ['zero attempts', '/v1/merchants/{A}', () => adminA, { settings: { maxAttempts: 0 } }],
    ['operator login id with spaces', '/v1/merchants/{A}/operators', () => adminA, { name: 'X', loginId: 'a b', role: 'operator' }],
    ['operator role platform_admin', '/v1/merchants/{A}/operators', () => adminA, { name: 'X', role: 'platform_admin' }],
    ['webhook over http to another host', '/v1/merchants/{A}/webhooks', () => adminA, { url: 'http://orders.example.com/h' }],
    ['webhook not a URL', '/v1/merchants/{A}/webhooks', () => adminA, { url: 'orders' }],
    ['API key without a label', '/v1/merchants/{A}/api-keys', () => adminA, {}],
    ['not JSON', '/v1/merchants/{A}/api-keys', () => adminA, '{"label": '],
  ];
  it.each(cases)('%s', async (_name, path, user, body) => {
    const before = await counts();
    const settings = JSON.stringify(await settingsOf(A.id));
    const method = path === '/v1/merchants/{A}' ? 'PATCH' : 'POST';
    const res = await user().request(method, path.replace('{A}', A.id), body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.message).toMatch(/\w{3,}/);
    expect(JSON.stringify(res.json)).not.toContain('4111111111111111');
    expect(await counts()).toEqual(before);
    expect(JSON.stringify(await settingsOf(A.id))).toBe(settings);
  });

  it('a taken login id is a 409 and bad search filters a 400', async () => {
    const res = await adminA.request('POST', `/v1/merchants/${A.id}/operators`, { name: 'Dup', loginId: adminA.loginId, role: 'operator' });
    expect([res.status, res.json.error.code]).toEqual([409, 'login_id_taken']);
    for (const q of ['status=paid', 'last4=12345', 'from=yesterday', 'limit=0', 'cursor=%%%', 'foo=1']) {
      const r = await adminA.request('GET', `/v1/merchants/${A.id}/payments?${q}`);
      expect([r.status, r.json.error.code], q).toEqual([400, 'validation_failed']);
    }
  });
});

describe('merchant settings and keys', () => {
  it('merchant admins change settings (only what they send) and see their API keys, shown once, revocable', async () => {
    const before = await settingsOf(A.id);
    const res = await adminA.request('PATCH', `/v1/merchants/${A.id}`, { settings: { askCvv: false, allowedOrigins: ['https://CRM.example.com/'] } });
    expect(res.status).toBe(200);
    expect(await settingsOf(A.id)).toEqual({ ...before, askCvv: false, allowedOrigins: ['https://crm.example.com'] });
    const created = await adminA.request('POST', `/v1/merchants/${A.id}/api-keys`, { label: 'second' });
    expect(created.json.key).toMatch(/^ivp_/);
    const list = await adminA.request('GET', `/v1/merchants/${A.id}/api-keys`);
    expect(list.text).not.toContain(created.json.key);
    expect(list.json.apiKeys.find((k: any) => k.id === A.keyId).lastUsedAt).not.toBeNull();
    expect((await stack.api('GET', `/v1/merchants/${A.id}`, created.json.key)).status).toBe(200);
    expect((await adminA.request('POST', `/v1/merchants/${A.id}/api-keys/${created.json.apiKey.id}/revoke`)).json.apiKey.revokedAt).not.toBeNull();
    expect((await stack.api('GET', `/v1/merchants/${A.id}`, created.json.key)).status).toBe(401);
    await adminA.request('PATCH', `/v1/merchants/${A.id}`, { settings: { askCvv: true, allowedOrigins: [] } });
  });

  it("widget-token calls from an origin the merchant does not allow are refused; API keys and listed origins work", async () => {
    await adminA.request('PATCH', `/v1/merchants/${A.id}`, { settings: { allowedOrigins: ['https://crm.example.com'] } });
    const token = (await stack.api('POST', `/v1/payments/${A.paymentId}/widget-token`, A.apiKey)).json.widgetToken;
    const call = (origin?: string) => fetch(`${stack.url}/v1/payments/${A.paymentId}`, { headers: { authorization: `Bearer ${token}`, ...(origin ? { origin } : {}) } });
    const refused = await call('https://evil.example');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('origin_not_allowed');
    expect((await call('https://crm.example.com')).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await stack.api('GET', `/v1/payments/${A.paymentId}`, A.apiKey)).status).toBe(200);
    await adminA.request('PATCH', `/v1/merchants/${A.id}`, { settings: { allowedOrigins: [] } });
    expect((await call('https://evil.example')).status).toBe(200);
  });
});

describe('payment numbers', () => {
  it('platform admins assign numbers with a mode and limit; a number of another merchant is refused; merchants read theirs', async () => {
    const put = await root.request('PUT', `/v1/merchants/${A.id}/dids/0509990001`, { mode: 'ivr', maxConcurrent: 3 });
    expect(put.status).toBe(201);
    expect(await stack.ivr.merchants.did('0509990001')).toMatchObject({ merchantId: A.id, mode: 'ivr', maxConcurrent: 3 });
    const taken = await root.request('PUT', `/v1/merchants/${B.id}/dids/0509990001`, {});
    expect([taken.status, taken.json.error.code]).toEqual([409, 'did_taken']);
    expect((await adminA.request('GET', `/v1/merchants/${A.id}/dids`)).json.dids).toContainEqual({ number: '0509990001', merchantId: A.id, mode: 'ivr', maxConcurrent: 3 });
    expect((await root.request('DELETE', `/v1/merchants/${A.id}/dids/0509990001`)).status).toBe(204);
    expect(await stack.ivr.merchants.did('0509990001')).toBeNull();
    const bad = await root.request('PUT', `/v1/merchants/${A.id}/dids/abc`, {});
    expect([bad.status, bad.json.error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('operators', () => {
  it('merchant admins create, rename, disable operators; a disabled operator is signed out; admins cannot disable themselves', async () => {
    const op = await merchantUser(stack, adminA, A.id, 'operator', 'Taro');
    const list = await operatorA.request('GET', `/v1/merchants/${A.id}/operators`);
    expect(list.json.operators.find((o: any) => o.id === op.user.operatorId)).toMatchObject({ name: 'Taro', role: 'operator', status: 'active' });
    expect(list.text).not.toMatch(/password_?hash|scrypt/i);
    const off = await adminA.request('PATCH', `/v1/merchants/${A.id}/operators/${op.user.operatorId}`, { status: 'disabled' });
    expect(off.json.operator.status).toBe('disabled');
    expect((await op.request('GET', '/v1/auth/session')).status).toBe(401);
    expect((await op.signIn()).status).toBe(403);
    const self = await adminA.request('PATCH', `/v1/merchants/${A.id}/operators/${adminA.user.id}`, { status: 'disabled' });
    expect([self.status, self.json.error.code]).toEqual([409, 'invalid_state']);
  });
});

describe('payments: search, detail, CSV', () => {
  it('finds payments by order id, status, last four, operator and date; the detail has the masked history', async () => {
    const m = await stack.merchant();
    const admin = await merchantUser(stack, root, m.id, 'merchant_admin');
    const run = await startCapture(stack, m, { orderId: 'SRCH-0001', operatorId: m.operatorId });
    await keyCard(stack, run, { pan: '4242424242424242', exp: futureExpiry(), cvv: '123' });
    await run.sse.waitForType('approved');
    await stack.createPayment(m, { orderId: 'SRCH-0002' });
    await stack.createPayment(m, { orderId: 'OTHER-0003' });
    const q = (s: string) => admin.request('GET', `/v1/merchants/${m.id}/payments?${s}`).then((r) => r.json.payments.map((p: any) => p.orderId));
    expect(await q('orderId=SRCH')).toEqual(['SRCH-0002', 'SRCH-0001']);
    expect(await q('status=approved')).toEqual(['SRCH-0001']);
    expect(await q('status=created,approved&last4=4242')).toEqual(['SRCH-0001']);
    expect(await q(`operatorId=${m.operatorId}`)).toEqual(['SRCH-0001']);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Tokyo' });
    expect((await q(`from=${today}&to=${today}`)).length).toBe(3);
    expect(await q('to=2000-01-01')).toEqual([]);
    const page1 = await admin.request('GET', `/v1/merchants/${m.id}/payments?limit=2`);
    const page2 = await admin.request('GET', `/v1/merchants/${m.id}/payments?limit=2&cursor=${page1.json.nextCursor}`);
    expect([...page1.json.payments, ...page2.json.payments].map((p: any) => p.orderId)).toEqual(['OTHER-0003', 'SRCH-0002', 'SRCH-0001']);
    expect(page2.json.nextCursor).toBeNull();

    const detail = await admin.request('GET', `/v1/merchants/${m.id}/payments/${run.paymentId}`);
    expect(detail.json.payment).toMatchObject({ status: 'approved', last4: '4242', brand: 'visa' });
    expect(detail.json.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['created', 'capture_started', 'field_prompt', 'digit', 'field_complete', 'authorizing', 'approved']));
    expect(detail.json.actions).not.toContain('cancel');
    await stack.phone.hangUp(run.phone);
  });

  it('downloads the search as CSV: UTF-8 with BOM, Japanese headers, one row per payment, audited', async () => {
    const m = await stack.merchant();
    const admin = await merchantUser(stack, root, m.id, 'merchant_admin');
    for (let i = 1; i <= 3; i++) await stack.createPayment(m, { orderId: `CSV-${i}`, amount: 1000 * i });
    const res = await fetch(`${stack.url}/v1/merchants/${m.id}/payments.csv?orderId=CSV-&lang=ja`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="payments-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    stack.apiBodies.push(text);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^作成日時,更新日時,決済ID,注文番号/);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['CSV-3', 'CSV-2', 'CSV-1']);
    expect(lines[1]!.split(',')[6]).toBe('3000');
    const audit = await admin.request('GET', `/v1/merchants/${m.id}/audit`);
    expect(audit.json.entries.map((e: any) => e.action)).toContain('payments.export');
  });

  it('cancels a payment from the console through the public API, and records who did it', async () => {
    const m = await stack.merchant();
    const admin = await merchantUser(stack, root, m.id, 'merchant_admin');
    const { payment } = await stack.createPayment(m);
    const detail = await admin.request('GET', `/v1/merchants/${m.id}/payments/${payment.id}`);
    expect(detail.json.actions).toContain('cancel');
    const res = await admin.request('POST', `/v1/merchants/${m.id}/payments/${payment.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('canceled');
    const audit = (await admin.request('GET', `/v1/merchants/${m.id}/audit`)).json.entries;
    expect(audit.find((e: any) => e.action === 'payment.cancel' && e.actorType === 'operator')).toMatchObject({ actorId: admin.user.id, targetId: payment.id });
  });
});

describe('OpenAPI', () => {
  it('documents the payment and management routes with their request schemas', async () => {
    const doc = (await stack.api('GET', '/v1/openapi.json', null)).json;
    expect(doc.openapi).toMatch(/^3\./);
    const create = doc.paths['/v1/payments'].post;
    expect(JSON.stringify(create.requestBody)).toContain('orderId');
    expect(doc.paths['/v1/merchants/{mid}/payments'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['mid', 'from', 'to', 'status', 'orderId', 'memberId', 'operatorId', 'last4']));
    expect(doc.paths['/v1/auth/sign-in'].post).toBeDefined();
    for (const p of ['/v1/payments/{id}/events', '/v1/calls', '/v1/payments/{id}/void', '/v1/payments/{id}/refund']) expect(doc.paths[p], p).toBeDefined();
  });
});
