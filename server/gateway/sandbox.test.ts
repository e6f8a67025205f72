// Tests the sandbox gateway's own rules (the shared contract suite covers the rest): voids only the same Japan-time
// day for a charge, operations keyed by operation id, member cards replaced or added, lump-only test card.
import { describe, expect, it } from 'vitest';
import { openSqlite as openDatabase } from '../db/index.js';
import { SandboxGateway } from './sandbox.js';
import { testCard } from './testing/cards.js';
import type { OperationRequest } from './types.js';

const signal = new AbortController().signal;

function sandbox(clock: { now: Date }) {
  return new SandboxGateway(openDatabase(':memory:'), { latencyMs: 0, hangMs: 0, now: () => clock.now });
}

function op(orderId: string, kind: OperationRequest['kind'], operationId: string, opAmount = 5000): OperationRequest {
  return { merchantId: 'mer_1', orderId, transactionId: null, job: 'capture', currency: 'JPY', amount: 5000, refundedBefore: 0, operationId, kind, opAmount, chargedAt: null };
}

describe('SandboxGateway', () => {
  it('voids a charge until midnight in Japan, then only a refund gives the money back', async () => {
    const clock = { now: new Date('2026-05-01T14:00:00Z') }; // 23:00 JST
    const gw = sandbox(clock);
    await gw.execute({ merchantId: 'mer_1', orderId: 'O-1', job: 'capture', amount: 5000, currency: 'JPY', memberId: null, card: testCard('4111111111111111', '1230') }, signal);
    await gw.execute({ merchantId: 'mer_1', orderId: 'O-2', job: 'capture', amount: 5000, currency: 'JPY', memberId: null, card: testCard('4111111111111111', '1230') }, signal);
    expect(await gw.operate(op('O-1', 'void', 'op_a'), signal)).toMatchObject({ kind: 'done' });
    clock.now = new Date('2026-05-01T15:00:01Z'); // 00:00:01 JST the next day
    expect(await gw.operate(op('O-2', 'void', 'op_b'), signal)).toEqual({ kind: 'refused', code: 'void_window_closed' });
    expect(await gw.operate(op('O-2', 'refund', 'op_c'), signal)).toMatchObject({ kind: 'done' });
    expect((await gw.ledger('mer_1', 'O-2'))[0]).toMatchObject({ state: 'refunded', refundedAmount: 5000 });
  });

  it('answers a repeated operation id with the first outcome and acts once', async () => {
    const gw = sandbox({ now: new Date() });
    await gw.execute({ merchantId: 'mer_1', orderId: 'O-3', job: 'capture', amount: 5000, currency: 'JPY', memberId: null, card: testCard('4111111111111111', '1230') }, signal);
    const first = await gw.operate(op('O-3', 'refund', 'op_1', 1000), signal);
    const again = await gw.operate(op('O-3', 'refund', 'op_1', 1000), signal);
    expect(again).toEqual(first);
    expect((await gw.ledger('mer_1', 'O-3'))[0]).toMatchObject({ state: 'partially_refunded', refundedAmount: 1000 });
    expect(await gw.operations('mer_1', 'O-3')).toHaveLength(1);
    expect(await gw.operate(op('O-3', 'refund', 'op_2', 4001), signal)).toEqual({ kind: 'refused', code: 'refund_exceeds_amount' });
    expect(await gw.inquireOperation(op('O-3', 'refund', 'op_never'), signal)).toBeNull();
  });

  it('replaces the member card or adds one more', async () => {
    const gw = sandbox({ now: new Date() });
    const register = (orderId: string, pan: string, registration: 'replace' | 'add') =>
      gw.execute({ merchantId: 'mer_1', orderId, job: 'register', amount: 0, currency: 'JPY', memberId: 'M-1', card: testCard(pan, '1230'), registration }, signal);
    await register('R-1', '4111111111111111', 'replace');
    await register('R-2', '5555555555554444', 'add');
    expect((await gw.cards('mer_1', 'M-1', signal)).map((c) => [c.last4, c.isDefault])).toEqual([['4444', true], ['1111', false]]);
    await register('R-3', '3530111333300000', 'replace');
    expect((await gw.cards('mer_1', 'M-1', signal)).map((c) => c.last4)).toEqual(['0000']);
  });

  it('takes the lump-only test card for a lump sum and declines it in installments', async () => {
    const gw = sandbox({ now: new Date() });
    const pay = (orderId: string, method: { kind: 'lump' } | { kind: 'installments'; count: number }) =>
      gw.execute({ merchantId: 'mer_1', orderId, job: 'capture', amount: 30000, currency: 'JPY', memberId: null, card: testCard('4000000000003311', '1230'), method }, signal);
    expect(await pay('L-1', { kind: 'lump' })).toMatchObject({ kind: 'approved', method: { kind: 'lump' } });
    expect(await pay('L-2', { kind: 'installments', count: 6 })).toEqual({ kind: 'declined', code: 'method_not_accepted' });
    expect(await gw.execute({ merchantId: 'mer_1', orderId: 'L-3', job: 'capture', amount: 30000, currency: 'JPY', memberId: null, card: testCard('4111111111111111', '1230'), method: { kind: 'installments', count: 6 } }, signal)).toMatchObject({ kind: 'approved', method: { kind: 'installments', count: 6 } });
  });
});
