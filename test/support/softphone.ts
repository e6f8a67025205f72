// Softphone test helpers: an operator who can sign in (login id + password), the widget's API calls with an operator
// token, and a SIP phone registered the way the widget registers (credentials from the server). Test data only.
import { randomInt } from 'node:crypto';
import { hashPassword } from '../../server/users/passwords.js';
import type { SipCredentials, SoftphoneSignIn, SoftphoneState } from '../../server/softphone/types.js';
import { TestSipPhone } from '../../freeswitch/sim/testing/sip-ws-client.js';
import type { Stack, TestMerchant } from './stack.js';
import { until } from './stack.js';

export const OPERATOR_PASSWORD = 'Hanami-Dango-2026!';

export interface SoftphoneOperator {
  id: string;
  loginId: string;
  password: string;
}

/** A softphone operator of the merchant: a sign-in, no desk phone, available. */
export async function softphoneOperator(stack: Stack, m: Pick<TestMerchant, 'id'>, name = 'Softphone operator'): Promise<SoftphoneOperator> {
  const loginId = `sp${randomInt(1e9)}`;
  const deps = stack.ivr.console.deps;
  const op = await deps.operatorAdmin.create(m.id, { name, loginId, role: 'operator', dialString: null }, null);
  await deps.accounts.setPasswordHash({ kind: 'operator', id: op.id }, await hashPassword(OPERATOR_PASSWORD), false);
  return { id: op.id, loginId, password: OPERATOR_PASSWORD };
}

/** The widget's side of /v1/softphone for one signed-in operator. */
export class WidgetSession {
  constructor(
    private readonly stack: Stack,
    readonly token: string,
  ) {}

  static async signIn(stack: Stack, op: SoftphoneOperator): Promise<WidgetSession> {
    const res = await stack.api<SoftphoneSignIn>('POST', '/v1/softphone/sign-in', null, { loginId: op.loginId, password: op.password });
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(res.json)}`);
    return new WidgetSession(stack, res.json.token);
  }

  api<T = any>(method: string, path: string, body?: unknown) {
    return this.stack.api<T>(method, `/v1/softphone${path}`, this.token, body);
  }

  async credentials(): Promise<SipCredentials> {
    const res = await this.api<SipCredentials>('POST', '/sip-credentials');
    if (res.status !== 200) throw new Error(`sip-credentials: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  }

  async state(): Promise<SoftphoneState> {
    return (await this.api<SoftphoneState>('GET', '/state')).json;
  }

  /** Connects and registers a SIP phone with the credentials the server gives this operator. */
  async registerPhone(): Promise<TestSipPhone> {
    const c = await this.credentials();
    const phone = new TestSipPhone(c.wsUrl, c.username, c.domain);
    await phone.connect();
    const status = await phone.register(c.password);
    if (status !== 200) throw new Error(`REGISTER answered ${status}`);
    return phone;
  }

  /** Waits until the operator's state has a call matching `pred`. */
  async waitCall(pred: (c: SoftphoneState['calls'][number]) => boolean, what: string, timeoutMs = 10_000) {
    let found: SoftphoneState['calls'][number] | undefined;
    const deadline = Date.now() + timeoutMs;
    while (!found) {
      found = (await this.state()).calls.find(pred);
      if (found) break;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return found;
  }
}

export { until };
