// Several FreeSWITCH nodes: the server drives each over its own ESL connection, does each call's work on the node
// that holds it, reports a node that is down in /healthz, and ends that node's payments safely while the others go
// on. Two simulators stand for two nodes (a real pair needs two switches: skipped with IVRPAY_TEST_ESL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../freeswitch/sim/index.js';
import { VirtualPhones } from '../../server/demo/virtual-phone.js';
import { nodeName } from '../../server/esl/switches.js';
import { Stack, findCardNumbers, onSimulator, until, type TestMerchant } from '../support/stack.js';
import { futureExpiry, keyCard, keyField, type Run } from '../support/payment-run.js';

const PASSWORD = 'nodes-test-pw';

describe.skipIf(!onSimulator)('two FreeSWITCH nodes', () => {
  let a: Simulator;
  let b: Simulator;
  let stack: Stack;
  let phoneB: VirtualPhones;
  let nodeA = '';
  let nodeB = '';

  beforeAll(async () => {
    a = await startSimulator({ password: PASSWORD, soundsDir: 'freeswitch/sounds' });
    b = await startSimulator({ password: PASSWORD, soundsDir: 'freeswitch/sounds' });
    nodeA = nodeName(a);
    nodeB = nodeName(b);
    stack = await Stack.start({ env: { IVRPAY_SIMULATOR: 'off', IVRPAY_ESL: `${nodeA}:${PASSWORD},${nodeB}:${PASSWORD}` } });
    await stack.ivr.fs.node(nodeB).esl.waitUntilUp(10_000);
    phoneB = new VirtualPhones({ host: b.host, port: b.port, password: PASSWORD }, stack.ivr.log.child({ component: 'phone-b' }));
    await phoneB.start(10_000);
  });
  afterAll(async () => {
    expect(findCardNumbers(stack.written())).toEqual([]);
    await phoneB.stop();
    await stack.close();
    await a.close();
    await b.close().catch(() => {});
  });

  /** A customer on `node` calls the merchant; the capture runs there. */
  async function captureOn(node: 'a' | 'b', m: TestMerchant): Promise<Run> {
    const { payment, token } = await stack.createPayment(m);
    const sse = stack.events(payment.id, token);
    await sse.opened;
    const phones = node === 'a' ? stack.phone : phoneB;
    const phone = await phones.call(m.did);
    const call = await until(() => stack.ivr.calls.forMerchant(m.id).find((c) => c.operators.size > 0), 10_000, 'the call with its operator');
    expect(call.node).toBe(node === 'a' ? nodeA : nodeB);
    const res = await stack.api('POST', `/v1/payments/${payment.id}/capture`, token, { callId: call.id });
    expect(res.status).toBe(202);
    return { paymentId: payment.id, token, phone, callId: call.id, sse };
  }

  it('calls on either node are captured on their own node, and /healthz lists both nodes', async () => {
    const health = await (await fetch(`${stack.url}/healthz`)).json();
    expect(health.nodes.map((n: { node: string; up: boolean }) => [n.node, n.up])).toEqual([
      [nodeA, true],
      [nodeB, true],
    ]);
    const m1 = await stack.merchant();
    const m2 = await stack.merchant();
    const r1 = await captureOn('a', m1);
    const r2 = await captureOn('b', m2);
    // the operator leg was rung on the call's node (B's simulator holds both legs of its room)
    expect(stack.eslCommands.some((c) => c.includes(`conference ${stack.ivr.calls.get(r2.callId)!.room} relate`))).toBe(true);
    expect(b.hears([...stack.ivr.calls.get(r2.callId)!.operators.keys()][0]!, r2.callId)).toBe(false);
    await keyCard(stack, r1, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    await keyCard(stack, r2, { pan: '5555555555554444', exp: futureExpiry(), cvv: '123' }, phoneB);
    expect((await r1.sse.waitForType('approved')).last4).toBe('1111');
    expect((await r2.sse.waitForType('approved')).last4).toBe('4444');
    // new outbound legs go to the node with fewer calls
    expect(stack.ivr.fs.leastBusy()).toBe(stack.ivr.calls.all().filter((c) => c.node === nodeA).length <= stack.ivr.calls.all().filter((c) => c.node === nodeB).length ? nodeA : nodeB);
    await stack.phone.hangUp(r1.phone);
    await phoneB.hangUp(r2.phone);
  });

  it('a node that goes down ends its own captures safely; the other node goes on', async () => {
    const m1 = await stack.merchant();
    const m2 = await stack.merchant();
    const r1 = await captureOn('a', m1);
    const r2 = await captureOn('b', m2);
    await keyField(stack, r2, 'pan', '4242', phoneB);
    await r2.sse.waitFor((e) => e.type === 'digit' && e.entered === 4, 10_000, '4 digits on B');
    await b.close(); // node B is gone: its ESL connection with it
    expect((await r2.sse.waitForType('failed')).error?.code).toBe('telephony_lost');
    await until(() => !stack.ivr.fs.isUp(nodeB), 5_000, 'B reported down');
    await keyCard(stack, r1, { pan: '4111111111111111', exp: futureExpiry(), cvv: '123' });
    expect((await r1.sse.waitForType('approved')).last4).toBe('1111');
    const health = await (await fetch(`${stack.url}/healthz`)).json();
    expect(health.nodes).toContainEqual(expect.objectContaining({ node: nodeA, up: true }));
    expect(health.nodes).toContainEqual(expect.objectContaining({ node: nodeB, up: false }));
    await stack.phone.hangUp(r1.phone);
  });
});
