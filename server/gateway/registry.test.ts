// Tests the per-merchant registry: sandbox by default, the chosen adapter with the merchant's credentials, rebuilt
// when the settings change, a refusing stand-in when the credentials cannot be opened.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openSqlite as openDatabase } from '../db/index.js';
import { GatewayRegistry } from './registry.js';
import { SandboxGateway } from './sandbox.js';
import { CredentialCipher } from './settings/cipher.js';
import { GatewaySettingsStore } from './settings/store.js';
import { testCard } from './testing/cards.js';

const log = pino({ level: 'silent' });

function setup() {
  const db = openDatabase(':memory:');
  const store = new GatewaySettingsStore(db, new CredentialCipher(randomBytes(32)));
  const sandbox = new SandboxGateway(db, { latencyMs: 0, hangMs: 0 });
  return { db, store, sandbox, registry: new GatewayRegistry(store, sandbox, log, { timeoutMs: 5_000 }) };
}

describe('GatewayRegistry', () => {
  it('gives each merchant its own gateway, the sandbox by default', async () => {
    const { store, sandbox, registry } = setup();
    expect(await registry.forMerchant('mer_a')).toBe(sandbox);
    await store.save('mer_b', { kind: 'stripe', credentials: { secretKey: 'sk_test_registry000001' } });
    await store.save('mer_c', { kind: 'gmo-pg', options: { shopId: 'tshop1', methods: ['installments'], installmentCounts: [3, 6] }, credentials: { shopPass: 'pass1' } });
    expect((await registry.forMerchant('mer_b')).name).toBe('stripe');
    const gmo = await registry.forMerchant('mer_c');
    expect(gmo.name).toBe('gmo-pg');
    expect(await registry.forMerchant('mer_c')).toBe(gmo);
    expect(await registry.capabilities('mer_c')).toMatchObject({ methods: ['installments'], installmentCounts: [3, 6], jobs: ['auth', 'capture', 'check'] });
    await new Promise((r) => setTimeout(r, 5));
    await store.save('mer_c', { kind: 'sandbox' });
    expect(await registry.forMerchant('mer_c')).toBe(sandbox);
  });

  it('refuses, without sending anything, for a merchant whose credentials cannot be opened', async () => {
    const { db, store } = setup();
    await store.save('mer_d', { kind: 'stripe', credentials: { secretKey: 'sk_test_registry000002' } });
    const otherKey = new GatewayRegistry(new GatewaySettingsStore(db, new CredentialCipher(randomBytes(32))), new SandboxGateway(db, { latencyMs: 0, hangMs: 0 }), log, { timeoutMs: 5_000 });
    const gw = await otherKey.forMerchant('mer_d');
    expect(gw.name).toBe('misconfigured');
    const req = { merchantId: 'mer_d', orderId: 'O-1', job: 'capture' as const, amount: 100, currency: 'JPY', memberId: null, card: testCard('4111111111111111', '1230') };
    expect(await gw.execute(req, AbortSignal.timeout(1000))).toEqual({ kind: 'error', code: 'gateway_configuration_error', charged: false });
  });
});
