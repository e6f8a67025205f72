// The SMS identity check before the card: sends a one-time code to the customer's mobile (the payment's
// customerPhone, else a mobile caller id) and builds the keypad question that accepts it. The code goes from the
// generator into the SMS text and a salted hash; nowhere else.
import { toE164, type SmsProvider } from '../sms/types.js';
import type { DigitsQuestion } from './digits-collector.js';
import type { OneTimeCodes } from './one-time-codes.js';

export const SMS_CODE_QUESTION: DigitsQuestion = { length: 6, ask: ['sms-code'], again: ['sms-invalid', 'sms-code'], failed: ['sms-failed'] };

/** Japanese mobile numbers (070/080/090) can take an SMS; a caller id only counts when it is one of those. */
export function mobileNumber(customerPhone: string | null, callerNumber: string): string | null {
  if (customerPhone) return toE164(customerPhone);
  const caller = toE164(callerNumber);
  return caller && /^\+81[789]0[0-9]{8}$/.test(caller) ? caller : null;
}

export function smsText(merchantName: string, code: string, minutes: number, lang: 'ja' | 'en'): string {
  return lang === 'ja'
    ? `【${merchantName}】確認コード ${code}（${minutes}分間有効）。お電話の案内に従って入力してください。このコードを他の人に教えないでください。`
    : `${merchantName}: your confirmation code is ${code} (valid ${minutes} min). Key it on the phone when asked. Do not share it.`;
}

export interface IdentityCheckDeps {
  sms: SmsProvider | null;
  codes: OneTimeCodes;
}

export type SendResult = { ok: true; to: string } | { ok: false; code: 'sms_unavailable'; why: string };

/** Issues a code for the payment and texts it. */
export async function sendIdentityCode(
  d: IdentityCheckDeps,
  o: { paymentId: string; merchantName: string; to: string | null; validitySeconds: number; lang: 'ja' | 'en' },
): Promise<SendResult> {
  if (!d.sms) return { ok: false, code: 'sms_unavailable', why: 'no SMS provider is configured (IVRPAY_SMS)' };
  if (!o.to) return { ok: false, code: 'sms_unavailable', why: 'no mobile number: give customerPhone when creating the payment' };
  const code = d.codes.issue(o.paymentId, o.validitySeconds * 1000);
  try {
    await d.sms.send({ to: o.to, body: smsText(o.merchantName, code, Math.max(1, Math.round(o.validitySeconds / 60)), o.lang) }, AbortSignal.timeout(15_000));
    return { ok: true, to: o.to };
  } catch (err) {
    d.codes.forget(o.paymentId);
    return { ok: false, code: 'sms_unavailable', why: (err as Error).message };
  }
}
