// Everything the softphone shows, in Japanese and English: sign-in, phone status, calls, microphone and network trouble.
import type { Lang } from '../ivr-pay/i18n.js';
import type { DialOutcome } from '../../server/softphone/types.js';
import type { MicProblem } from './softphone.js';

export interface PhoneMessages {
  title: string;
  signIn: { heading: string; loginId: string; password: string; submit: string; busy: string; hint: string };
  signOut: string;
  status: { starting: string; ready: string; onCall: string; away: string; reconnecting: string; failed: string; offline: string };
  presence: { label: string; available: string; away: string };
  incoming: (number: string) => string;
  incomingCallback: string;
  answer: string;
  reject: string;
  dial: { label: string; placeholder: string; call: string; calling: (number: string) => string; cancel: string };
  outcome: Record<DialOutcome, string>;
  inCall: (number: string) => string;
  connecting: string;
  mute: string;
  unmute: string;
  muted: string;
  hold: string;
  resume: string;
  onHold: string;
  hangUp: string;
  timer: string;
  audioReconnecting: string;
  callLost: string;
  reloaded: (number: string) => string;
  waiting: (number: string) => string;
  rejoin: string;
  endCall: string;
  capturing: string;
  payments: { heading: string; headingIdle: string; none: string; use: string; chosen: string };
  mic: Record<MicProblem, string>;
  errors: Record<string, string>;
  unknownError: (code: string) => string;
  anonymous: string;
}

const ja: PhoneMessages = {
  title: '電話',
  signIn: {
    heading: 'オペレーターのサインイン',
    loginId: 'ログインID',
    password: 'パスワード',
    submit: 'サインイン',
    busy: 'サインイン中…',
    hint: '管理コンソールと同じログインIDとパスワードです。',
  },
  signOut: 'サインアウト',
  status: {
    starting: '電話を準備しています…',
    ready: '着信を受けられます',
    onCall: '通話中',
    away: '離席中（着信は届きません）',
    reconnecting: '電話サーバーに再接続しています…',
    failed: '電話サーバーに登録できませんでした。ページを再読み込みしてください。',
    offline: '電話はオフラインです',
  },
  presence: { label: '状態', available: '受付中', away: '離席' },
  incoming: (n) => `着信: ${n}`,
  incomingCallback: '発信した通話がつながりました',
  answer: '応答',
  reject: '拒否',
  dial: { label: 'お客様の電話番号', placeholder: '例: 090-1234-5678', call: '発信', calling: (n) => `${n} に発信中…`, cancel: '発信を中止' },
  outcome: {
    no_answer: 'お客様が応答しませんでした。',
    busy: 'お客様は話し中でした。',
    rejected: 'お客様が着信を拒否しました。',
    unreachable: 'この番号にはつながりません。番号を確認してください。',
    canceled: '発信を中止しました。',
    failed: '発信できませんでした。もう一度お試しください。',
  },
  inCall: (n) => `通話中: ${n}`,
  connecting: '接続しています…',
  mute: 'ミュート',
  unmute: 'ミュート解除',
  muted: 'マイクはミュート中です（お客様には聞こえません）',
  hold: '保留',
  resume: '保留解除',
  onHold: '保留中です（お客様には何も聞こえません）',
  hangUp: '通話を終了',
  timer: '通話時間',
  audioReconnecting: 'ネットワークが変わりました。音声をつなぎ直しています…',
  callLost: '音声が切れました。お客様はまだ通話中です。「通話に戻る」で再接続できます。',
  reloaded: (n) => `${n} との通話は続いていますが、このページには音声がありません（再読み込みされました）。`,
  waiting: (n) => `${n} のお客様がお待ちです。`,
  rejoin: '通話に戻る',
  endCall: 'お客様との通話を終了',
  capturing: 'カード入力中です。お客様の番号入力は聞こえません。',
  payments: { heading: 'この通話で受け付ける決済', headingIdle: '受け付け待ちの決済', none: '受け付け待ちの決済はありません。', use: 'この決済を受け付ける', chosen: '選択中' },
  mic: {
    mic_denied: 'マイクの使用が許可されていません。アドレスバーの鍵アイコンからマイクを「許可」にして、もう一度「応答」を押してください。',
    mic_missing: 'マイクが見つかりません。ヘッドセットを接続して、もう一度「応答」を押してください。',
    mic_busy: 'マイクを使えません（他のアプリが使用中か、故障しています）。他のアプリを閉じて、もう一度お試しください。',
    mic_insecure: 'このページではマイクを使えません（https で開いてください）。',
    mic_failed: 'マイクを開けませんでした。ヘッドセットを確認して、もう一度お試しください。',
  },
  errors: {
    invalid_credentials: 'ログインIDまたはパスワードが違います。',
    account_locked: 'パスワードを何度も間違えたため、このアカウントはロックされています。管理者にリセットを依頼してください。',
    password_change_required: '管理コンソールで新しいパスワードを設定してから、サインインしてください。',
    forbidden: 'このアカウントでは電話を使えません。',
    merchant_disabled: 'この加盟店は無効になっています。',
    origin_not_allowed: 'このサイトでは ivrpay を使えない設定です。管理者に確認してください。',
    token_expired: 'サインインの有効期限が切れました。もう一度サインインしてください。',
    unauthorized: 'サインインしてください。',
    network_error: 'サーバーにつながりません。ネットワークを確認してください。',
    telephony_unavailable: '電話システムに接続できません。しばらくしてからもう一度お試しください。',
    not_supported: 'この加盟店では発信が設定されていません。',
    call_busy: 'すでに通話中です。先に通話を終了してください。',
    invalid_state: '電話の準備ができていません。「着信を受けられます」と表示されるまでお待ちください。',
    validation_failed: '電話番号を確認してください（数字3〜20桁）。',
    no_call: 'その通話はすでに終了しています。',
  },
  unknownError: (code) => `エラーが発生しました（${code}）。`,
  anonymous: '非通知',
};

const en: PhoneMessages = {
  title: 'Phone',
  signIn: {
    heading: 'Operator sign-in',
    loginId: 'Login ID',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    hint: 'The same login ID and password as the admin console.',
  },
  signOut: 'Sign out',
  status: {
    starting: 'Getting your phone ready…',
    ready: 'Ready for calls',
    onCall: 'On a call',
    away: 'Away (no calls are offered)',
    reconnecting: 'Reconnecting to the phone server…',
    failed: 'The phone server refused the registration. Reload the page.',
    offline: 'Phone offline',
  },
  presence: { label: 'Status', available: 'Available', away: 'Away' },
  incoming: (n) => `Incoming call: ${n}`,
  incomingCallback: 'Your call is connected',
  answer: 'Answer',
  reject: 'Decline',
  dial: { label: "Customer's number", placeholder: 'e.g. 090-1234-5678', call: 'Call', calling: (n) => `Calling ${n}…`, cancel: 'Cancel call' },
  outcome: {
    no_answer: 'The customer did not answer.',
    busy: 'The line was busy.',
    rejected: 'The customer declined the call.',
    unreachable: 'This number cannot be reached. Check the number.',
    canceled: 'Call canceled.',
    failed: 'The call could not be placed. Try again.',
  },
  inCall: (n) => `On a call with ${n}`,
  connecting: 'Connecting…',
  mute: 'Mute',
  unmute: 'Unmute',
  muted: 'Your microphone is muted (the customer cannot hear you)',
  hold: 'Hold',
  resume: 'Resume',
  onHold: 'On hold (the customer hears silence)',
  hangUp: 'Hang up',
  timer: 'Call time',
  audioReconnecting: 'The network changed. Reconnecting the audio…',
  callLost: 'The audio was lost. The customer is still on the line: "Rejoin call" connects you again.',
  reloaded: (n) => `Your call with ${n} is still connected, but this page has no audio (it was reloaded).`,
  waiting: (n) => `The customer at ${n} is waiting.`,
  rejoin: 'Rejoin call',
  endCall: 'End the call with the customer',
  capturing: 'The customer is keying the card. You cannot hear the keypad.',
  payments: { heading: 'Payment to take on this call', headingIdle: 'Payments waiting to be taken', none: 'No payment is waiting.', use: 'Take this payment', chosen: 'Selected' },
  mic: {
    mic_denied: 'The microphone is blocked. Allow it with the lock icon in the address bar, then press "Answer" again.',
    mic_missing: 'No microphone found. Connect a headset, then press "Answer" again.',
    mic_busy: 'The microphone cannot be used (another app has it, or it failed). Close other apps and try again.',
    mic_insecure: 'This page cannot use the microphone (open it over https).',
    mic_failed: 'The microphone could not be opened. Check your headset and try again.',
  },
  errors: {
    invalid_credentials: 'The login ID or the password is wrong.',
    account_locked: 'Too many wrong passwords: this account is locked. Ask an administrator to reset it.',
    password_change_required: 'Choose a new password in the admin console first, then sign in here.',
    forbidden: 'This account cannot use the phone.',
    merchant_disabled: 'This merchant is disabled.',
    origin_not_allowed: 'ivrpay is not allowed on this site. Ask your administrator.',
    token_expired: 'Your sign-in expired. Sign in again.',
    unauthorized: 'Please sign in.',
    network_error: 'The server cannot be reached. Check the network.',
    telephony_unavailable: 'The phone system is not reachable. Try again in a moment.',
    not_supported: 'Outgoing calls are not set up for this merchant.',
    call_busy: 'You are already on a call. Hang up first.',
    invalid_state: 'Your phone is not ready yet. Wait until it says "Ready for calls".',
    validation_failed: 'Check the number (3 to 20 digits).',
    no_call: 'That call has already ended.',
  },
  unknownError: (code) => `Something went wrong (${code}).`,
  anonymous: 'Unknown number',
};

export const PHONE_MESSAGES: Record<Lang, PhoneMessages> = { ja, en };

export function phoneErrorText(m: PhoneMessages, code: string): string {
  return m.errors[code] ?? m.unknownError(code);
}

/** mm:ss, or h:mm:ss past an hour */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** 09012345678 → 090-1234-5678 (Japanese mobile / Tokyo / Osaka shapes); anything else as it is */
export function formatNumber(n: string): string {
  if (/^0[5789]0\d{8}$/.test(n)) return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
  if (/^0[36]\d{8}$/.test(n)) return `${n.slice(0, 2)}-${n.slice(2, 6)}-${n.slice(6)}`;
  return n;
}
