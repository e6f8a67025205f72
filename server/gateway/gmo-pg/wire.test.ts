// Tests the GMO-PG wire helpers: order ids GMO accepts, the pay method codes, and that the log allow-list holds
// no card field or password.
import { describe, expect, it } from 'vitest';
import { GMO_LOGGABLE, GMO_METHOD, gmoOrderId } from './wire.js';

describe('gmoOrderId', () => {
  it('keeps an order id GMO-PG accepts and hashes any other one stably', () => {
    expect(gmoOrderId('A-1001')).toBe('A-1001');
    const long = gmoOrderId('order:2026/05/01_0001.retry');
    expect(long).toMatch(/^ivp-[0-9a-f]{23}$/);
    expect(long).toHaveLength(27);
    expect(gmoOrderId('order:2026/05/01_0001.retry')).toBe(long);
    expect(gmoOrderId('order:2026/05/01_0001.retrz')).not.toBe(long);
    expect(gmoOrderId('x'.repeat(28))).toMatch(/^ivp-/);
  });
});

it('maps pay methods to GMO-PG Method codes', () => {
  expect(GMO_METHOD).toEqual({ lump: '1', installments: '2', bonus: '3', revolving: '4' });
});

it('never allows card fields or passwords into the request log', () => {
  for (const secret of ['CardNo', 'Expire', 'SecurityCode', 'Token', 'ShopPass', 'SitePass', 'AccessPass', 'CardPass', 'PIN']) expect(GMO_LOGGABLE.has(secret)).toBe(false);
});
