// /v1/softphone: the widget as the operator's phone. Sign-in with the console's identities (same lockout, same session,
// answered with an operator token instead of a cookie) or a token the merchant's server mints with its API key; then
// short-lived SIP credentials, presence, the operator's calls, click-to-call, hang-up and rejoin, and the payments the
// operator may take. Every route but sign-in and token minting takes the operator token. Never logs a password.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { describeRoute } from 'hono-openapi';
import { API_KEY_PREFIX, type ApiKeys } from '../auth/api-keys.js';
import type { WidgetTokens } from '../auth/widget-token.js';
import type { AuditLog } from '../audit.js';
import type { CallRegistry } from '../calls/registry.js';
import type { OperatorDialer } from '../calls/operator-dialer.js';
import type { Db } from '../db/index.js';
import type { Switches } from '../esl/switches.js';
import { ApiError, notFound } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { originAllowed } from '../http/widget-origins.js';
import type { Logger } from '../log/logger.js';
import type { Merchant, MerchantStore, Operator } from '../merchants/store.js';
import type { PaymentService } from '../payments/service.js';
import type { PaymentView } from '../payments/types.js';
import { MAX_PASSWORD_LENGTH } from '../users/passwords.js';
import type { Sessions } from '../users/sessions.js';
import type { SignIn } from '../users/sign-in.js';
import { redactDigitRuns } from '../log/redact.js';
import type { ClickToCall } from './click-to-call.js';
import { OPERATOR_TOKEN_PREFIX, type OperatorTokens } from './operator-token.js';
import type { SipEndpointInfo } from './sip-endpoint.js';
import type { Softphones } from './softphones.js';
import type { SipCredentials, SoftphoneCall, SoftphoneSession, SoftphoneSignIn, SoftphoneState } from './types.js';

export interface SoftphoneDeps {
  db: Db;
  log: Logger;
  merchants: MerchantStore;
  keys: ApiKeys;
  signIn: SignIn;
  sessions: Sessions;
  audit: AuditLog;
  tokens: OperatorTokens;
  widgetTokens: WidgetTokens;
  softphones: Softphones;
  clickToCall: ClickToCall;
  calls: CallRegistry;
  dialer: OperatorDialer;
  payments: PaymentService;
  fs: Switches;
  endpoint: SipEndpointInfo;
  operatorTokenTtlS: number;
}

interface OperatorPrincipal {
  operator: Operator;
  merchant: Merchant;
  /** the console session the token is bound to (widget sign-in), null for API-key tokens */
  sessionId: string | null;
  expiresAt: string;
}

export type SoftphoneEnv = { Variables: { op: OperatorPrincipal } };

const SignInBody = z.object({ loginId: z.string().trim().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict();
const TokenBody = z.object({ operatorId: z.string().min(1).max(64) }).strict();
const PresenceBody = z.object({ presence: z.enum(['available', 'away']) }).strict();
const DialBody = z.object({ number: z.string().trim().min(3).max(40) }).strict();
const IdParam = z.object({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });
const tag = { tags: ['softphone'] };

/** Payments an operator may pick in the widget: not started yet, theirs or nobody's, from the last day. */
const PICKABLE_WINDOW_MS = 24 * 3600_000;

/** Whether an operator exists, is active and has an active merchant (the directory asks on every lookup). */
export async function operatorActive(db: Db, operatorId: string): Promise<boolean> {
  const { merchants: merchantsTable, operators } = db.tables;
  const [row] = await db.q
    .select({ status: operators.status, merchantStatus: merchantsTable.status })
    .from(operators)
    .innerJoin(merchantsTable, eq(merchantsTable.id, operators.merchantId))
    .where(eq(operators.id, operatorId))
    .limit(1);
  return !!row && row.status === 'active' && row.merchantStatus === 'active';
}

function bearer(c: Context): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

function checkOrigin(c: Context, merchant: Merchant): void {
  const origin = c.req.header('origin');
  if (!originAllowed(merchant.settings.allowedOrigins, origin, new URL(c.req.url).origin)) {
    throw new ApiError(403, 'origin_not_allowed', `this merchant does not allow the widget on ${origin}: add it to the allowed origins in the console`);
  }
}

function operatorAuth(d: SoftphoneDeps): MiddlewareHandler<SoftphoneEnv> {
  return async (c, next) => {
    const token = bearer(c);
    if (!token?.startsWith(OPERATOR_TOKEN_PREFIX)) throw new ApiError(401, 'unauthorized', 'sign in first: send "Authorization: Bearer <operator token>" (ot1.…)');
    const v = d.tokens.verify(token);
    if (!v.ok) {
      throw v.reason === 'expired'
        ? new ApiError(401, 'token_expired', 'your sign-in has expired: sign in again')
        : new ApiError(401, 'unauthorized', 'invalid operator token: sign in again');
    }
    const { o, m, s, exp } = v.claims;
    const merchant = await d.merchants.get(m);
    if (!merchant || merchant.status !== 'active') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
    const operator = await d.merchants.getOperator(m, o);
    if (!operator) throw new ApiError(401, 'unauthorized', 'this operator no longer exists or is disabled: sign in again');
    if (s !== null) {
      const session = await d.sessions.resolveId(s);
      if (!session || session.user.id !== o) throw new ApiError(401, 'token_expired', 'you were signed out (or your session ended): sign in again');
    }
    checkOrigin(c, merchant);
    d.softphones.seen(o);
    c.set('op', { operator, merchant, sessionId: s, expiresAt: new Date(exp * 1000).toISOString() });
    c.header('Cache-Control', 'no-store');
    return next();
  };
}

function sessionView(p: Pick<OperatorPrincipal, 'operator' | 'merchant' | 'expiresAt'>): SoftphoneSession {
  return {
    operator: { id: p.operator.id, name: p.operator.name, presence: p.operator.presence },
    merchant: { id: p.merchant.id, name: p.merchant.name },
    expiresAt: p.expiresAt,
  };
}

/** The operator's calls: click-to-calls being dialed or just failed, and live calls they are in, placed, or were dropped from. */
export function stateOf(d: Pick<SoftphoneDeps, 'calls' | 'clickToCall' | 'softphones'>, op: Operator): SoftphoneState {
  const calls: SoftphoneCall[] = [];
  const seen = new Set<string>();
  for (const call of d.calls.forMerchant(op.merchantId)) {
    const legs = [...call.operators.values()].filter((l) => l.operatorId === op.id).map((l) => l.uuid);
    // without a leg, the call is still this operator's when they placed it or were in it and nobody else took it over
    if (!legs.length && call.requestedBy !== op.id && !(call.joinedOperators.has(op.id) && call.operators.size === 0)) continue;
    seen.add(call.id);
    calls.push({
      id: call.id,
      direction: call.direction,
      number: call.callerNumber,
      did: call.did,
      state: legs.length ? 'connected' : 'waiting',
      outcome: null,
      startedAt: call.startedAt,
      legs,
      paymentId: call.paymentId,
    });
  }
  for (const dial of d.clickToCall.forOperator(op.id)) {
    if (seen.has(dial.callId) || dial.state === 'answered') continue;
    calls.push({ id: dial.callId, direction: 'outbound', number: dial.number, did: dial.did, state: dial.state, outcome: dial.outcome, startedAt: dial.startedAt, legs: [], paymentId: null });
  }
  calls.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { operatorId: op.id, presence: op.presence, online: d.softphones.online(op.id), calls };
}

export function softphoneRoutes(d: SoftphoneDeps) {
  const auth = operatorAuth(d);
  const ownCall = (op: Operator, id: string) => {
    const call = d.calls.get(id);
    if (!call || call.merchantId !== op.merchantId) return null;
    return call;
  };
  return new Hono<SoftphoneEnv>()
    .post('/sign-in', describeRoute({ ...tag, summary: "Operator sign-in for the widget (the console's login ids, passwords and lockout); answers an operator token" }), validate('json', SignInBody), async (c) => {
      const { loginId, password } = c.req.valid('json');
      const r = await d.signIn.attempt(loginId, password);
      if (!r.ok) {
        if (r.reason === 'invalid') {
          await d.audit.record({ actorType: 'system', action: 'sign_in.failed', detail: { loginId: redactDigitRuns(loginId.slice(0, 64)), via: 'softphone' } });
          throw new ApiError(401, 'invalid_credentials', 'the login id or the password is wrong');
        }
        await d.audit.record({ actorType: 'operator', actorId: r.user.id, merchantId: r.user.merchantId, action: r.reason === 'locked' ? (r.justLocked ? 'sign_in.locked' : 'sign_in.refused_locked') : `sign_in.refused_${r.reason}`, detail: { via: 'softphone' } });
        if (r.reason === 'locked') throw new ApiError(429, 'account_locked', `too many wrong passwords: this account is locked until ${r.lockedUntil}; an administrator can reset the password`);
        if (r.reason === 'merchant_disabled') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
        throw new ApiError(403, 'forbidden', 'this account is disabled: ask your administrator');
      }
      const user = r.user;
      const operator = user.kind === 'operator' && user.merchantId ? await d.merchants.getOperator(user.merchantId, user.id) : null;
      const merchant = operator ? await d.merchants.get(operator.merchantId) : null;
      if (!operator || !merchant) throw new ApiError(403, 'forbidden', "platform admins have no phone: sign in with an operator's login");
      if (user.mustChangePassword) throw new ApiError(403, 'password_change_required', 'choose a new password in the console first, then sign in here');
      checkOrigin(c, merchant);
      const { session } = await d.sessions.create(user);
      const { token, expiresAt } = d.tokens.issue({ o: operator.id, m: merchant.id, s: session.id }, Date.parse(session.expiresAt));
      await d.audit.record({ actorType: 'operator', actorId: operator.id, merchantId: merchant.id, action: 'sign_in', detail: { via: 'softphone' } });
      c.header('Cache-Control', 'no-store');
      return c.json({ token, ...sessionView({ operator, merchant, expiresAt }) } satisfies SoftphoneSignIn);
    })
    .post('/tokens', describeRoute({ ...tag, summary: "An operator token for the widget, minted by the merchant's server with its API key (CRMs that sign operators in themselves)" }), validate('json', TokenBody), async (c) => {
      const key = bearer(c);
      const found = key?.startsWith(API_KEY_PREFIX) ? await d.keys.resolve(key) : null;
      if (!found) throw new ApiError(401, 'unauthorized', 'send "Authorization: Bearer <API key>" (ivp_…)');
      const merchant = await d.merchants.get(found.merchantId);
      if (!merchant || merchant.status !== 'active') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
      const operator = await d.merchants.getOperator(found.merchantId, c.req.valid('json').operatorId);
      if (!operator) throw notFound('operator');
      const { token, expiresAt } = d.tokens.issue({ o: operator.id, m: merchant.id, s: null }, Date.now() + d.operatorTokenTtlS * 1000);
      await d.audit.record({ actorType: 'api_key', actorId: found.keyId, merchantId: merchant.id, action: 'softphone.token', targetId: operator.id });
      c.header('Cache-Control', 'no-store');
      return c.json({ token, ...sessionView({ operator, merchant, expiresAt }) } satisfies SoftphoneSignIn, 201);
    })
    .use('/session', auth)
    .use('/sign-out', auth)
    .use('/sip-credentials', auth)
    .use('/presence', auth)
    .use('/state', auth)
    .use('/calls', auth)
    .use('/calls/*', auth)
    .use('/payments', auth)
    .use('/payments/*', auth)
    .get('/session', describeRoute({ ...tag, summary: 'Who the widget acts as' }), (c) => c.json(sessionView(c.get('op')) satisfies SoftphoneSession))
    .post('/sign-out', describeRoute({ ...tag, summary: 'Sign the widget out: ends its session and its SIP password' }), async (c) => {
      const { operator, merchant, sessionId } = c.get('op');
      if (sessionId) await d.sessions.end(sessionId);
      d.softphones.revoke(operator.id);
      await d.audit.record({ actorType: 'operator', actorId: operator.id, merchantId: merchant.id, action: 'sign_out', detail: { via: 'softphone' } });
      return c.body(null, 204);
    })
    .post('/sip-credentials', describeRoute({ ...tag, summary: 'Short-lived SIP credentials to register the browser at FreeSWITCH (renew after renewAfterS)' }), async (c) => {
      const { operator } = c.get('op');
      const endpoint = d.endpoint.current();
      if (!endpoint) throw new ApiError(503, 'telephony_unavailable', "the server does not know FreeSWITCH's SIP WebSocket yet: try again in a moment (admins: IVRPAY_SIP_WS_URL)");
      const cred = d.softphones.issue(operator.id);
      return c.json({
        wsUrl: endpoint.wsUrl,
        domain: endpoint.domain,
        username: cred.username,
        password: cred.password,
        displayName: operator.name,
        expiresAt: new Date(cred.expiresAt).toISOString(),
        renewAfterS: Math.max(30, Math.floor(d.softphones.ttlMs / 3000)),
      } satisfies SipCredentials);
    })
    .post('/presence', describeRoute({ ...tag, summary: 'Available (offered calls to the merchant number) or away' }), validate('json', PresenceBody), async (c) => {
      const { operator } = c.get('op');
      const { presence } = c.req.valid('json');
      await d.merchants.setPresence(operator.merchantId, operator.id, presence);
      return c.json(stateOf(d, { ...operator, presence }));
    })
    .get('/state', describeRoute({ ...tag, summary: "The operator's presence and calls (the widget polls it; it also marks the phone as online)" }), (c) => c.json(stateOf(d, c.get('op').operator)))
    .post('/calls', describeRoute({ ...tag, summary: "Click-to-call: dial the customer through the merchant's trunk, then ring this operator's browser into the call" }), validate('json', DialBody), async (c) => {
      const { operator } = c.get('op');
      if (!d.softphones.online(operator.id)) throw new ApiError(409, 'invalid_state', 'your phone is not connected yet: wait until the widget says it is ready');
      const dial = await d.clickToCall.dial(operator, c.req.valid('json').number);
      return c.json({ call: stateOf(d, operator).calls.find((x) => x.id === dial.callId) ?? null }, 202);
    })
    .post('/calls/:id/hangup', describeRoute({ ...tag, summary: 'End the call for everyone (or stop dialing)' }), validate('param', IdParam), async (c) => {
      const { operator } = c.get('op');
      const { id } = c.req.valid('param');
      if (await d.clickToCall.cancel(operator.id, id)) return c.json(stateOf(d, operator));
      const call = ownCall(operator, id);
      const mine = call && ([...call.operators.values()].some((l) => l.operatorId === operator.id) || call.requestedBy === operator.id);
      if (!call || !mine) throw new ApiError(404, 'no_call', 'that call is not yours or has already ended');
      await d.fs
        .channel(call.id)
        .hangUp('NORMAL_CLEARING')
        .catch(() => {});
      return c.json(stateOf(d, operator));
    })
    .post('/calls/:id/rejoin', describeRoute({ ...tag, summary: "Ring this operator's browser into a call again (after a page reload or a lost connection)" }), validate('param', IdParam), async (c) => {
      const { operator } = c.get('op');
      const call = ownCall(operator, c.req.valid('param').id);
      if (!call) throw new ApiError(404, 'no_call', 'that call has ended');
      const legs = [...call.operators.values()];
      const mine = legs.filter((l) => l.operatorId === operator.id);
      if (!mine.length && call.requestedBy !== operator.id && legs.length) throw new ApiError(409, 'call_busy', 'another operator is on that call');
      if (!d.softphones.online(operator.id)) throw new ApiError(409, 'invalid_state', 'your phone is not connected yet: wait until the widget says it is ready');
      void (async () => {
        // the old leg (its browser page is gone) leaves first, so the room never has two of this operator's legs
        for (const l of mine) await d.fs.channel(l.uuid).hangUp('NORMAL_CLEARING').catch(() => {});
        if (d.calls.get(call.id)) await d.dialer.ring(call, operator);
      })().catch((err) => d.log.warn({ call: call.id, reason: String(err) }, 'rejoin failed'));
      return c.json(stateOf(d, operator), 202);
    })
    .get('/payments', describeRoute({ ...tag, summary: 'Payments this operator may take: not started yet, assigned to them or to nobody, from the last 24 hours' }), async (c) => {
      const { operator } = c.get('op');
      const since = new Date(Date.now() - PICKABLE_WINDOW_MS).toISOString();
      const { payments: paymentsTable } = d.db.tables;
      const rows = await d.db.q
        .select({ id: paymentsTable.id })
        .from(paymentsTable)
        .where(and(eq(paymentsTable.merchantId, operator.merchantId), eq(paymentsTable.status, 'created'), or(isNull(paymentsTable.operatorId), eq(paymentsTable.operatorId, operator.id)), gt(paymentsTable.createdAt, since)))
        .orderBy(desc(paymentsTable.createdAt))
        .limit(20);
      return c.json({ payments: (await Promise.all(rows.map((r) => d.payments.view(r.id)))) satisfies PaymentView[] });
    })
    .post('/payments/:id/widget-token', describeRoute({ ...tag, summary: "A widget token for one of the operator's payments (the widget then follows and captures it as usual)" }), validate('param', IdParam), async (c) => {
      const { operator } = c.get('op');
      const p = await d.payments.row(c.req.valid('param').id);
      if (!p || p.merchantId !== operator.merchantId || (p.operatorId && p.operatorId !== operator.id)) throw notFound('payment');
      return c.json(d.widgetTokens.issue(p.id, p.merchantId), 201);
    });
}
