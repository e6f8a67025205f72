// Every word of the console in Japanese and English. Statuses, roles and error codes by their stable codes.
export type Lang = 'ja' | 'en';

const en = {
  product: 'ivrpay console',
  signIn: 'Sign in',
  signOut: 'Sign out',
  loginId: 'Login ID',
  password: 'Password',
  signInHint: 'Phone card payments — management console',
  changePassword: 'Choose a new password',
  changePasswordHint: 'Your password was set by an administrator. Choose your own to continue (10+ characters).',
  currentPassword: 'Current password',
  newPassword: 'New password',
  save: 'Save',
  cancel: 'Cancel',
  create: 'Create',
  add: 'Add',
  search: 'Search',
  reset: 'Clear',
  loading: 'Loading…',
  none: 'Nothing to show',
  merchant: 'Merchant',
  telephony: { down: (nodes: string) => `FreeSWITCH not connected: ${nodes}. Calls on it cannot take card payments; captures that were running there were ended safely (nothing charged).` },
  nav: { live: 'Live board', payments: 'Payments', reports: 'Reports', operators: 'Operators', settings: 'Settings', webhooks: 'Webhooks', merchants: 'Merchants', audit: 'Audit log' },
  live: { title: 'Payments in progress', hint: 'Updates as customers key their cards. Ended payments stay for 10 minutes.', empty: 'No payment in progress', connected: 'Live', reconnecting: 'Reconnecting…', digits: (n: number, of: number | null) => `${n}${of ? ` / ${of}` : ''} digits`, attempt: (n: number) => `attempt ${n}` },
  steps: { waiting: 'Waiting for the call', pan: 'Card number', expiry: 'Expiry', cvv: 'Security code', authorizing: 'Authorizing', done: 'Ended' },
  cols: { created: 'Created', order: 'Order ID', member: 'Member ID', amount: 'Amount', job: 'Job', status: 'Status', card: 'Card', operator: 'Operator', step: 'Step', approval: 'Approval code', tx: 'Transaction ID', when: 'When', what: 'What', who: 'Who', url: 'URL', attempts: 'Attempts', result: 'Result', name: 'Name', role: 'Role', phone: 'Phone (dial string)', number: 'Number', lastSignIn: 'Last sign-in', label: 'Label', prefix: 'Key', lastUsed: 'Last used', day: 'Day' },
  filters: { from: 'From', to: 'To', status: 'Status', any: 'Any', last4: 'Last 4', orderId: 'Order ID (prefix)', memberId: 'Member ID', operator: 'Operator' },
  csv: 'Download CSV',
  more: 'More',
  detail: { back: 'Back to payments', history: 'Event history (masked)', webhooks: 'Webhook deliveries', purged: '—', actions: 'Actions', cancelPayment: 'Cancel payment', sale: 'Record the sale', void: 'Void', refund: 'Refund', refundAmount: 'Amount to refund (minor unit; empty = all that is left)', confirm: 'Are you sure?' },
  status: { created: 'Not started', capturing: 'Keying card', authorizing: 'Authorizing', approved: 'Approved', declined: 'Declined', failed: 'Failed', canceled: 'Canceled', abandoned: 'Hung up', captured: 'Captured', voided: 'Voided', refunded: 'Refunded', partially_refunded: 'Partly refunded' } as Record<string, string>,
  roles: { platform_admin: 'Platform admin', merchant_admin: 'Merchant admin', operator: 'Operator' } as Record<string, string>,
  reports: { title: 'Reports', ivrCalls: 'IVR calls', captures: 'Captures', started: 'Started', approved: 'Approved', declined: 'Declined', failed: 'Failed', canceled: 'Canceled', abandoned: 'Hung up', approvalRate: 'Approval rate', avgCapture: 'Avg. keying time', perDay: 'Per day', perOperator: 'Per operator', chart: 'Payments started and approved per day', noOperator: '(none)' },
  operators: { title: 'Operators', add: 'Add operator', temp: (id: string, pw: string) => `Temporary password for ${id}: ${pw} — shown once; they choose their own at first sign-in.`, resetPassword: 'Reset password', disable: 'Disable', enable: 'Enable', active: 'Active', disabled: 'Disabled', locked: 'Locked' },
  settings: { title: 'Settings', general: 'General', name: 'Name', origins: 'Allowed widget origins', originsHint: 'One per line, e.g. https://crm.example.com. Empty: any origin may use widget tokens.', originsAny: 'Any origin is allowed — list your CRM origins.', jobs: 'Allowed jobs', brands: 'Accepted brands', askCvv: 'Ask for the security code', lang: 'Prompt language', timeZone: 'Time zone', attempts: 'Attempts per field', callers: 'Allowed caller numbers (prefixes, one per line; empty = anyone)', saved: 'Saved', keys: 'API keys', newKey: 'New API key', keyShown: 'Copy this key now: it is not shown again.', revoke: 'Revoke', revoked: 'Revoked', dids: 'Payment numbers (DIDs)', mode: 'Mode', maxConcurrent: 'Concurrent calls', cancelLine: 'Cancel line' },
  webhooks: { title: 'Webhooks', hint: 'ivrpay POSTs every final payment status to these URLs, signed with ivrpay-signature: t=<unix>,v1=<HMAC-SHA256 of "t.body">.', add: 'Add endpoint', secretShown: 'Signing secret (shown once):', rotate: 'New secret', disable: 'Disable', enable: 'Enable', deliveries: 'Delivery log', retry: 'Send again', pending: 'Pending', delivered: 'Delivered', failed: 'Failed' },
  merchants: { title: 'Merchants', add: 'Add merchant', open: 'Open', disable: 'Disable', enable: 'Enable' },
  audit: { title: 'Audit log' },
  errors: {
    invalid_credentials: 'The login ID or password is wrong.',
    account_locked: 'Too many wrong passwords: this account is locked for 15 minutes. An administrator can reset the password.',
    merchant_disabled: 'This merchant is disabled.',
    forbidden: 'Your role cannot do this.',
    weak_password: 'Choose a stronger password (10+ characters, not your login ID).',
    login_id_taken: 'This login ID is already used.',
    validation_failed: 'Please check the input.',
    network_error: 'Cannot reach the server. Check the connection and try again.',
    unauthorized: 'Please sign in again.',
    csrf_failed: 'The page is out of date. Reload it.',
    not_found: 'Not found.',
    not_supported: 'Not available on this server yet.',
    invalid_state: 'Not possible in the current state.',
    internal_error: 'Something went wrong on the server. Try again.',
  } as Record<string, string>,
};

type Messages = typeof en;

const ja: Messages = {
  product: 'ivrpay 管理画面',
  signIn: 'サインイン',
  signOut: 'サインアウト',
  loginId: 'ログインID',
  password: 'パスワード',
  signInHint: '電話カード決済（IVR決済）管理画面',
  changePassword: '新しいパスワードの設定',
  changePasswordHint: '管理者が設定したパスワードです。続けるにはご自身のパスワード（10文字以上）を設定してください。',
  currentPassword: '現在のパスワード',
  newPassword: '新しいパスワード',
  save: '保存',
  cancel: 'キャンセル',
  create: '作成',
  add: '追加',
  search: '検索',
  reset: 'クリア',
  loading: '読み込み中…',
  none: '表示するデータがありません',
  merchant: '加盟店',
  telephony: { down: (nodes: string) => `FreeSWITCH に接続できません: ${nodes}。このノードの通話ではカード決済を受け付けられません。実行中だったカード入力は安全に終了しました（請求は発生していません）。` },
  nav: { live: 'ライブボード', payments: '決済検索', reports: 'レポート', operators: 'オペレーター', settings: '設定', webhooks: 'Webhook', merchants: '加盟店管理', audit: '操作ログ' },
  live: { title: '進行中の決済', hint: 'お客様のカード入力に合わせて更新されます。終了した決済は10分間表示されます。', empty: '進行中の決済はありません', connected: 'ライブ', reconnecting: '再接続中…', digits: (n, of) => `${n}${of ? ` / ${of}` : ''} 桁`, attempt: (n) => `${n}回目` },
  steps: { waiting: '着信待ち', pan: 'カード番号', expiry: '有効期限', cvv: 'セキュリティコード', authorizing: '決済処理中', done: '終了' },
  cols: { created: '作成日時', order: '注文番号', member: '会員ID', amount: '金額', job: '処理', status: 'ステータス', card: 'カード', operator: 'オペレーター', step: '状況', approval: '承認番号', tx: '取引ID', when: '日時', what: '内容', who: '実行者', url: 'URL', attempts: '試行', result: '結果', name: '名前', role: '権限', phone: '電話（ダイヤル文字列）', number: '電話番号', lastSignIn: '最終サインイン', label: 'ラベル', prefix: 'キー', lastUsed: '最終利用', day: '日付' },
  filters: { from: '開始日', to: '終了日', status: 'ステータス', any: 'すべて', last4: 'カード下4桁', orderId: '注文番号（前方一致）', memberId: '会員ID', operator: 'オペレーター' },
  csv: 'CSVダウンロード',
  more: 'さらに表示',
  detail: { back: '決済検索に戻る', history: 'イベント履歴（マスク済み）', webhooks: 'Webhook送信記録', purged: '—', actions: '操作', cancelPayment: '決済を取消', sale: '実売上にする', void: '取消（Void）', refund: '返金', refundAmount: '返金額（最小通貨単位。空欄は残額すべて）', confirm: '実行してよろしいですか？' },
  status: { created: '開始前', capturing: 'カード入力中', authorizing: '決済処理中', approved: '承認', declined: '承認されず', failed: '未完了', canceled: '取消', abandoned: '通話終了', captured: '売上確定', voided: '取消済み', refunded: '返金済み', partially_refunded: '一部返金' },
  roles: { platform_admin: 'プラットフォーム管理者', merchant_admin: '加盟店管理者', operator: 'オペレーター' },
  reports: { title: 'レポート', ivrCalls: 'IVR着信', captures: '入力セッション', started: '決済開始', approved: '承認', declined: '承認されず', failed: '未完了', canceled: '取消', abandoned: '通話終了', approvalRate: '承認率', avgCapture: '平均入力時間', perDay: '日別', perOperator: 'オペレーター別', chart: '日別の決済開始数と承認数', noOperator: '（なし）' },
  operators: { title: 'オペレーター', add: 'オペレーターを追加', temp: (id, pw) => `${id} の仮パスワード: ${pw} — この一度だけ表示されます。初回サインイン時に本人が変更します。`, resetPassword: 'パスワード再発行', disable: '無効にする', enable: '有効にする', active: '有効', disabled: '無効', locked: 'ロック中' },
  settings: { title: '設定', general: '基本設定', name: '名称', origins: 'ウィジェットを許可するオリジン', originsHint: '1行に1つ（例: https://crm.example.com）。空欄の場合はすべてのオリジンを許可します。', originsAny: 'すべてのオリジンを許可しています。CRMのオリジンを登録してください。', jobs: '利用できる処理', brands: '受け付けるブランド', askCvv: 'セキュリティコードを入力してもらう', lang: '音声ガイダンスの言語', timeZone: 'タイムゾーン', attempts: '項目ごとの入力回数', callers: '発信を許可する番号（前方一致、1行に1つ。空欄はすべて許可）', saved: '保存しました', keys: 'APIキー', newKey: 'APIキーを作成', keyShown: 'このキーを今コピーしてください。再表示はできません。', revoke: '無効化', revoked: '無効化済み', dids: '決済用電話番号（DID）', mode: 'モード', maxConcurrent: '同時通話数', cancelLine: '取消受付' },
  webhooks: { title: 'Webhook', hint: '決済の最終ステータスをこのURLへPOSTします。署名ヘッダ: ivrpay-signature: t=<UNIX時刻>,v1=<"t.本文" のHMAC-SHA256>。', add: 'エンドポイントを追加', secretShown: '署名シークレット（この一度だけ表示）:', rotate: 'シークレット再発行', disable: '無効にする', enable: '有効にする', deliveries: '送信記録', retry: '再送', pending: '送信待ち', delivered: '送信済み', failed: '失敗' },
  merchants: { title: '加盟店管理', add: '加盟店を追加', open: '開く', disable: '無効にする', enable: '有効にする' },
  audit: { title: '操作ログ' },
  errors: {
    invalid_credentials: 'ログインIDまたはパスワードが正しくありません。',
    account_locked: 'パスワードの誤りが続いたため、15分間ロックされています。管理者がパスワードを再発行できます。',
    merchant_disabled: 'この加盟店は無効になっています。',
    forbidden: 'この操作を行う権限がありません。',
    weak_password: 'より強いパスワードにしてください（10文字以上、ログインIDを含まない）。',
    login_id_taken: 'このログインIDは既に使われています。',
    validation_failed: '入力内容を確認してください。',
    network_error: 'サーバーに接続できません。通信環境を確認して再度お試しください。',
    unauthorized: 'もう一度サインインしてください。',
    csrf_failed: 'ページが古くなっています。再読み込みしてください。',
    not_found: '見つかりません。',
    not_supported: 'このサーバーではまだ利用できません。',
    invalid_state: '現在の状態ではできません。',
    internal_error: 'サーバーでエラーが発生しました。再度お試しください。',
  },
};

export const MESSAGES: Record<Lang, Messages> = { ja, en };

export function pickLang(): Lang {
  const saved = localStorage.getItem('ivrpay.console.lang');
  if (saved === 'ja' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function formatAmount(amount: number, currency: string, lang: Lang): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { style: 'currency', currency }).format(amount / 10 ** digits);
}

export function formatTime(iso: string | null | undefined, lang: Lang, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export function errorText(lang: Lang, code: string, fallback: string): string {
  return MESSAGES[lang].errors[code] ?? fallback;
}
