// GMO Payment Gateway error codes (ErrCode / ErrInfo) mapped to what ivrpay tells the operator. Pure.
//
// Followed: GMO-PG's published error code list (エラーコード表, docs.mul-pay.jp), as collected in
// tricot-inc/errors-gmopg (errors.json: E00…EX1 and the card company codes 42C…/42G…) and used by pepabo/gmopg and
// gmopg/sdk-nodejs. ErrInfo is 9 characters: the ErrCode family first (E01, E11, …) or `42` + the card company
// code (42G020000 = G02). A response can carry several, separated by `|`.
import type { DeclineCode, GatewayErrorCode, OperationRefusal } from '../types.js';

export type GmoVerdict =
  /** the card company refused the card */
  | { kind: 'declined'; code: DeclineCode }
  /** nothing happened, for a reason that is not the card's */
  | { kind: 'error'; code: GatewayErrorCode }
  /** it may have been processed: ask (SearchTrade) before anything else */
  | { kind: 'unknown' }
  /** E01040010: this OrderID was already registered (our own earlier attempt): continue from SearchTrade */
  | { kind: 'order_exists' }
  /** E11010001: this transaction was already settled (our own earlier ExecTran): read it with SearchTrade */
  | { kind: 'already_done' };

const declined = (code: DeclineCode): GmoVerdict => ({ kind: 'declined', code });
const error = (code: GatewayErrorCode): GmoVerdict => ({ kind: 'error', code });

/**
 * Card company authorization errors (ErrCode G.., ErrInfo 42G..0000), by their published meaning:
 * G02/G04 残高不足, G03/G05/G07/G55 限度額オーバー, G06 デビット残高不足 → insufficient_funds;
 * G12 カード使用不可, G22 支払永久禁止, G56 不正カード, G60 事故カード, G61 無効カード, G96 事故カードデータ → card_restricted;
 * G30 取引判定保留, G42 暗証番号エラー, G92 カード会社任意エラー, G97/G98/G99 要求拒否 → card_declined;
 * G44 セキュリティコード誤り, G45 セキュリティコード入力無し → incorrect_cvv; G54 同一カード使用回数異常 → too_many_uses;
 * G65 カード番号エラー → incorrect_number; G68 金額エラー → amount_not_accepted; G83 有効期限エラー → expired_card;
 * G70–G76, G78 ボーナス・分割・支払区分の誤り → method_not_accepted;
 * G67 商品コード, G69 税送料, G77 業務区分, G79 照会区分, G80/G81 取消区分 → the merchant's setup;
 * G91 システム障害, G95 当該運用業務終了 → the issuer is not available now.
 */
const CARD_COMPANY: Record<string, GmoVerdict> = {
  G02: declined('insufficient_funds'),
  G03: declined('insufficient_funds'),
  G04: declined('insufficient_funds'),
  G05: declined('insufficient_funds'),
  G06: declined('insufficient_funds'),
  G07: declined('insufficient_funds'),
  G55: declined('insufficient_funds'),
  G12: declined('card_restricted'),
  G22: declined('card_restricted'),
  G56: declined('card_restricted'),
  G60: declined('card_restricted'),
  G61: declined('card_restricted'),
  G96: declined('card_restricted'),
  G30: declined('card_declined'),
  G42: declined('card_declined'),
  G92: declined('card_declined'),
  G97: declined('card_declined'),
  G98: declined('card_declined'),
  G99: declined('card_declined'),
  G44: declined('incorrect_cvv'),
  G45: declined('incorrect_cvv'),
  G54: declined('too_many_uses'),
  G65: declined('incorrect_number'),
  G68: declined('amount_not_accepted'),
  G83: declined('expired_card'),
  G70: declined('method_not_accepted'),
  G71: declined('method_not_accepted'),
  G72: declined('method_not_accepted'),
  G73: declined('method_not_accepted'),
  G74: declined('method_not_accepted'),
  G75: declined('method_not_accepted'),
  G76: declined('method_not_accepted'),
  G78: declined('method_not_accepted'),
  G67: error('gateway_configuration_error'),
  G69: error('gateway_configuration_error'),
  G77: error('gateway_configuration_error'),
  G79: error('gateway_configuration_error'),
  G80: error('gateway_configuration_error'),
  G81: error('gateway_configuration_error'),
  G91: error('issuer_unavailable'),
  G95: error('issuer_unavailable'),
};

/**
 * ivrpay's own errors, by ErrInfo prefix (longest prefix wins). E01: input parameters — shop/site credentials
 * (E0101…, E0102…, E0103…, E0119…–E0121…) vs. the card fields (E0117 number, E0118 expiry, E0146 security code)
 * vs. pay method (E0116 bonus, E0126 method, E0127 pay times) vs. everything else (the merchant's setup).
 * E11: the transaction's state. E21: 3-D Secure required. E41: card number checks at GMO. E61: contract.
 * E82/E90: the same request is still running (unknown). E91: system errors; only E91019999 says the payment
 * failed, the others tell the merchant to check the transaction (unknown). E92: too many requests.
 */
const PREFIXES: [string, GmoVerdict][] = [
  ['E01040010', { kind: 'order_exists' }],
  ['E11010001', { kind: 'already_done' }],
  ['E0101', error('gateway_credentials_invalid')],
  ['E0102', error('gateway_credentials_invalid')],
  ['E0103', error('gateway_credentials_invalid')],
  ['E0119', error('gateway_credentials_invalid')],
  ['E0120', error('gateway_credentials_invalid')],
  ['E0121', error('gateway_credentials_invalid')],
  ['E0106', declined('amount_not_accepted')],
  ['E0116', declined('method_not_accepted')],
  ['E0126', declined('method_not_accepted')],
  ['E0127', declined('method_not_accepted')],
  ['E0117', declined('incorrect_number')],
  ['E0118', declined('expired_card')],
  ['E0146', declined('incorrect_cvv')],
  ['E01', error('gateway_configuration_error')],
  ['E00', error('gateway_configuration_error')],
  ['E11010099', declined('card_restricted')],
  ['E11010999', { kind: 'unknown' }],
  ['E11', error('processing_error')],
  ['E21', declined('authentication_required')],
  ['E31', error('gateway_configuration_error')],
  ['E41170002', declined('card_restricted')],
  ['E41', declined('incorrect_number')],
  ['E61', error('gateway_configuration_error')],
  ['E82', { kind: 'unknown' }],
  ['E90', { kind: 'unknown' }],
  ['E91019999', error('processing_error')],
  ['E91', { kind: 'unknown' }],
  ['E92', error('gateway_unavailable')],
  ['EX1', error('gateway_configuration_error')],
  // 42C…: communication errors between GMO and the card company (CAFIS): the payment did not go through
  ['42C', error('issuer_unavailable')],
];

/** One ErrInfo code. */
export function verdictForCode(info: string): GmoVerdict {
  if (info.startsWith('42G')) return CARD_COMPANY[info.slice(2, 5)] ?? declined('card_declined');
  const hit = PREFIXES.filter(([p]) => info.startsWith(p)).sort((a, b) => b[0].length - a[0].length)[0];
  return hit ? hit[1] : { kind: 'unknown' };
}

/**
 * The verdict of a whole `ErrInfo=a|b|c`: the idempotency signals first, then anything that may have been
 * processed, then the first code that says why.
 */
export function verdictFor(errInfo: string): GmoVerdict {
  const verdicts = errInfo.split('|').filter(Boolean).map(verdictForCode);
  for (const kind of ['order_exists', 'already_done', 'unknown'] as const) {
    const v = verdicts.find((x) => x.kind === kind);
    if (v) return v;
  }
  return verdicts[0] ?? { kind: 'unknown' };
}

/** Why an AlterTran / ChangeTran was refused, or null when its outcome is unknown (ask SearchTrade). */
export function refusalFor(errInfo: string): OperationRefusal | null {
  const codes = errInfo.split('|').filter(Boolean);
  if (codes.includes('E01420010')) return 'authorization_expired'; // 仮売上有効期間を超えています
  if (codes.some((c) => /^E1101001\d$/.test(c))) return 'operation_not_supported'; // 180日超えの取引
  if (codes.some((c) => ['E11010002', 'E11010003', 'E01060010', 'E01060021', 'E01110010'].includes(c))) return 'invalid_state';
  const v = verdictFor(errInfo);
  if (v.kind === 'error') return v.code;
  if (v.kind === 'declined') return v.code === 'amount_not_accepted' ? 'refund_exceeds_amount' : 'invalid_state';
  return null;
}
