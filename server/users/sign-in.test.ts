import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite as openDatabase, type Db } from '../db/index.js';
import { MerchantStore } from '../merchants/store.js';
import { Accounts } from './accounts.js';
import { hashPassword } from './passwords.js';
import { LOCK_MINUTES, MAX_FAILURES, SignIn } from './sign-in.js';
import { operators, merchants as merchantTable } from '../db/sqlite-schema.js';
import { eq } from 'drizzle-orm';

let db: Db;
let accounts: Accounts;
let signIn: SignIn;
let merchantId: string;
const PASSWORD = 'Kinmokusei-2026';

beforeEach(async () => {
  db = openDatabase(':memory:');
  accounts = new Accounts(db);
  signIn = new SignIn(accounts);
  const store = new MerchantStore(db);
  merchantId = (await store.create('Shop')).id;
  const op = await store.addOperator(merchantId, 'Hanako', null);
  await db.q.update(operators).set({ loginId: 'hanako', passwordHash: await hashPassword(PASSWORD), role: 'merchant_admin' }).where(eq(operators.id, op.id));
});

describe('SignIn', () => {
  it('signs in with the right password (login id case-insensitive) and resets the failure count', async () => {
    expect(await signIn.attempt('hanako', 'wrong password')).toEqual({ ok: false, reason: 'invalid' });
    const ok = await signIn.attempt(' HANAKO ', PASSWORD);
    expect(ok.ok && ok.user).toMatchObject({ kind: 'operator', loginId: 'hanako', role: 'merchant_admin', merchantId });
    expect((await accounts.credentials('hanako'))?.failedSignIns).toBe(0);
  });

  it(`locks the account after ${MAX_FAILURES} wrong passwords, even against the right one, then lets it try again`, async () => {
    const t0 = Date.now();
    for (let i = 1; i < MAX_FAILURES; i++) expect((await signIn.attempt('hanako', `nope-${i}`, t0)).ok).toBe(false);
    const locked = await signIn.attempt('hanako', 'nope-last', t0);
    expect(locked).toMatchObject({ ok: false, reason: 'locked', justLocked: true });
    expect(await signIn.attempt('hanako', PASSWORD, t0 + 60_000)).toMatchObject({ ok: false, reason: 'locked', justLocked: false });
    const later = t0 + LOCK_MINUTES * 60_000 + 1;
    expect((await signIn.attempt('hanako', 'still wrong', later)).ok).toBe(false);
    expect((await accounts.credentials('hanako'))?.failedSignIns).toBe(1);
    expect((await signIn.attempt('hanako', PASSWORD, later)).ok).toBe(true);
  });

  it('answers an unknown login id exactly like a wrong password', async () => {
    expect(await signIn.attempt('nobody', PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses disabled operators and operators of a disabled merchant, after checking the password', async () => {
    await db.q.update(merchantTable).set({ status: 'disabled' }).where(eq(merchantTable.id, merchantId));
    expect(await signIn.attempt('hanako', PASSWORD)).toMatchObject({ ok: false, reason: 'merchant_disabled' });
    await db.q.update(operators).set({ status: 'disabled' }).where(eq(operators.loginId, 'hanako'));
    expect(await signIn.attempt('hanako', PASSWORD)).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await signIn.attempt('hanako', 'wrong password')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('platform admins sign in without a merchant', async () => {
    await accounts.createPlatformAdmin('Root', 'Platform', await hashPassword(PASSWORD));
    const r = await signIn.attempt('root', PASSWORD);
    expect(r.ok && r.user).toMatchObject({ kind: 'platform_admin', role: 'platform_admin', merchantId: null });
    expect(await accounts.loginIdTaken('ROOT')).toBe(true);
  });
});
