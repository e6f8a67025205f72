// Pure card field rules (brand, lengths, Luhn, expiry, CVV) and operator messages per error code; never logs, stores or echoes digits.
import valid from 'card-validator';
import luhn10 from 'card-validator/dist/luhn-10.js';
import { BRANDS, type Brand, type ErrorCode } from '../payments/types.js';

/** What the first digits of a PAN say about it. */
export type PrefixClass =
  | { kind: 'brand'; brand: Brand } // exactly one brand ivrpay knows
  | { kind: 'other_brand' } // exactly one brand, not one ivrpay can take (mir, elo, troy, hiper…)
  | { kind: 'no_card' } // no card brand starts like this: the number cannot be valid
  | { kind: 'ambiguous' }; // several brands still possible: keep listening

const KNOWN_BRANDS: ReadonlySet<string> = new Set(BRANDS);

function isBrand(type: string): type is Brand {
  return KNOWN_BRANDS.has(type);
}

/** Classifies a PAN prefix with card-validator's brand patterns (the first 8 digits decide). */
export function classifyPrefix(prefix: string): PrefixClass {
  if (!/^\d*$/.test(prefix)) return { kind: 'no_card' };
  const verdict = valid.number(prefix);
  if (verdict.card) return isBrand(verdict.card.type) ? { kind: 'brand', brand: verdict.card.type } : { kind: 'other_brand' };
  return verdict.isPotentiallyValid ? { kind: 'ambiguous' } : { kind: 'no_card' };
}

/** The brand a PAN prefix belongs to, or null while ambiguous, unknown, or not an ivrpay brand. */
export function detectBrand(prefix: string): Brand | null {
  const c = classifyPrefix(prefix);
  return c.kind === 'brand' ? c.brand : null;
}

const PRIMARY_PAN_LENGTH: Record<Brand, number> = {
  visa: 16,
  mastercard: 16,
  'american-express': 15,
  jcb: 16,
  'diners-club': 14,
  discover: 16,
  unionpay: 16,
  maestro: 16,
};

/** The length most cards of the brand have: what the operator sees as "n of N" (16 when unknown). */
export function expectedPanLength(brand: Brand | null): number {
  return brand ? PRIMARY_PAN_LENGTH[brand] : 16;
}

/** Every PAN length the brand issues, ascending (card-validator); 12–19 when the brand is unknown. */
export function panLengths(brand: Brand | null): number[] {
  if (!brand) return [12, 13, 14, 15, 16, 17, 18, 19];
  return [...valid.creditCardType.getTypeInfo(brand).lengths].sort((a, b) => a - b);
}

export function maxPanLength(brand: Brand | null): number {
  return Math.max(...panLengths(brand));
}

export type PanCheck = { ok: true; brand: Brand; last4: string } | { ok: false; code: 'invalid_number' | 'brand_not_accepted' };

/**
 * Validates a complete PAN. A number of a brand ivrpay cannot take, or not in `allowedBrands`, is
 * brand_not_accepted (even if mis-keyed: re-keying would not help). Otherwise card-validator decides
 * length and Luhn; as in card-validator, UnionPay numbers are not Luhn-checked (some are issued without).
 */
export function checkPan(digits: string, allowedBrands: readonly Brand[]): PanCheck {
  if (!/^\d+$/.test(digits)) return { ok: false, code: 'invalid_number' };
  const verdict = valid.number(digits);
  if (!verdict.card) return { ok: false, code: 'invalid_number' };
  const type = verdict.card.type;
  if (!isBrand(type) || !allowedBrands.includes(type)) return { ok: false, code: 'brand_not_accepted' };
  if (!verdict.isValid) return { ok: false, code: 'invalid_number' };
  return { ok: true, brand: type, last4: digits.slice(-4) };
}

/**
 * Whether the keyed PAN should end by itself, without `#`:
 * - at the brand's longest length, always (nothing more can follow; validation then decides);
 * - at the brand's primary length (16, Amex 15, Diners 14) only when the digits pass Luhn
 *   (UnionPay included here, so a mis-keyed UnionPay number waits for more rather than ending);
 * - otherwise never: keep listening until the longest length, `#`, or the inter-digit timeout.
 * Known trade-off: a longer card (19-digit Visa/Discover/JCB/UnionPay, 16-digit Diners) whose first
 * primary-length digits happen to pass Luhn (1 in 10) ends early; it is accepted as that shorter
 * number and the gateway declines it, or the remaining digits land in the expiry field and fail there;
 * the operator then re-requests the card number. Such cards are rare in Japan; 16-digit ones are the norm.
 */
export function isPanCompleteAt(digits: string, brand: Brand | null): boolean {
  if (digits.length >= maxPanLength(brand)) return true;
  return digits.length === expectedPanLength(brand) && luhn10(digits);
}

export type ExpiryCheck = { ok: true; month: number; year: number } | { ok: false; code: 'invalid_expiry' | 'card_expired' };

/** Furthest expiry accepted, in months from the current month. */
export const MAX_EXPIRY_MONTHS_AHEAD = 20 * 12;

/** The current year and month (1-12) in an IANA time zone. Throws RangeError for an unknown zone. */
export function yearMonthIn(now: Date, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month') };
}

/**
 * Validates an expiry keyed as MMYY. A card is valid through the last day of its month, judged in
 * `timeZone` (the merchant's; card-validator only knows the process's local time, so this is done here).
 * YY is read in the current century, or the next one when that is within the 20-year window (2090s).
 */
export function checkExpiry(mmyy: string, now: Date, timeZone = 'Asia/Tokyo'): ExpiryCheck {
  if (!/^\d{4}$/.test(mmyy)) return { ok: false, code: 'invalid_expiry' };
  const month = Number(mmyy.slice(0, 2));
  const yy = Number(mmyy.slice(2));
  if (month < 1 || month > 12) return { ok: false, code: 'invalid_expiry' };
  const current = yearMonthIn(now, timeZone);
  let year = current.year - (current.year % 100) + yy;
  if (year + 100 <= current.year + 20) year += 100;
  const monthsAhead = (year - current.year) * 12 + (month - current.month);
  if (monthsAhead < 0) return { ok: false, code: 'card_expired' };
  if (monthsAhead > MAX_EXPIRY_MONTHS_AHEAD) return { ok: false, code: 'invalid_expiry' };
  return { ok: true, month, year };
}

/** Security code length: 4 for American Express (CID), 3 for the others (card-validator). */
export function expectedCvvLength(brand: Brand | null): number {
  return brand ? valid.creditCardType.getTypeInfo(brand).code.size : 3;
}

export type CvvCheck = { ok: true } | { ok: false; code: 'invalid_cvv' };

export function checkCvv(cvv: string, brand: Brand | null): CvvCheck {
  return valid.cvv(cvv, expectedCvvLength(brand)).isValid ? { ok: true } : { ok: false, code: 'invalid_cvv' };
}

const MESSAGES: Record<ErrorCode, { en: string; ja: string }> = {
  invalid_number: {
    en: 'The card number is not valid (check digit or length). The customer is asked again.',
    ja: 'カード番号が正しくありません（桁数またはチェックデジット）。お客様に再入力をお願いしています。',
  },
  brand_not_accepted: {
    en: 'This card brand is not accepted for this merchant. The customer is asked for the number of another card.',
    ja: 'このカードブランドはご利用いただけません。お客様に別のカード番号の入力をお願いしています。',
  },
  invalid_expiry: {
    en: 'The expiry date is not valid (it is keyed as 4 digits, month then year). The customer is asked again.',
    ja: '有効期限が正しくありません（月・年の順に4桁で入力）。お客様に再入力をお願いしています。',
  },
  card_expired: {
    en: 'The expiry date keyed is in the past: the card has expired. The customer is asked again; if the card really has expired, re-request the card number for another card.',
    ja: '入力された有効期限は過ぎています。お客様に再入力をお願いしています。期限切れの場合は、カード番号を再入力いただき別のカードをご利用ください。',
  },
  invalid_cvv: {
    en: 'The security code has the wrong number of digits. The customer is asked again.',
    ja: 'セキュリティコードの桁数が正しくありません。お客様に再入力をお願いしています。',
  },
  no_input: {
    en: 'The customer did not key anything in time. The customer is asked again.',
    ja: '一定時間入力がありませんでした。お客様に再入力をお願いしています。',
  },
  too_many_attempts: {
    en: 'Too many failed attempts on one field; the card entry stopped and nothing was kept. Talk to the customer and start the card entry again if they want to retry.',
    ja: '入力の失敗が上限に達したため、カード入力を終了しました（入力内容は破棄済み）。お客様と通話のうえ、必要であればカード入力をやり直してください。',
  },
  card_declined: {
    en: 'The card issuer declined the payment. Ask the customer for another card or another way to pay.',
    ja: 'カード会社により決済が承認されませんでした。お客様に別のカードまたは別のお支払い方法をご案内ください。',
  },
  insufficient_funds: {
    en: 'Declined: the card has not enough funds or credit left. Ask the customer for another card.',
    ja: 'ご利用可能額不足のため承認されませんでした。お客様に別のカードをご案内ください。',
  },
  expired_card: {
    en: 'Declined by the issuer: the card has expired. Ask the customer for another card.',
    ja: 'カード会社よりカードの有効期限切れと判定されました。お客様に別のカードをご案内ください。',
  },
  incorrect_cvv: {
    en: 'Declined: the security code does not match the card. Start the card entry again so the customer can re-key it.',
    ja: 'セキュリティコードが一致しないため承認されませんでした。カード入力をやり直してください。',
  },
  processing_error: {
    en: 'The payment gateway could not process the payment. Try again in a moment; if it keeps failing, contact the payment provider.',
    ja: '決済代行会社で処理エラーが発生しました。少し時間をおいてやり直し、解決しない場合は決済代行会社にお問い合わせください。',
  },
  gateway_timeout: {
    en: 'The payment gateway did not answer in time and the result could not be confirmed. Check the order in the gateway console before charging again.',
    ja: '決済代行会社から時間内に応答がなく、結果を確認できませんでした。再度決済する前に、管理画面で当該注文の状態をご確認ください。',
  },
  gateway_unavailable: {
    en: 'The payment gateway could not be reached. Try again later.',
    ja: '決済代行会社に接続できませんでした。しばらくしてからやり直してください。',
  },
  incorrect_number: {
    en: 'Declined: the card issuer says this card number does not exist. Start the card entry again so the customer can re-key it, or ask for another card.',
    ja: 'カード会社よりカード番号に誤りがあると回答されました。カード入力をやり直すか、別のカードをご案内ください。',
  },
  card_restricted: {
    en: 'Declined: this card cannot be used for this payment. Ask the customer for another card; do not speculate about the reason.',
    ja: 'このカードはご利用いただけません（カード会社判断）。お客様に別のカードをご案内ください。理由の推測はお伝えしないでください。',
  },
  method_not_accepted: {
    en: 'Declined: the card does not accept this way of paying (installments, bonus or revolving). Offer a lump-sum payment or another card.',
    ja: 'このカードではご指定の支払方法（分割・ボーナス・リボ）がご利用いただけません。一括払いまたは別のカードをご案内ください。',
  },
  too_many_uses: {
    en: 'Declined: the card was used too many times in a short time. Ask for another card, or ask the customer to try again later.',
    ja: '短時間にカードが繰り返し利用されたため承認されませんでした。別のカードをご案内するか、時間をおいてお試しください。',
  },
  authentication_required: {
    en: 'Declined: the issuer requires 3-D Secure authentication, which is not possible over the phone. Ask for another card or another way to pay.',
    ja: 'カード会社が本人認証（3Dセキュア）を求めていますが、電話では実施できません。別のカードまたは別のお支払い方法をご案内ください。',
  },
  amount_not_accepted: {
    en: 'The card company or gateway does not accept this amount. Check the amount with the customer; the merchant may need a new payment.',
    ja: 'この金額ではお取り扱いできません（カード会社または決済代行会社）。金額をご確認のうえ、必要であれば決済を作り直してください。',
  },
  currency_not_supported: {
    en: 'The card or the payment gateway does not support this currency. The merchant must create the payment in a supported currency.',
    ja: 'この通貨はカードまたは決済代行会社で取り扱いできません。対応している通貨で決済を作り直してください。',
  },
  issuer_unavailable: {
    en: 'The card company\'s system did not answer; nothing was charged. Try again in a few minutes or ask for another card.',
    ja: 'カード会社のシステムが応答しませんでした（請求はありません）。数分おいてやり直すか、別のカードをご案内ください。',
  },
  gateway_configuration_error: {
    en: 'The payment gateway refused the request because of how this merchant\'s gateway account is set up. Nothing was charged. Ask your administrator to check the gateway contract and settings.',
    ja: '加盟店の決済代行会社の契約・設定により処理できませんでした（請求はありません）。管理者に決済代行会社の設定をご確認いただいてください。',
  },
  gateway_credentials_invalid: {
    en: 'The payment gateway did not accept this merchant\'s credentials. Nothing was charged. Ask your administrator to update the gateway credentials in the console.',
    ja: '決済代行会社が加盟店の認証情報を受け付けませんでした（請求はありません）。管理者に管理画面で認証情報を更新していただいてください。',
  },
  telephony_lost: {
    en: 'The connection to the phone system was lost during card entry. The keyed data was discarded; start the card entry again.',
    ja: 'カード入力中に電話システムとの接続が切れました。入力内容は破棄しました。カード入力をやり直してください。',
  },
  customer_hung_up: {
    en: 'The customer hung up before the card entry was complete. The keyed data was discarded.',
    ja: 'カード入力の完了前にお客様の通話が切れました。入力内容は破棄しました。',
  },
  instance_lost: {
    en: 'The payment server handling the card entry stopped. The keyed data was discarded and nothing was charged; start the card entry again.',
    ja: 'カード入力を処理していた決済サーバーが停止しました。入力内容は破棄し、請求は発生していません。カード入力をやり直してください。',
  },
  server_restarted: {
    en: 'The payment server restarted during card entry. The keyed data was discarded; start the card entry again.',
    ja: 'カード入力中に決済サーバーが再起動しました。入力内容は破棄しました。カード入力をやり直してください。',
  },
  canceled_by_operator: {
    en: 'The operator canceled the payment. Nothing was charged.',
    ja: 'オペレーターが決済を取り消しました。請求は発生していません。',
  },
  canceled_by_merchant: {
    en: 'The merchant canceled the payment. Nothing was charged.',
    ja: '加盟店により決済が取り消されました。請求は発生していません。',
  },
  wrong_sms_code: {
    en: 'The customer keyed a wrong or expired SMS code. They are asked again.',
    ja: 'お客様が入力した SMS 確認コードが違うか期限切れです。もう一度入力をお願いしています。',
  },
  sms_check_failed: {
    en: 'The SMS code was not confirmed. Nothing was charged; confirm the mobile number with the customer and start again.',
    ja: 'SMS 確認コードを確認できませんでした。請求は発生していません。携帯電話番号を確認してやり直してください。',
  },
  sms_unavailable: {
    en: 'The SMS code could not be sent (no mobile number, or the SMS service refused it). Nothing was charged.',
    ja: 'SMS 確認コードを送れませんでした（携帯電話番号がないか、SMS サービスが受け付けませんでした）。請求は発生していません。',
  },
  method_not_chosen: {
    en: 'The customer did not choose how to pay on the keypad. Nothing was charged; agree the method with the customer and start again.',
    ja: 'お客様がプッシュ操作で支払方法を選びませんでした。請求は発生していません。支払方法をお客様と確認してやり直してください。',
  },
  not_confirmed: {
    en: 'The customer did not confirm the amount read back. Nothing was charged; check the amount with the customer.',
    ja: 'お客様が読み上げた金額を確認しませんでした。請求は発生していません。金額をお客様とご確認ください。',
  },
};

/** Text for operators: what happened and what happens or to do next. Covers every ErrorCode. */
export function messageFor(code: ErrorCode, lang: 'ja' | 'en' = 'en'): string {
  return MESSAGES[code][lang];
}
