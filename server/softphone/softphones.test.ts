// Softphone credentials: shared while young, replaced after half their life, gone when revoked or expired; online needs a recent check-in.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ONLINE_WINDOW_MS, Softphones } from './softphones.js';

describe('Softphones', () => {
  it('hands the same password to a second tab while it is young, a new one after half its life', () => {
    let now = 1_000_000;
    const s = new Softphones(600_000, () => now);
    const a = s.issue('op_a');
    expect(a).toMatchObject({ username: 'op_a', expiresAt: now + 600_000 });
    now += 200_000;
    expect(s.issue('op_a').password).toBe(a.password);
    now += 150_000;
    const b = s.issue('op_a');
    expect(b.password).not.toBe(a.password);
    expect(s.a1Hash('op_a', 'sip.test')).toBe(createHash('md5').update(`op_a:sip.test:${b.password}`).digest('hex'));
  });

  it('revoked or expired: no a1-hash, not online, nothing to dial', () => {
    let now = 0;
    const s = new Softphones(60_000, () => now);
    s.issue('op_a');
    expect(s.dialString('op_a')).toBe('user/op_a');
    now = ONLINE_WINDOW_MS + 1;
    expect(s.online('op_a')).toBe(false);
    s.seen('op_a');
    expect(s.online('op_a')).toBe(true);
    now = 60_001;
    expect(s.a1Hash('op_a', 'r')).toBeNull();
    expect(s.dialString('op_a')).toBeNull();
    s.issue('op_b');
    s.revoke('op_b');
    expect(s.a1Hash('op_b', 'r')).toBeNull();
  });
});
