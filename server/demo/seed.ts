// The demo merchant that `npm start` runs with: an operator DID and a payment-IVR DID, one operator whose "phone" is FreeSWITCH's auto-answer
// test extension, and a fresh API key per start for the demo CRM backend (older demo keys are revoked).
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { ApiKeys } from '../auth/api-keys.js';
import type { MerchantStore } from '../merchants/store.js';
import { CONTEXT_TEST, TEST_PHONE_EXTENSION } from '../esl/contract.js';

export const DEMO_DID = '0312345678';
/** the demo merchant's payment IVR number (transfer mode) */
export const DEMO_IVR_DID = '0312345679';
/** the demo customer's mobile (山田 太郎 on the demo page): the SMS check texts it; the virtual phone calls from it */
export const DEMO_MOBILE = '090-1234-5678';
const KEY_LABEL = 'demo-crm';

export async function seedDemo(db: Db, merchants: MerchantStore, keys: ApiKeys): Promise<{ merchantId: string; apiKey: string; dids: string[] }> {
  const { kv } = db.tables;
  let merchantId = (await db.q.select().from(kv).where(eq(kv.key, 'demo_merchant_id')).limit(1))[0]?.value;
  if (!merchantId || !(await merchants.get(merchantId))) {
    const m = await merchants.create('デモ商店 (Demo Shop)', { promptLang: 'ja' });
    merchantId = m.id;
    await merchants.addDid(m.id, DEMO_DID);
    await merchants.addOperator(m.id, 'Demo operator', `loopback/${TEST_PHONE_EXTENSION}/${CONTEXT_TEST}`);
    await db.q.insert(kv).values({ key: 'demo_merchant_id', value: m.id }).onConflictDoUpdate({ target: kv.key, set: { value: m.id } });
  }
  if (!(await merchants.did(DEMO_IVR_DID))) await merchants.addDid(merchantId, DEMO_IVR_DID, { mode: 'ivr', maxConcurrent: 10 });
  await keys.revokeAll(merchantId, KEY_LABEL);
  const { key } = await keys.create(merchantId, KEY_LABEL);
  return { merchantId, apiKey: key, dids: (await merchants.didsOf(merchantId)).map((d) => d.number) };
}
