// Tests the merchant gateway store: validation, sealed at rest (the database never holds a credential in clear),
// masked descriptions, opening only with the same key.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSqlite as openDatabase } from '../../db/index.js';
import { CredentialCipher } from './cipher.js';
import { GatewaySettingsError, GatewaySettingsStore } from './store.js';
import { maskSecret } from './kinds.js';

const STRIPE_KEY = 'sk_test_51AbCdEfGhIjKlMnOpQrStUvWx';

function store(key = randomBytes(32)) {
  const db = openDatabase(':memory:');
  return { db, key, store: new GatewaySettingsStore(db, new CredentialCipher(key)) };
}

describe('GatewaySettingsStore', () => {
  it('is the sandbox until a gateway is chosen', async () => {
    const { store: s } = store();
    expect(await s.describe('mer_1')).toEqual({ kind: 'sandbox', options: {}, credentials: {}, updatedAt: null });
    expect(await s.load('mer_1')).toBeNull();
  });

  it('keeps credentials sealed at rest and shows them masked', async () => {
    const { db, store: s } = store();
    const described = await s.save('mer_1', { kind: 'gmo-pg', options: { shopId: 'tshop00012345', siteId: 'tsite00054321' }, credentials: { shopPass: 'pw4shop99', sitePass: 'pw4site77' } });
    expect(described.credentials).toEqual({ shopPass: '••••••••', sitePass: '••••••••' });
    expect(described.options).toMatchObject({ endpoint: 'https://pt01.mul-pay.jp', shopId: 'tshop00012345', methods: ['installments', 'bonus', 'revolving'] });
    const raw = JSON.stringify(db.sqlite!.prepare('SELECT * FROM merchant_gateways').all());
    expect(raw).not.toContain('pw4shop99');
    expect(raw).not.toContain('pw4site77');
    expect(await s.load('mer_1')).toMatchObject({ kind: 'gmo-pg', secret: { shopPass: 'pw4shop99', sitePass: 'pw4site77' } });
    expect(JSON.stringify(await s.describe('mer_1'))).not.toContain('pw4shop99');
  });

  it('masks a Stripe key to its prefix and last four', async () => {
    const { store: s } = store();
    expect((await s.save('mer_2', { kind: 'stripe', credentials: { secretKey: STRIPE_KEY } })).credentials).toEqual({ secretKey: 'sk_test_…UvWx' });
    expect(maskSecret('short')).toBe('••••••••');
  });

  it('refuses bad settings naming the field, without echoing the value', async () => {
    const { store: s } = store();
    await expect(s.save('mer_1', { kind: 'stripe', credentials: { secretKey: 'pk_live_notasecretkey1' } })).rejects.toThrow(GatewaySettingsError);
    try {
      await s.save('mer_1', { kind: 'gmo-pg', options: { shopId: 'tshop1' }, credentials: { shopPass: 'has spaces in it!' } });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/credentials\.shopPass: letters and digits/);
      expect((e as Error).message).not.toContain('has spaces');
    }
    await expect(s.save('mer_1', { kind: 'gmo-pg', options: { shopId: 'tshop1', siteId: 'tsite1' }, credentials: { shopPass: 'pw' } })).rejects.toThrow(/siteId and credentials.sitePass go together/);
  });

  it('cannot open with another key, and says so', async () => {
    const { db, store: s } = store();
    await s.save('mer_1', { kind: 'stripe', credentials: { secretKey: STRIPE_KEY } });
    const other = new GatewaySettingsStore(db, new CredentialCipher(randomBytes(32)));
    await expect(other.load('mer_1')).rejects.toThrow(/another IVRPAY_CREDENTIALS_KEY/);
    expect((await other.describe('mer_1')).credentials).toEqual({ secretKey: 'sk_test_…UvWx' });
  });
});
