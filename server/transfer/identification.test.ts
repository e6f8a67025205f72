import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite as openDatabase, type Db } from '../db/index.js';
import { IdentificationIds } from './identification.js';

let db: Db;
let now = Date.parse('2026-11-23T10:00:00Z');
let ids: IdentificationIds;
beforeEach(() => {
  db = openDatabase(':memory:');
  now = Date.parse('2026-11-23T10:00:00Z');
  ids = new IdentificationIds(db, () => now);
});
afterEach(() => db.sqlite!.close());

describe('IdentificationIds', () => {
  it('issues 6 digits valid for the validity period, resolving to the payment', async () => {
    const id = await ids.issue('mer_a', 'pay_1', 300, 24);
    expect(id.code).toMatch(/^\d{6}$/);
    expect(id.expiresAt).toBe('2026-11-23T10:05:00.000Z');
    expect(await ids.resolve('mer_a', id.code)).toMatchObject({ ok: true, paymentId: 'pay_1' });
    expect(await ids.current('pay_1')).toEqual(id);
  });

  it('is scoped to the merchant', async () => {
    const id = await ids.issue('mer_a', 'pay_1', 300, 24);
    expect(await ids.resolve('mer_b', id.code)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('expires', async () => {
    const id = await ids.issue('mer_a', 'pay_1', 300, 24);
    now += 300_000;
    expect(await ids.resolve('mer_a', id.code)).toEqual({ ok: false, reason: 'expired' });
    expect(await ids.current('pay_1')).toBeNull();
  });

  it('is used once', async () => {
    const id = await ids.issue('mer_a', 'pay_1', 300, 24);
    const r = await ids.resolve('mer_a', id.code);
    if (!r.ok) throw new Error('expected ok');
    await ids.markUsed(r.rowId, 24);
    expect(await ids.resolve('mer_a', id.code)).toEqual({ ok: false, reason: 'used' });
  });

  it('a reissue makes the earlier code stop working', async () => {
    const first = await ids.issue('mer_a', 'pay_1', 300, 24);
    const second = await ids.issue('mer_a', 'pay_1', 300, 24);
    expect(second.code).not.toBe(first.code);
    expect(await ids.resolve('mer_a', first.code)).toEqual({ ok: false, reason: 'expired' });
    expect((await ids.resolve('mer_a', second.code)).ok).toBe(true);
  });

  it('never issues digits still blocked from an earlier use: 1,000 codes in one day are all different', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = await ids.issue('mer_a', `pay_${i}`, 300, 24);
      codes.add(id.code);
      now += 60_000; // one a minute: most expire long before the day is over
    }
    expect(codes.size).toBe(1000);
  });

  it('the same digits come back only after the block period that follows their use', async () => {
    const same = new IdentificationIds(db, () => now, () => '123456');
    const id = await same.issue('mer_a', 'pay_1', 300, 24);
    now += 60_000;
    const r = await same.resolve('mer_a', id.code);
    if (!r.ok) throw new Error('expected ok');
    await same.markUsed(r.rowId, 24);
    now += 23 * 3600_000;
    await expect(same.issue('mer_a', 'pay_2', 300, 24)).rejects.toThrow(/no free identification id/);
    expect((await same.issue('mer_b', 'pay_3', 300, 24)).code).toBe('123456'); // another merchant's space
    now += 3600_000;
    expect((await same.issue('mer_a', 'pay_2', 300, 24)).code).toBe('123456');
    expect(await same.resolve('mer_a', '123456')).toMatchObject({ ok: true, paymentId: 'pay_2' });
  });
});
