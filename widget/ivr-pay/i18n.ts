// Every word the operator reads in <ivr-pay>, in Japanese and English; never shows a server's English message as the main text.
import type { Brand, ErrorCode, Field, Job, PaymentStatus } from '../../server/payments/types.js';

export type Lang = 'ja' | 'en';

/** Error codes the API answers with (beside the payment ErrorCodes), plus the widget's own network ones. */
export const API_ERROR_CODES = [
  'token_expired',
  'unauthorized',
  'forbidden',
  'merchant_disabled',
  'not_found',
  'invalid_state',
  'no_call',
  'call_busy',
  'telephony_unavailable',
  'validation_failed',
  'rate_limited',
  'internal_error',
  'network_error',
  'bad_response',
  // after-approval operations (sale, void, refund)
  'operation_not_supported',
  'void_window_closed',
  'refund_exceeds_amount',
  'operation_in_progress',
  'authorization_expired',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface Messages {
  title: string;
  amount: string;
  order: string;
  job: string;
  member: string;
  loading: string;
  jobs: Record<Job, string>;
  brands: Record<Brand, string>;
  fields: Record<Field, string>;
  status: Record<PaymentStatus, string>;
  errors: Record<ErrorCode, string>;
  apiErrors: Record<ApiErrorCode, string>;
  /** an API error code this widget does not know */
  unknownError: (code: string) => string;
  calls: {
    heading: string;
    none: string;
    waiting: string;
    choose: string;
    from: (caller: string) => string;
    since: (time: string) => string;
    operatorOn: string;
    linked: string;
  };
  takePayment: string;
  starting: string;
  cancel: string;
  canceling: string;
  askAgain: string;
  askAgainLabel: (field: string) => string;
  retry: string;
  steps: {
    heading: string;
    authorizing: string;
    reconciling: string;
    result: string;
    waiting: string;
    skipped: string;
    notReached: string;
    stopped: string;
    done: string;
    keying: string;
  };
  digits: (entered: number, expected: number | null) => string;
  endingIn: (last4: string) => string;
  attempt: (attempt: number, max: number | null) => string;
  askedAgainBecause: (reason: string) => string;
  result: {
    approvalCode: string;
    transactionId: string;
    cardToken: string;
    card: string;
    heading: Record<'approved' | 'declined' | 'failed' | 'canceled' | 'abandoned' | 'captured' | 'voided' | 'refunded' | 'partially_refunded', string>;
    registered: string;
    next: Record<'declined' | 'failed' | 'canceled' | 'abandoned', string>;
    method: string;
    refunded: string;
  };
  /** how the customer pays */
  methods: { lump: string; installments: (count: number) => string; bonus: string; revolving: string };
  /** before the capture: the operator chooses how the customer pays (what the merchant and its gateway allow) */
  methodChooser: { label: string; installments: string; saving: string };
  /** the IVR's keypad steps around the card: SMS code before it, pay-method menu and amount read-back after it */
  ivr: {
    identity: string;
    identityWaiting: string;
    identityDone: string;
    method: string;
    methodChoosing: string;
    /** the method was set before the capture (operator, merchant), not on the keypad */
    methodChosenBefore: string;
    confirmation: string;
    confirmationAsking: string;
    confirmationDone: string;
    /** the customer pressed 2 at the read-back */
    reentering: string;
    /** an answer not taken; the customer is asked again */
    retry: Record<'identity' | 'method' | 'confirmation', { wrong: string; noInput: string }>;
  };
  /** after approval: record the sale of an authorization, void, refund */
  operations: {
    heading: string;
    sale: string;
    void: string;
    refund: string;
    refundAmount: string;
    confirmSale: (amount: string) => string;
    confirmVoid: (amount: string) => string;
    confirmRefund: (amount: string) => string;
    confirm: string;
    back: string;
    working: string;
    pending: string;
    /** the typed refund amount is not a positive amount up to `max` */
    amountInvalid: (max: string) => string;
  };
  /** transfer mode: the identification id the customer keys in the payment IVR, and the way back to the operator */
  transfer: {
    heading: string;
    idLabel: string;
    /** the id as a screen reader reads it (`digits` already spaced one by one) */
    idSpoken: (digits: string) => string;
    copy: string;
    copyLabel: string;
    copied: string;
    validFor: (mmss: string) => string;
    expiresSoon: (mmss: string) => string;
    expired: string;
    /** the payment has no id that still works (e.g. it expired before the page opened) */
    none: string;
    renew: string;
    renewing: string;
    renewed: (digits: string) => string;
    ivrNumber: string;
    howTo: string;
    howToNoNumber: string;
    waiting: string;
    orOnCall: string;
    callStep: string;
    connected: string;
    /** while the customer keys the card in the payment IVR (instead of "you cannot hear them") */
    keying: string;
    returnStep: string;
    returning: string;
    returned: string;
    returnFailed: string;
    returnUnknown: string;
  };
  conversationRestored: string;
  operatorMuted: string;
  connection: { reconnecting: string; lost: string };
  announce: {
    prompt: (field: string, attempt: number) => string;
    complete: (field: string) => string;
    rejected: (field: string, reason: string) => string;
    authorizing: string;
    result: (heading: string, reason: string | null) => string;
    identitySent: string;
    identityVerified: string;
    methodMenu: string;
    methodChosen: (method: string) => string;
    confirming: string;
    confirmed: string;
  };
}

const ja: Messages = {
  title: 'カード決済',
  amount: '金額',
  order: '注文番号',
  job: '処理',
  member: '会員ID',
  loading: '読み込み中…',
  jobs: {
    auth: '仮売上（与信のみ）',
    capture: '即時売上',
    check: 'カード有効性チェック',
    register: 'カード登録',
    'capture+register': '即時売上とカード登録',
  },
  brands: {
    visa: 'Visa',
    mastercard: 'Mastercard',
    'american-express': 'American Express',
    jcb: 'JCB',
    'diners-club': 'ダイナースクラブ',
    discover: 'Discover',
    unionpay: '銀聯（UnionPay）',
    maestro: 'Maestro',
  },
  fields: { pan: 'カード番号', expiry: '有効期限', cvv: 'セキュリティコード' },
  status: {
    created: '開始前',
    capturing: 'カード入力中',
    authorizing: '決済処理中',
    approved: '承認',
    declined: '承認されず',
    failed: '未完了',
    canceled: '取消',
    abandoned: '通話終了',
    captured: '売上確定',
    voided: '取消済み',
    refunded: '返金済み',
    partially_refunded: '一部返金',
  },
  errors: {
    invalid_number: 'カード番号が正しくありません',
    brand_not_accepted: 'このカードブランドは利用できません',
    invalid_expiry: '有効期限の形式が正しくありません（月2桁・年2桁）',
    card_expired: 'カードの有効期限が切れています',
    invalid_cvv: 'セキュリティコードが正しくありません',
    no_input: '入力がありませんでした',
    too_many_attempts: '入力の誤りが上限回数に達しました',
    card_declined: 'カード会社に承認されませんでした。別のカードをご案内ください',
    insufficient_funds: '利用可能額を超えています。別のカードをご案内ください',
    expired_card: 'カード会社から有効期限切れと回答されました',
    incorrect_cvv: 'カード会社からセキュリティコード誤りと回答されました',
    processing_error: 'カード会社での処理エラーです。少し待ってからやり直してください',
    gateway_timeout: '決済代行会社の応答がありません。二重決済は防止されています。結果を確認してください',
    gateway_unavailable: '決済代行会社に接続できません。時間をおいてやり直してください',
    telephony_lost: '電話システムとの接続が切れました。やり直してください',
    customer_hung_up: 'お客様が入力の途中で電話を切りました',
    server_restarted: '決済サーバーが再起動しました。やり直してください',
    instance_lost: '決済サーバーが停止しました。請求は発生していません。やり直してください',
    canceled_by_operator: 'オペレーターが取り消しました',
    canceled_by_merchant: '加盟店システムから取り消されました',
    wrong_sms_code: 'SMS確認コードが違います。お客様に再入力をお願いしています',
    sms_check_failed: 'SMS確認コードを確認できませんでした。携帯番号を確認してやり直してください',
    sms_unavailable: 'SMS確認コードを送れませんでした。携帯番号を確認してください',
    not_confirmed: 'お客様が金額を確認しませんでした。金額をご確認ください',
    method_not_chosen: 'お客様が支払方法を選びませんでした。支払方法をご確認ください',
    incorrect_number: 'カード会社からカード番号誤りと回答されました。入力をやり直すか別のカードをご案内ください',
    card_restricted: 'このカードは利用できません。別のカードをご案内ください',
    method_not_accepted: 'このカードではこの支払方法を利用できません。一括払いか別のカードをご案内ください',
    too_many_uses: '短時間の利用が多すぎます。別のカードか時間をおいてお試しください',
    authentication_required: '本人認証（3Dセキュア）が必要なカードです。電話では利用できません',
    amount_not_accepted: 'この金額では取り扱いできません。金額をご確認ください',
    currency_not_supported: 'この通貨は取り扱いできません',
    issuer_unavailable: 'カード会社が応答しません（請求なし）。数分後にやり直してください',
    gateway_configuration_error: '決済代行会社の契約・設定により処理できません（請求なし）。管理者に連絡してください',
    gateway_credentials_invalid: '決済代行会社の認証情報が正しくありません（請求なし）。管理者に連絡してください',
  },
  apiErrors: {
    token_expired: 'この決済リンクは有効期限が切れました。CRMの画面を再読み込みしてください',
    unauthorized: 'この決済を操作する権限がありません。CRMの画面を再読み込みしてください',
    forbidden: 'この決済を操作する権限がありません',
    merchant_disabled: 'この加盟店の電話決済は停止されています。管理者に連絡してください',
    not_found: '決済が見つかりません。CRMの画面を再読み込みしてください',
    invalid_state: 'この決済は現在その操作ができません',
    no_call: '通話がありません。お客様が電話をつないでからもう一度押してください',
    call_busy: 'この通話では別の決済が進行中です',
    telephony_unavailable: '電話システムに接続できません。少し待ってからやり直してください',
    validation_failed: '要求が正しくありません',
    rate_limited: '操作が多すぎます。少し待ってからやり直してください',
    internal_error: '決済サーバーでエラーが起きました。少し待ってからやり直してください',
    network_error: '決済サーバーに接続できません。ネットワークを確認してください',
    bad_response: '決済サーバーから予期しない応答がありました',
    operation_not_supported: 'ご利用の決済代行会社ではこの操作ができません',
    void_window_closed: '取消は決済当日のみです。返金をご利用ください',
    refund_exceeds_amount: '返金額が返金可能な金額を超えています',
    operation_in_progress: 'この決済では別の操作が処理中です。結果が出るまでお待ちください',
    authorization_expired: '与信（仮売上）の有効期限が切れているため売上確定できません',
  },
  unknownError: (code) => `エラーが発生しました（${code}）`,
  calls: {
    heading: '通話',
    none: '通話がありません',
    waiting: 'お客様からの着信を待っています…',
    choose: '決済する通話を選んでください',
    from: (caller) => `発信元 ${caller}`,
    since: (time) => `${time} から`,
    operatorOn: 'オペレーター接続中',
    linked: '別の決済で使用中',
  },
  takePayment: 'カード決済を開始',
  starting: '開始しています…',
  cancel: '取り消す',
  canceling: '取り消しています…',
  askAgain: 'もう一度入力',
  askAgainLabel: (field) => `${field}をもう一度入力してもらう`,
  retry: '再試行',
  steps: {
    heading: '進捗',
    authorizing: '決済処理',
    reconciling: '決済代行会社に結果を確認中…',
    result: '結果',
    waiting: '待機中',
    skipped: '不要',
    notReached: '未実施',
    stopped: '中止',
    done: '完了',
    keying: '入力中',
  },
  digits: (entered, expected) => (expected ? `${entered} / ${expected} 桁` : `${entered} 桁`),
  endingIn: (last4) => `末尾 ${last4}`,
  attempt: (attempt, max) => (max ? `${attempt} / ${max} 回目` : `${attempt} 回目`),
  askedAgainBecause: (reason) => `再入力中（前回: ${reason}）`,
  result: {
    approvalCode: '承認番号',
    transactionId: '取引ID',
    cardToken: 'カード登録ID',
    card: 'カード',
    heading: {
      approved: '承認されました',
      declined: '承認されませんでした',
      failed: '決済できませんでした',
      canceled: '取り消しました',
      abandoned: '通話が切れました',
      captured: '売上を確定しました',
      voided: '取り消しました（請求はありません）',
      refunded: '全額を返金しました',
      partially_refunded: '一部を返金しました',
    },
    registered: 'カードを登録しました',
    next: {
      declined: 'お客様に別のカードをご案内するか、お支払い方法を変更してください。',
      failed: '新しい決済を作成してやり直してください。',
      canceled: 'カードへの請求はありません。',
      abandoned: 'カードへの請求はありません。お客様に折り返しご連絡ください。',
    },
    method: '支払方法',
    refunded: '返金済み',
  },
  methods: { lump: '一括払い', installments: (count) => `分割払い（${count}回）`, bonus: 'ボーナス一括払い', revolving: 'リボ払い' },
  methodChooser: { label: 'お支払い方法', installments: '分割払い', saving: '保存しています…' },
  ivr: {
    identity: '本人確認（SMS）',
    identityWaiting: 'お客様の携帯電話に確認コードを送りました。コードの入力を待っています',
    identityDone: '確認できました',
    method: 'お支払い方法',
    methodChoosing: 'お客様がプッシュ操作で選んでいます',
    methodChosenBefore: '決済の開始前に指定済み',
    confirmation: '金額の確認',
    confirmationAsking: 'お客様に金額とカード末尾4桁を読み上げ、1 を押していただきます',
    confirmationDone: 'お客様が確認しました',
    reentering: 'お客様が 2 を押しました。カード番号から入力し直しています',
    retry: {
      identity: { wrong: '確認コードが違います。再入力をお願いしています', noInput: '確認コードの入力がありません。もう一度お願いしています' },
      method: { wrong: '選べない番号が押されました。もう一度お願いしています', noInput: '入力がありません。もう一度お願いしています' },
      confirmation: { wrong: '1 でも 2 でもないキーが押されました。もう一度読み上げています', noInput: '入力がありません。もう一度読み上げています' },
    },
  },
  operations: {
    heading: '決済後の操作',
    sale: '売上確定',
    void: '取消',
    refund: '返金',
    refundAmount: '返金額',
    confirmSale: (amount) => `${amount} の売上を確定します。よろしいですか？`,
    confirmVoid: (amount) => `${amount} の決済を取り消します（お客様への請求はなくなります）。よろしいですか？`,
    confirmRefund: (amount) => `${amount} を返金します。よろしいですか？`,
    confirm: '実行する',
    back: 'やめる',
    working: '処理しています…',
    pending: '決済代行会社に結果を確認しています。二重に処理されることはありません',
    amountInvalid: (max) => `返金額は ${max} 以下の金額を入力してください`,
  },
  transfer: {
    heading: 'お客様の転送（IVR決済）',
    idLabel: '識別番号',
    idSpoken: (digits) => `識別番号 ${digits}`,
    copy: 'コピー',
    copyLabel: '識別番号をコピー',
    copied: 'コピーしました',
    validFor: (mmss) => `有効期限まで ${mmss}`,
    expiresSoon: (mmss) => `まもなく期限切れ ${mmss}`,
    expired: 'この識別番号は有効期限が切れました。新しい番号を発行してください',
    none: '使える識別番号がありません。新しい番号を発行してください',
    renew: '新しい識別番号を発行',
    renewing: '発行しています…',
    renewed: (digits) => `新しい識別番号 ${digits}`,
    ivrNumber: 'IVR決済の番号',
    howTo: 'お客様をこの番号へ転送し、識別番号をプッシュ入力していただいてください。',
    howToNoNumber: 'お客様をIVR決済の番号へ転送し、識別番号をプッシュ入力していただいてください。',
    waiting: 'お客様からIVRへの着信を待っています…',
    orOnCall: 'または、通話中の電話でカード決済',
    callStep: 'お客様の着信',
    connected: 'お客様が接続しました',
    keying: 'お客様がIVR決済でカードを入力しています。結果のあと、通話はオペレーターに戻ります。',
    returnStep: 'オペレーターへの戻し',
    returning: '通話をオペレーターに戻しています…',
    returned: 'オペレーターに通話を戻しました',
    returnFailed: '通話を戻せませんでした。お客様に折り返しお電話ください',
    returnUnknown: 'IVRから戻しの結果が届きませんでした（通話が終了した可能性があります）',
  },
  conversationRestored: 'お客様との通話に戻りました',
  operatorMuted: '入力中はお客様の音声とプッシュ音は聞こえません。お客様に話しかけることはできます。',
  connection: {
    reconnecting: '再接続しています…',
    lost: '進捗を受信できません。再接続を続けています',
  },
  announce: {
    prompt: (field, attempt) => (attempt > 1 ? `${field}を再入力中です` : `${field}を入力中です`),
    complete: (field) => `${field}の入力が完了しました`,
    rejected: (field, reason) => `${field}: ${reason}`,
    authorizing: '決済処理中です',
    result: (heading, reason) => (reason ? `${heading}。${reason}` : heading),
    identitySent: 'お客様の携帯電話に確認コードを送りました',
    identityVerified: '本人確認ができました',
    methodMenu: 'お客様がお支払い方法を選んでいます',
    methodChosen: (method) => `お支払い方法: ${method}`,
    confirming: 'お客様に金額とカード末尾4桁を読み上げています',
    confirmed: 'お客様が金額を確認しました',
  },
};

const en: Messages = {
  title: 'Card payment',
  amount: 'Amount',
  order: 'Order',
  job: 'Job',
  member: 'Member ID',
  loading: 'Loading…',
  jobs: {
    auth: 'Authorize only',
    capture: 'Charge',
    check: 'Card check',
    register: 'Save card',
    'capture+register': 'Charge and save card',
  },
  brands: {
    visa: 'Visa',
    mastercard: 'Mastercard',
    'american-express': 'American Express',
    jcb: 'JCB',
    'diners-club': 'Diners Club',
    discover: 'Discover',
    unionpay: 'UnionPay',
    maestro: 'Maestro',
  },
  fields: { pan: 'Card number', expiry: 'Expiry date', cvv: 'Security code' },
  status: {
    created: 'Not started',
    capturing: 'Keying card',
    authorizing: 'Processing',
    approved: 'Approved',
    declined: 'Declined',
    failed: 'Not completed',
    canceled: 'Canceled',
    abandoned: 'Call ended',
    captured: 'Captured',
    voided: 'Voided',
    refunded: 'Refunded',
    partially_refunded: 'Partly refunded',
  },
  errors: {
    invalid_number: 'The card number is not valid',
    brand_not_accepted: 'This card brand is not accepted',
    invalid_expiry: 'The expiry date is not valid (two digits month, two digits year)',
    card_expired: 'The card has expired',
    invalid_cvv: 'The security code is not valid',
    no_input: 'Nothing was entered',
    too_many_attempts: 'Too many wrong entries',
    card_declined: 'The card issuer declined. Offer another card',
    insufficient_funds: 'Not enough credit on the card. Offer another card',
    expired_card: 'The issuer says the card has expired',
    incorrect_cvv: 'The issuer says the security code is wrong',
    processing_error: 'The issuer had a processing error. Wait a moment and try again',
    gateway_timeout: 'The payment gateway did not answer. No double charge is possible; check the result',
    gateway_unavailable: 'The payment gateway cannot be reached. Try again later',
    telephony_lost: 'The phone system connection was lost. Try again',
    customer_hung_up: 'The customer hung up before finishing',
    server_restarted: 'The payment server restarted. Try again',
    instance_lost: 'The payment server stopped. Nothing was charged. Try again',
    canceled_by_operator: 'Canceled by the operator',
    canceled_by_merchant: 'Canceled by the merchant system',
    wrong_sms_code: 'Wrong SMS code; the customer is asked again',
    sms_check_failed: 'The SMS code was not confirmed. Check the mobile number and start again',
    sms_unavailable: 'The SMS code could not be sent. Check the mobile number',
    not_confirmed: 'The customer did not confirm the amount. Check it with them',
    method_not_chosen: 'The customer did not choose how to pay. Agree it with them',
    incorrect_number: 'The issuer says the card number is wrong. Re-key it or offer another card',
    card_restricted: 'This card cannot be used. Offer another card',
    method_not_accepted: 'This card cannot pay this way. Offer a lump sum or another card',
    too_many_uses: 'The card was used too often just now. Offer another card or try later',
    authentication_required: 'The card needs 3-D Secure, which is not possible over the phone',
    amount_not_accepted: 'This amount is not accepted. Check the amount',
    currency_not_supported: 'This currency is not supported',
    issuer_unavailable: 'The card company did not answer (nothing charged). Try again in a few minutes',
    gateway_configuration_error: 'The gateway account is not set up for this (nothing charged). Contact your administrator',
    gateway_credentials_invalid: 'The gateway credentials are not valid (nothing charged). Contact your administrator',
  },
  apiErrors: {
    token_expired: 'This payment link has expired: reload the CRM page',
    unauthorized: 'Not allowed to handle this payment: reload the CRM page',
    forbidden: 'Not allowed to handle this payment',
    merchant_disabled: 'Phone payments are switched off for this merchant. Contact your administrator',
    not_found: 'Payment not found: reload the CRM page',
    invalid_state: 'The payment cannot do that right now',
    no_call: 'There is no call to take the payment on. Press again once the customer is on the line',
    call_busy: 'Another payment is already running on this call',
    telephony_unavailable: 'The phone system is not reachable. Wait a moment and try again',
    validation_failed: 'The request was not accepted',
    rate_limited: 'Too many requests. Wait a moment and try again',
    internal_error: 'The payment server had an error. Wait a moment and try again',
    network_error: 'Cannot reach the payment server. Check the network',
    bad_response: 'The payment server sent an unexpected answer',
    operation_not_supported: "The merchant's payment gateway cannot do this",
    void_window_closed: 'A payment can be voided only on the day it was charged. Refund it instead',
    refund_exceeds_amount: 'The refund is more than what can still be refunded',
    operation_in_progress: 'Another operation on this payment is still running. Wait for its result',
    authorization_expired: 'The authorization has expired, so the sale cannot be captured',
  },
  unknownError: (code) => `Something went wrong (${code})`,
  calls: {
    heading: 'Calls',
    none: 'No calls',
    waiting: 'Waiting for the customer to call…',
    choose: 'Choose the call to take the payment on',
    from: (caller) => `From ${caller}`,
    since: (time) => `since ${time}`,
    operatorOn: 'operator connected',
    linked: 'in another payment',
  },
  takePayment: 'Take card payment',
  starting: 'Starting…',
  cancel: 'Cancel',
  canceling: 'Canceling…',
  askAgain: 'Ask again',
  askAgainLabel: (field) => `Ask the customer for the ${field.toLowerCase()} again`,
  retry: 'Retry',
  steps: {
    heading: 'Progress',
    authorizing: 'Payment',
    reconciling: 'Checking the result with the gateway…',
    result: 'Result',
    waiting: 'Waiting',
    skipped: 'Not needed',
    notReached: 'Not reached',
    stopped: 'Stopped',
    done: 'Done',
    keying: 'Entering',
  },
  digits: (entered, expected) => (expected ? `${entered} of ${expected} digits` : `${entered} digits`),
  endingIn: (last4) => `ending ${last4}`,
  attempt: (attempt, max) => (max ? `attempt ${attempt} of ${max}` : `attempt ${attempt}`),
  askedAgainBecause: (reason) => `Asked again (${reason})`,
  result: {
    approvalCode: 'Approval code',
    transactionId: 'Transaction ID',
    cardToken: 'Saved card ID',
    card: 'Card',
    heading: {
      approved: 'Approved',
      declined: 'Declined',
      failed: 'Not completed',
      canceled: 'Canceled',
      abandoned: 'Call ended',
      captured: 'Sale captured',
      voided: 'Voided (nothing charged)',
      refunded: 'Refunded in full',
      partially_refunded: 'Partly refunded',
    },
    registered: 'Card saved',
    next: {
      declined: 'Offer the customer another card or another way to pay.',
      failed: 'Create a new payment and try again.',
      canceled: 'The card was not charged.',
      abandoned: 'The card was not charged. Call the customer back.',
    },
    method: 'Payment plan',
    refunded: 'Refunded',
  },
  methods: { lump: 'Lump sum', installments: (count) => `${count} installments`, bonus: 'Bonus lump sum', revolving: 'Revolving' },
  methodChooser: { label: 'How the customer pays', installments: 'Installments', saving: 'Saving…' },
  ivr: {
    identity: 'Identity check (SMS)',
    identityWaiting: "Code sent to the customer's mobile — waiting for the code",
    identityDone: 'Code confirmed',
    method: 'How the customer pays',
    methodChoosing: 'The customer is choosing on the keypad',
    methodChosenBefore: 'set before the capture',
    confirmation: 'Amount check',
    confirmationAsking: 'The customer hears the amount and the last four, and presses 1',
    confirmationDone: 'Confirmed by the customer',
    reentering: 'The customer pressed 2: the card is keyed again',
    retry: {
      identity: { wrong: 'Wrong code keyed; the customer is asked again', noInput: 'No code keyed; the customer is asked again' },
      method: { wrong: 'A key that is not offered; the customer is asked again', noInput: 'Nothing pressed; the customer is asked again' },
      confirmation: { wrong: 'Neither 1 nor 2 pressed; the amount is read again', noInput: 'Nothing pressed; the amount is read again' },
    },
  },
  operations: {
    heading: 'After payment',
    sale: 'Capture sale',
    void: 'Void',
    refund: 'Refund',
    refundAmount: 'Amount to refund',
    confirmSale: (amount) => `Capture the sale of ${amount}?`,
    confirmVoid: (amount) => `Void the payment of ${amount}? The customer will not be charged.`,
    confirmRefund: (amount) => `Refund ${amount}?`,
    confirm: 'Confirm',
    back: 'Back',
    working: 'Working…',
    pending: 'Checking the result with the gateway. Nothing is done twice',
    amountInvalid: (max) => `Enter an amount up to ${max}`,
  },
  transfer: {
    heading: 'Customer transfer (payment IVR)',
    idLabel: 'Identification ID',
    idSpoken: (digits) => `Identification ID ${digits}`,
    copy: 'Copy',
    copyLabel: 'Copy the identification ID',
    copied: 'Copied',
    validFor: (mmss) => `Valid for ${mmss}`,
    expiresSoon: (mmss) => `Expires in ${mmss}`,
    expired: 'This ID has expired. Issue a new one',
    none: 'There is no ID that still works. Issue a new one',
    renew: 'Issue a new ID',
    renewing: 'Issuing…',
    renewed: (digits) => `New identification ID ${digits}`,
    ivrNumber: 'Payment IVR number',
    howTo: 'Transfer the customer to this number; they key the ID on their phone.',
    howToNoNumber: "Transfer the customer to the merchant's payment IVR number; they key the ID on their phone.",
    waiting: "Waiting for the customer's call…",
    orOnCall: 'Or take the payment on your call',
    callStep: 'Customer call',
    connected: 'Customer connected',
    keying: 'The customer is keying the card in the payment IVR. After the result the call comes back to you.',
    returnStep: 'Back to operator',
    returning: 'Handing the call back…',
    returned: 'Returned to operator',
    returnFailed: 'Could not return the call: call the customer back',
    returnUnknown: 'The IVR did not report the way back (the call may have ended)',
  },
  conversationRestored: 'You are talking with the customer again',
  operatorMuted: 'While the customer keys the card you cannot hear them or the tones. They can still hear you.',
  connection: {
    reconnecting: 'Reconnecting…',
    lost: 'Progress updates are interrupted. Still trying to reconnect',
  },
  announce: {
    prompt: (field, attempt) => (attempt > 1 ? `Customer is entering the ${field.toLowerCase()} again` : `Customer is entering the ${field.toLowerCase()}`),
    complete: (field) => `${field} complete`,
    rejected: (field, reason) => `${field}: ${reason}`,
    authorizing: 'Processing payment',
    result: (heading, reason) => (reason ? `${heading}. ${reason}` : heading),
    identitySent: "SMS code sent to the customer's mobile",
    identityVerified: 'Identity confirmed by SMS code',
    methodMenu: 'The customer is choosing how to pay',
    methodChosen: (method) => `How the customer pays: ${method}`,
    confirming: 'The amount and the last four are read to the customer',
    confirmed: 'The customer confirmed the amount',
  },
};

export const MESSAGES: Record<Lang, Messages> = { ja, en };

/** `ja`/`en` from the attribute when given, else from the browser language (ja when it starts with ja). */
export function pickLang(attribute: string | null | undefined, browserLanguage: string | undefined): Lang {
  const wanted = (attribute || browserLanguage || 'ja').toLowerCase();
  if (wanted.startsWith('ja')) return 'ja';
  if (attribute && !attribute.toLowerCase().startsWith('en')) return pickLang(null, browserLanguage);
  return 'en';
}

/** Text for an error code from the API or a payment; falls back to a generic sentence naming the code. */
export function errorText(m: Messages, code: string): string {
  if (Object.hasOwn(m.errors, code)) return m.errors[code as ErrorCode];
  if (Object.hasOwn(m.apiErrors, code)) return m.apiErrors[code as ApiErrorCode];
  return m.unknownError(code);
}

/** Amount in the currency's minor unit (JPY: yen, USD: cents), formatted for the language. */
export function formatAmount(amount: number, currency: string, lang: Lang): string {
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US';
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const fraction = format.resolvedOptions().maximumFractionDigits ?? 0;
    return format.format(amount / 10 ** fraction);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString(lang === 'ja' ? 'ja-JP' : 'en-US', { hour: '2-digit', minute: '2-digit' });
}
