// The demo's console sign-in: a merchant admin "demo-admin" of the demo merchant, with a new random password at
// every start (printed by `npm start`), so a person can sign in and look around. Only with IVRPAY_DEMO.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { newId, nowIso } from '../ids.js';
import { generatePassword, hashPassword } from './passwords.js';

export const DEMO_ADMIN_LOGIN = 'demo-admin';

export async function seedDemoAdmin(db: Db, merchantId: string): Promise<{ loginId: string; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const { operators } = db.tables;
  const [existing] = await db.q.select().from(operators).where(eq(operators.loginId, DEMO_ADMIN_LOGIN)).limit(1);
  if (existing && existing.merchantId === merchantId) {
    await db.q.update(operators).set({ passwordHash, status: 'active', role: 'merchant_admin', failedSignIns: 0, lockedUntil: null, mustChangePassword: false }).where(and(eq(operators.id, existing.id)));
  } else {
    if (existing) await db.q.update(operators).set({ loginId: null }).where(eq(operators.id, existing.id));
    await db.q.insert(operators).values({ id: newId('op'), merchantId, name: 'Demo admin', loginId: DEMO_ADMIN_LOGIN, passwordHash, role: 'merchant_admin', createdAt: nowIso() });
  }
  return { loginId: DEMO_ADMIN_LOGIN, password };
}
