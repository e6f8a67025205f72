import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../server/payments/types.js';
import approvedAfterRetry from './fixtures/approved-after-retry.json' with { type: 'json' };
import declinedWithoutCvv from './fixtures/declined-without-cvv.json' with { type: 'json' };
import transferApproved from './fixtures/transfer-approved.json' with { type: 'json' };
import ivrStepsApproved from './fixtures/ivr-steps-approved.json' with { type: 'json' };
import { announcementFor, type Announcement } from './announce.js';
import { MESSAGES, type Messages } from './i18n.js';
import { applyEvent, emptyProgress } from './progress.js';

function announcements(events: PaymentEvent[], m: Messages): Announcement[] {
  let p = emptyProgress();
  const said: Announcement[] = [];
  for (const e of events) {
    p = applyEvent(p, e);
    const a = announcementFor(e, p, m);
    if (a) said.push(a);
  }
  return said;
}

describe('announcementFor', () => {
  it('says each step politely, never each digit, and the result assertively', () => {
    const said = announcements(approvedAfterRetry as PaymentEvent[], MESSAGES.en);
    expect(said.map((a) => a.text)).toEqual([
      'Customer is entering the card number',
      'Card number: The card number is not valid',
      'Customer is entering the card number again',
      'Card number complete Visa ending 4242',
      'Customer is entering the expiry date',
      'Expiry date complete',
      'Customer is entering the security code',
      'Security code complete',
      'Processing payment',
      'Approved',
      'You are talking with the customer again',
    ]);
    expect(said.filter((a) => a.assertive).map((a) => a.text)).toEqual(['Approved']);
  });

  it('gives the reason of a decline in Japanese', () => {
    const said = announcements(declinedWithoutCvv as PaymentEvent[], MESSAGES.ja);
    const result = said.find((a) => a.assertive);
    expect(result?.text).toBe('承認されませんでした。利用可能額を超えています。別のカードをご案内ください');
    expect(said.map((a) => a.text)).toContain('決済代行会社に結果を確認中…');
  });

  it('says when the customer connected and when the call went back, not "talking again" before the operator is back', () => {
    const transfer = transferApproved as PaymentEvent[];
    const said = announcements(transfer, MESSAGES.en);
    expect(said[0]).toEqual({ text: 'Customer connected', assertive: false });
    expect(said.slice(-2)).toEqual([
      { text: 'Approved', assertive: true },
      { text: 'Returned to operator', assertive: false },
    ]);
    expect(said.map((a) => a.text)).not.toContain('You are talking with the customer again');
    const failed = [...transfer.slice(0, -1), { ...transfer.at(-1)!, type: 'return_failed' as const }];
    expect(announcements(failed, MESSAGES.ja).at(-1)).toEqual({ text: '通話を戻せませんでした。お客様に折り返しお電話ください', assertive: true });
  });

  it("says the IVR's steps around the card politely, in English and Japanese", () => {
    const ivr = ivrStepsApproved as PaymentEvent[];
    const said = announcements(ivr, MESSAGES.en).map((a) => a.text);
    expect(said.slice(0, 4)).toEqual([
      "SMS code sent to the customer's mobile",
      'Identity check (SMS): Wrong code keyed; the customer is asked again',
      'Identity confirmed by SMS code',
      'Customer is entering the card number',
    ]);
    expect(said.slice(-10)).toEqual([
      'Security code complete',
      'The customer is choosing how to pay',
      'How the customer pays: A key that is not offered; the customer is asked again',
      'How the customer pays: 6 installments',
      'The amount and the last four are read to the customer',
      'Amount check: Nothing pressed; the amount is read again',
      'The customer confirmed the amount',
      'Processing payment',
      'Approved',
      'You are talking with the customer again',
    ]);
    const ja = announcements(ivr, MESSAGES.ja).map((a) => a.text);
    expect(ja).toContain('お客様の携帯電話に確認コードを送りました');
    expect(ja).toContain('お支払い方法: 分割払い（6回）');
    expect(ja).toContain('お客様が金額を確認しました');
  });

  it('says when the customer pressed 2 to key the card again, and not for a * while keying', () => {
    const ivr = ivrStepsApproved as PaymentEvent[];
    const upTo = ivr.slice(0, ivr.findIndex((e) => e.type === 'confirming') + 1);
    const again = { ...upTo.at(-1)!, seq: 9000, type: 'field_cleared' as const, field: 'pan' as const };
    const star = { ...again, seq: 9001 };
    const said = announcements([...upTo, again, star], MESSAGES.en).map((a) => a.text);
    expect(said.slice(-2)).toEqual(['The amount and the last four are read to the customer', 'The customer pressed 2: the card is keyed again']);
  });
});
