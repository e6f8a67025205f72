// Several server instances on one Postgres and one FreeSWITCH (the simulator): instance B (this process's Stack)
// streams the digits of a capture instance A (a child `server` process) drives, in order and without loss; A killed
// with SIGKILL mid-capture leaves the payment failed (instance_lost) within the lease TTL and the operator hearing the
// customer again, nothing charged; an instance killed while the gateway holds the card leaves exactly one charge and
// the payment approved by B's reconciliation. Postgres only (SQLite is one instance).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../freeswitch/sim/index.js';
import { nodeName } from '../../server/esl/switches.js';
import { ON_POSTGRES, Stack, findCardNumbers, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, promptedFor, type Run } from '../support/payment-run.js';

const PASSWORD = 'instances-test-pw';
const TTL_MS = 1_500;
/** a takeover happens within the TTL plus a heartbeat (TTL/3) and the work itself */
const TAKEOVER_MS = TTL_MS * 2 + 3_000;

/** An ivrpay server as its own process (`tsx server/main.ts`), on the stack's database and switch. */
class ServerProcess {
  output = '';
  url = '';
  private readonly dir = mkdtempSync(join(tmpdir(), 'ivrpay-instance-'));
  private proc: ChildProcess | null = null;

  async start(env: Record<string, string>): Promise<this> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, IVRPAY_HOST: '127.0.0.1', IVRPAY_PORT: '0', IVRPAY_DATA_DIR: this.dir, IVRPAY_DEMO: 'false', IVRPAY_LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    const collect = (d: Buffer) => (this.output += d.toString());
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    this.url = await until(() => /ivrpay is running at (http:\/\/\S+)/.exec(this.output)?.[1] ?? (proc.exitCode !== null ? Promise.reject(new Error(`server exited: ${this.output}`)) : null), 30_000, 'the server process to start');
    return this;
  }

  async api<T = any>(method: string, path: string, credential: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(this.url + path, { method, headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as T };
  }

  /** SIGKILL: no clean-up of any kind, as a crashed machine. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe.runIf(ON_POSTGRES)('several instances on one Postgres', () => {
  let sim: Simulator;
  let stack: Stack;
  let m: TestMerchant;
  const servers: ServerProcess[] = [];
  let env: Record<string, string> = {};
  /** the customer's call, live through both tests (the second capture runs on it after the first failed) */
  let customer = { phone: '', callId: '' };

  beforeAll(async () => {
    sim = await startSimulator({ password: PASSWORD, soundsDir: 'freeswitch/sounds' });
    const esl = `${nodeName(sim)}:${PASSWORD}`;
    env = { IVRPAY_SIMULATOR: 'off', IVRPAY_ESL: esl, IVRPAY_LEASE_TTL_MS: String(TTL_MS), IVRPAY_SANDBOX_LATENCY_MS: '20', IVRPAY_SANDBOX_HANG_MS: '120000' };
    stack = await Stack.start({ env });
    m = await stack.merchant();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    expect(findCardNumbers([stack.written(), ...servers.map((s) => s.output)].join('\n'))).toEqual([]);
    await stack.close();
    await sim.close();
  });

  async function instance(): Promise<ServerProcess> {
    const s = new ServerProcess();
    servers.push(s);
    return s.start({ ...env, IVRPAY_DATABASE_URL: stack.pg!.url });
  }

  /** A payment created on B, its events streamed from B, its capture started through `on` on the customer's call. */
  async function captureThrough(on: ServerProcess, callId: string, phone: string): Promise<Run> {
    const { payment, token } = await stack.createPayment(m);
    const sse = stack.events(payment.id, token);
    await sse.opened;
    // `on` has seen the operator join too (each instance reads the switch's events on its own connection)
    await until(async () => (await on.api<{ calls: { id: string; operatorConnected: boolean }[] }>('GET', '/v1/calls', m.apiKey)).json.calls.some((c) => c.id === callId && c.operatorConnected), 10_000, 'the instance to see the call with its operator');
    const res = await on.api('POST', `/v1/payments/${payment.id}/capture`, token, { callId });
    expect(res.status).toBe(202);
    return { paymentId: payment.id, token, phone, callId, sse };
  }

  const charges = async (orderId: string) => stack.query<{ outcome: string }>(sql`SELECT outcome FROM sandbox_charges WHERE merchant_id = ${m.id} AND order_id = ${orderId}`);
  const operatorHearsCustomer = (callId: string) => [...stack.ivr.calls.get(callId)!.operators.keys()].every((op) => sim.hears(op, callId));

  it('B streams the digits A captures; A killed mid-capture: failed safely by B, nothing charged, operator back', async () => {
    const a = await instance();
    customer = await stack.customerCalls(m);
    const { phone, callId } = customer;
    const run = await captureThrough(a, callId, phone);
    await promptedFor(run, 'pan');
    expect(operatorHearsCustomer(callId)).toBe(false);
    const keyed = '4111111111';
    for (const d of keyed) await stack.phone.press(phone, d);
    const digits = await until(() => {
      const ds = run.sse.events.filter((e) => e.type === 'digit');
      return ds.length >= keyed.length && ds;
    }, 10_000, 'every digit event on B');
    // in order, none lost, none twice: 1, 2, … 10 of 16, seqs rising
    expect(digits.map((e) => e.entered)).toEqual([...keyed].map((_, i) => i + 1));
    expect(digits.every((e, i) => i === 0 || e.seq > digits[i - 1]!.seq)).toBe(true);
    expect(run.sse.raw).not.toContain(keyed);

    const killedAt = Date.now();
    await a.kill();
    const failed = await run.sse.waitFor((e) => e.status === 'failed', TAKEOVER_MS, 'the payment to fail after the takeover');
    expect(Date.now() - killedAt).toBeLessThan(TAKEOVER_MS);
    expect(failed.error).toMatchObject({ code: 'instance_lost' });
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json).toMatchObject({ status: 'failed', error: { code: 'instance_lost' } });
    expect(await charges(json.orderId)).toEqual([]);
    // handed back: the operator hears the customer again, the customer was told
    await until(() => operatorHearsCustomer(callId), 5_000, 'the operator to hear the customer again');
    // the prompt follows the unmuting (and a read of the recording variable): wait for it rather than race it
    await until(() => stack.eslCommands.some((c) => c.includes('technical-error')), 5_000, 'the customer to hear that something went wrong');
  }, 60_000);

  it('an instance killed while the gateway holds the card: one charge, approved by reconciliation on B', async () => {
    const c = await instance();
    const run = await captureThrough(c, customer.callId, customer.phone);
    // the sandbox charges this card, then does not answer (IVRPAY_SANDBOX_HANG_MS): the instance dies meanwhile
    await promptedFor(run, 'pan');
    await stack.phone.press(run.phone, '4000000000000259');
    await promptedFor(run, 'expiry');
    await stack.phone.press(run.phone, futureExpiry());
    await promptedFor(run, 'cvv');
    await stack.phone.press(run.phone, '123');
    await run.sse.waitForType('authorizing', 10_000);
    const { json: before } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    await until(async () => (await charges(before.orderId)).length > 0, 10_000, 'the gateway to charge');
    await c.kill();
    const settled = await run.sse.waitFor((e) => e.status === 'approved' || e.status === 'failed', TAKEOVER_MS + 5_000, 'B to settle the payment');
    expect(settled.status).toBe('approved');
    expect(await charges(before.orderId)).toEqual([{ outcome: 'approved' }]);
    const { json } = await stack.api('GET', `/v1/payments/${run.paymentId}`, m.apiKey);
    expect(json).toMatchObject({ status: 'approved', last4: '0259' });
  }, 60_000);
});
