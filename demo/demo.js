// Demo CRM page: creates a payment through the demo CRM backend, mounts <ivr-pay>, drives the virtual customer phone, shows the sandbox SMS inbox and switches the demo merchant's IVR steps. Never logs or shows a card number.

const TEXT = {
  ja: {
    appName: 'デモCRM',
    customers: '顧客',
    orderTitle: '注文',
    memberId: '会員ID',
    phone: '電話番号',
    mobile: '携帯電話',
    email: 'メール',
    merchant: '加盟店',
    unpaid: '未払い',
    paid: '支払い済み',
    registered: 'カード登録済み',
    declined: '決済不可',
    failed: '未完了',
    canceled: '取消',
    abandoned: '通話終了',
    inProgress: '決済中',
    item: '商品',
    qty: '数量',
    price: '金額',
    item1: '有機緑茶ギフトセット',
    item2: '有田焼 急須',
    total: '合計（税込）',
    paidNote: (code) => `電話カード決済で支払い済み（承認番号 ${code}）`,
    registeredNote: (token) => `カードを登録しました（登録ID ${token}）`,
    phoneTitle: '仮想のお客様の電話',
    testOnly: 'シミュレーター / テスト専用',
    phoneHint: 'お客様の電話の代わりです。加盟店の番号に発信し、お客様と同じようにカード番号をプッシュします。',
    phoneIdle: '通話していません',
    phoneCalling: '発信中…',
    phoneInCall: (t) => `通話中 ${t}`,
    phoneEnded: '通話を終了しました',
    phoneError: (m) => `エラー: ${m}`,
    keysSent: '送信したキー',
    dialTo: '発信先',
    dial: '発信',
    hangup: '切る',
    quickCards: 'テストカード',
    quickOther: '有効期限とセキュリティコード',
    startOver: '* やり直し',
    noCards: 'テストカードはありません',
    quickId: '識別番号（IVR決済）',
    keyId: '識別番号を入力',
    lines: { operator: 'オペレーター回線', ivr: 'IVR決済', cancel: 'キャンセル受付' },
    quickSms: 'SMS確認コード',
    keySms: 'SMSのコードを入力',
    noSmsCode: 'コードのSMSを待っています',
    quickMenu: 'カード入力後: 支払方法と金額の確認',
    menuLump: '1 一括',
    menuInstallments: '2 分割',
    count: (n) => `${n}回`,
    menuConfirm: '1 確認',
    menuReenter: '2 カードを入力し直す',
    smsTitle: 'SMS受信箱（サンドボックス）',
    simulated: '模擬',
    smsHint: 'サンドボックスのSMSプロバイダーがお客様の携帯電話に「送った」メッセージです。実際には送信されません。',
    smsInbox: 'メッセージ',
    smsEmpty: 'メッセージはありません',
    smsOff: 'このサーバーはサンドボックスのSMSを使っていません（実際の携帯電話に送信されます）。ここには表示できません。',
    optionsTitle: 'デモの設定',
    demoOnly: 'デモ専用',
    optionsHint: 'デモ加盟店のIVRの手順です。次の「カード決済を開始」から反映されます。',
    optSms: 'SMSによる本人確認',
    optSmsHint: 'カード入力の前に、お客様の携帯電話に送った確認コードを入力していただきます',
    optMethod: '支払方法をプッシュ操作で選択',
    optMethodHint: 'カード入力の後に 1 一括、2 分割（回数）など',
    optConfirm: '金額の読み上げ確認',
    optConfirmHint: '金額とカード末尾4桁を読み上げ、1 で確定、2 でカードを入力し直し',
    payTitle: '電話でのカード決済',
    amount: '金額（円）',
    job: '処理',
    jobCapture: '即時売上',
    jobAuth: '仮売上（与信のみ）',
    jobCheck: 'カード有効性チェック',
    jobRegister: 'カード登録',
    jobCaptureRegister: '即時売上とカード登録',
    createPayment: 'カード決済を準備',
    creating: '準備中…',
    anotherPayment: '別の決済を始める',
    eventsTitle: 'ウィジェットのイベント',
    outcomes: {
      approved: '承認',
      card_declined: '否認',
      insufficient_funds: '残高不足',
      expired_card: '期限切れ',
      incorrect_cvv: 'コード誤り',
      processing_error: '処理エラー',
      timeout: '応答なし→照会',
    },
  },
  en: {
    appName: 'Demo CRM',
    customers: 'Customers',
    orderTitle: 'Order',
    memberId: 'Member ID',
    phone: 'Phone',
    mobile: 'Mobile',
    email: 'Email',
    merchant: 'Merchant',
    unpaid: 'Unpaid',
    paid: 'Paid',
    registered: 'Card saved',
    declined: 'Declined',
    failed: 'Not completed',
    canceled: 'Canceled',
    abandoned: 'Call ended',
    inProgress: 'Paying',
    item: 'Item',
    qty: 'Qty',
    price: 'Price',
    item1: 'Organic green tea gift set',
    item2: 'Arita porcelain teapot',
    total: 'Total (tax incl.)',
    paidNote: (code) => `Paid by card over the phone (approval code ${code})`,
    registeredNote: (token) => `Card saved (saved card ID ${token})`,
    phoneTitle: 'Virtual customer phone',
    testOnly: 'simulator / test only',
    phoneHint: "Stands in for the customer's own phone: it calls the merchant's number and keys the card, as the customer would.",
    phoneIdle: 'Not in a call',
    phoneCalling: 'Calling…',
    phoneInCall: (t) => `In call ${t}`,
    phoneEnded: 'Call ended',
    phoneError: (m) => `Error: ${m}`,
    keysSent: 'Keys sent',
    dialTo: 'Number',
    dial: 'Call',
    hangup: 'Hang up',
    quickCards: 'Test cards',
    quickOther: 'Expiry and security code',
    startOver: '* start over',
    noCards: 'No test cards',
    quickId: 'Identification ID (payment IVR)',
    keyId: 'Key the ID',
    lines: { operator: 'operator line', ivr: 'payment IVR', cancel: 'cancel line' },
    quickSms: 'SMS code',
    keySms: 'Key the SMS code',
    noSmsCode: 'Waiting for the text with the code',
    quickMenu: 'After the card: how to pay, amount check',
    menuLump: '1 lump sum',
    menuInstallments: '2 installments',
    count: (n) => `× ${n}`,
    menuConfirm: '1 confirm',
    menuReenter: '2 re-enter card',
    smsTitle: 'SMS inbox (sandbox)',
    simulated: 'simulated',
    smsHint: "What the sandbox SMS provider \"sent\" to the customer's mobile. Nothing leaves the server.",
    smsInbox: 'Messages',
    smsEmpty: 'No messages',
    smsOff: 'This server does not use the sandbox SMS provider (texts go to real phones), so there is nothing to show here.',
    optionsTitle: 'Demo options',
    demoOnly: 'demo only',
    optionsHint: 'The demo merchant\'s IVR steps. They apply from the next "take card payment".',
    optSms: 'SMS identity check',
    optSmsHint: "a code texted to the customer's mobile, keyed before the card",
    optMethod: 'Pay method on the keypad',
    optMethodHint: '1 lump sum, 2 installments + count, … after the card',
    optConfirm: 'Amount read-back',
    optConfirmHint: 'the amount and the last four; 1 confirms, 2 keys the card again',
    payTitle: 'Phone payment',
    amount: 'Amount (JPY)',
    job: 'Job',
    jobCapture: 'Charge',
    jobAuth: 'Authorize only',
    jobCheck: 'Card check',
    jobRegister: 'Save card',
    jobCaptureRegister: 'Charge and save card',
    createPayment: 'Prepare card payment',
    creating: 'Preparing…',
    anotherPayment: 'Start another payment',
    eventsTitle: 'Widget events',
    outcomes: {
      approved: 'approved',
      card_declined: 'declined',
      insufficient_funds: 'insufficient funds',
      expired_card: 'expired',
      incorrect_cvv: 'wrong CVV',
      processing_error: 'processing error',
      timeout: 'timeout → inquiry',
    },
  },
};

const BRAND_NAMES = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  'american-express': 'Amex',
  jcb: 'JCB',
  'diners-club': 'Diners',
  discover: 'Discover',
  unionpay: 'UnionPay',
  maestro: 'Maestro',
};

const KEY_GAP_MS = 120;
const MEMBER_ID = 'M-000123';
/** the customer's mobile (the demo backend accepts only this one): the SMS identity check texts it */
const CUSTOMER_MOBILE = '090-1234-5678';
const SMS_POLL_MS = 2000;
/** the one-time code in a text: ja "確認コード 123456", en "your confirmation code is 123456" */
const SMS_CODE = /(?:確認コード|code is)\s*(\d{4,8})/;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const state = {
  lang: initialLang(),
  config: null,
  widget: null,
  orderStatus: 'unpaid',
  /** the last final PaymentView the widget reported, for the order's note */
  result: null,
  phone: { id: null, status: 'idle', since: 0, error: '', timer: 0, sent: 0 },
  /** transfer mode: the current payment's identification id (shown in the widget too), for the phone's quick key */
  idCode: null,
  keyQueue: Promise.resolve(),
  events: 0,
  /** the sandbox SMS inbox: texts newest first; `off` when the server does not use the sandbox */
  sms: { messages: [], off: false, timer: 0 },
  /** the IVR asks the current payment's customer for the SMS code (identity_check seen, not verified yet) */
  smsAsked: false,
  /** the demo merchant's IVR steps */
  options: null,
};

function initialLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const saved = fromUrl || localStorage.getItem('ivrpay-demo-lang') || navigator.language || 'ja';
  return saved.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

function t(key, ...args) {
  const value = TEXT[state.lang][key];
  return typeof value === 'function' ? value(...args) : value;
}

// ── the demo CRM backend ────────────────────────────────────────────────

class DemoApiError extends Error {}

async function call(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new DemoApiError(data?.error?.code ?? `HTTP ${res.status}`);
  return data;
}

// ── language ────────────────────────────────────────────────────────────

function applyLang() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const value = TEXT[state.lang][el.dataset.i18n];
    if (typeof value === 'string') el.textContent = value;
  }
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  state.widget?.setAttribute('lang', state.lang);
  renderOrderStatus();
  renderNumbers();
  renderPhone();
  renderCards();
  renderIdKey();
  renderCounts();
  renderSms();
}

function setLang(lang) {
  state.lang = lang;
  localStorage.setItem('ivrpay-demo-lang', lang);
  applyLang();
}

// ── payment ─────────────────────────────────────────────────────────────

/** The order this screen shows; each payment attempt gets its own order id under it (the server dedupes creates by order id). */
const ORDER = (() => {
  const d = new Date();
  const ymd = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  return `${ymd}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
})();
let attempts = 0;

function newOrderId() {
  attempts++;
  return `ORD-${ORDER}-${attempts}${Math.random().toString(36).slice(2, 4).toUpperCase()}`;
}

async function createPayment(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const submit = $('payment-create');
  const error = $('payment-error');
  const amount = Number(form.elements.amount.value);
  const job = form.elements.job.value;
  const orderId = newOrderId();
  error.hidden = true;
  submit.disabled = true;
  submit.textContent = t('creating');
  try {
    const body = { orderId, amount, currency: 'JPY', job, customerPhone: CUSTOMER_MOBILE };
    if (job.includes('register')) body.memberId = MEMBER_ID;
    const { paymentId, widgetToken, identification } = await call('POST', '/demo/api/payments', body);
    mountWidget(paymentId, widgetToken, identification ?? null);
    form.hidden = true;
    setOrderStatus('inProgress');
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  } finally {
    submit.disabled = false;
    submit.textContent = t('createPayment');
  }
}

/** The merchant's payment-IVR number (transfer mode), if it has one. */
function ivrNumber() {
  return state.config?.numbers?.find((n) => n.mode === 'ivr')?.number ?? null;
}

/**
 * What a merchant's CRM does: put the tag on the page with the token its backend got. A payment with an
 * identification id can be paid in the payment IVR: the widget shows the number to transfer the customer to,
 * and the virtual phone is set to call it.
 */
function mountWidget(paymentId, widgetToken, identification) {
  const widget = document.createElement('ivr-pay');
  widget.setAttribute('server', '');
  widget.setAttribute('token', widgetToken);
  widget.setAttribute('payment', paymentId);
  widget.setAttribute('lang', state.lang);
  const ivr = ivrNumber();
  if (identification && ivr) {
    widget.setAttribute('ivr-number', ivr);
    if (state.phone.status !== 'calling' && state.phone.status !== 'in-call') $('phone-did').value = ivr;
  }
  $('payment-panel').replaceChildren(widget);
  state.widget = widget;
  state.result = null;
  state.idCode = identification?.code ?? null;
  state.smsAsked = false;
  renderIdKey();
  renderSms();
  pollSms();
  $('payment-new').hidden = true;
}

function anotherPayment() {
  $('payment-panel').replaceChildren();
  state.widget = null;
  state.idCode = null;
  state.smsAsked = false;
  renderIdKey();
  renderSms();
  $('payment-form').hidden = false;
  $('payment-new').hidden = true;
  state.result = null;
  setOrderStatus('unpaid');
}

function setOrderStatus(status) {
  state.orderStatus = status;
  renderOrderStatus();
}

function renderOrderStatus() {
  const badge = $('order-status');
  badge.dataset.state = state.orderStatus;
  badge.textContent = t(state.orderStatus);
  const note = $('order-paid-note');
  const view = state.result;
  note.hidden = !view || view.status !== 'approved';
  if (view && view.status === 'approved') {
    note.textContent = view.job === 'register' ? t('registeredNote', view.cardToken ?? '') : t('paidNote', view.approvalCode ?? '');
  }
}

function onResult(event) {
  const view = event.detail;
  state.result = view;
  setOrderStatus(view.status === 'approved' ? (view.job === 'register' ? 'registered' : 'paid') : view.status);
  $('payment-new').hidden = false;
}

function onStatus(event) {
  const e = event.detail;
  if (e.type === 'identification_issued' && e.identificationCode) {
    state.idCode = e.identificationCode;
    renderIdKey();
  }
  if (e.type === 'customer_connected' || e.type === 'capture_started') {
    state.idCode = null; // used (or the payment went another way): keying it again would not work
    renderIdKey();
  }
  if (e.type === 'identity_check' || e.type === 'identity_verified' || e.type === 'capture_started' || isFinal(e.status)) {
    // the text is sent just before identity_check: look at once instead of waiting for the next poll
    state.smsAsked = e.type === 'identity_check';
    renderSms();
    if (e.type === 'identity_check') pollSms();
  }
  state.events++;
  $('event-count').textContent = String(state.events);
  const li = document.createElement('li');
  const parts = [e.type, e.status];
  if (e.field) parts.push(e.field);
  if (e.entered !== undefined) parts.push(`${e.entered}/${e.expected ?? '?'}`);
  if (e.error) parts.push(e.error.code);
  li.textContent = `#${e.seq} ${parts.join(' · ')}`;
  $('event-log').prepend(li);
}

// ── virtual customer phone ──────────────────────────────────────────────

function clock(ms) {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function renderPhone() {
  const p = state.phone;
  const label = $('phone-state');
  label.dataset.state = p.status;
  label.textContent =
    p.status === 'calling'
      ? t('phoneCalling')
      : p.status === 'in-call'
        ? t('phoneInCall', clock(Date.now() - p.since))
        : p.status === 'ended'
          ? t('phoneEnded')
          : p.status === 'error'
            ? t('phoneError', p.error)
            : t('phoneIdle');
  const inCall = p.status === 'in-call';
  $('phone-dial').disabled = p.status === 'calling' || inCall;
  $('phone-hangup').disabled = !inCall;
  $('phone-did').disabled = p.status === 'calling' || inCall;
  for (const b of document.querySelectorAll('.keypad button, .quick button')) b.disabled = !inCall;
  $('phone-sent').textContent = String(p.sent);
  renderSmsKey();
}

/** The phone's number chooser, each number labelled with what it does. */
function renderNumbers() {
  const select = $('phone-did');
  const numbers = state.config?.numbers ?? (state.config?.dids ?? []).map((number) => ({ number, mode: null }));
  const chosen = select.value;
  select.replaceChildren(
    ...numbers.map(({ number, mode }) => {
      const o = document.createElement('option');
      o.value = number;
      const label = TEXT[state.lang].lines[mode];
      o.textContent = label ? `${number} — ${label}` : number;
      if (mode) o.dataset.mode = mode;
      return o;
    }),
  );
  if (chosen && numbers.some((n) => n.number === chosen)) select.value = chosen;
}

/** Quick key for the current payment's identification id (the widget shows the same id to the operator). */
function renderIdKey() {
  const box = $('phone-id');
  const button = $('phone-key-id');
  box.hidden = !state.idCode;
  if (!state.idCode) return;
  button.replaceChildren(document.createTextNode(`${t('keyId')} `), Object.assign(document.createElement('span'), { className: 'id-digits', textContent: state.idCode }));
  button.disabled = state.phone.status !== 'in-call';
}

/** The installment counts quick keys: a count under 10 ends with # (the IVR takes up to two digits). */
function renderCounts() {
  for (const b of document.querySelectorAll('[data-count]')) {
    b.replaceChildren(document.createTextNode(`${t('count', Number(b.dataset.count))} `), Object.assign(document.createElement('span'), { className: 'keys', textContent: b.dataset.keys }));
  }
}

function renderCards() {
  const box = $('phone-cards');
  const cards = state.config?.testCards ?? [];
  if (cards.length === 0) {
    box.textContent = t('noCards');
    return;
  }
  box.replaceChildren(
    ...cards.map((card, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.testid = `phone-card-${i}`;
      b.dataset.outcome = card.outcome;
      b.dataset.brand = card.brand;
      if (card.note) b.title = card.note;
      const outcome = TEXT[state.lang].outcomes[card.outcome] ?? card.outcome;
      b.innerHTML = '<span class="card-brand"></span><span class="card-outcome"></span><span class="card-last4"></span>';
      b.querySelector('.card-brand').textContent = BRAND_NAMES[card.brand] ?? card.brand;
      b.querySelector('.card-outcome').textContent = outcome;
      b.querySelector('.card-last4').textContent = `…${card.number.slice(-4)}`;
      b.addEventListener('click', () => sendKeys(card.number.replace(/\D/g, '')));
      b.disabled = state.phone.status !== 'in-call';
      return b;
    }),
  );
}

async function dial() {
  const did = $('phone-did').value;
  Object.assign(state.phone, { status: 'calling', error: '', sent: 0 });
  renderPhone();
  try {
    const { phoneId } = await call('POST', '/demo/api/phone/call', { did });
    Object.assign(state.phone, { id: phoneId, status: 'in-call', since: Date.now() });
    clearInterval(state.phone.timer);
    state.phone.timer = setInterval(renderPhone, 1000);
  } catch (err) {
    Object.assign(state.phone, { status: 'error', error: err.message });
  }
  renderPhone();
}

async function hangup() {
  const id = state.phone.id;
  clearInterval(state.phone.timer);
  Object.assign(state.phone, { id: null, status: 'ended' });
  renderPhone();
  if (id) await call('POST', `/demo/api/phone/${encodeURIComponent(id)}/hangup`).catch(() => {});
}

/** Keys go one request each, KEY_GAP_MS apart, in order, so the operator watches the count rise. */
function sendKeys(keys) {
  state.keyQueue = state.keyQueue.then(async () => {
    for (const key of keys) {
      const id = state.phone.id;
      if (!id || state.phone.status !== 'in-call') return;
      try {
        await call('POST', `/demo/api/phone/${encodeURIComponent(id)}/keys`, { keys: key });
      } catch (err) {
        clearInterval(state.phone.timer);
        Object.assign(state.phone, { id: null, status: 'error', error: err.message });
        renderPhone();
        return;
      }
      state.phone.sent++;
      renderPhone();
      if (keys.length > 1) await new Promise((r) => setTimeout(r, KEY_GAP_MS));
    }
  });
  return state.keyQueue;
}

// ── sandbox SMS inbox ───────────────────────────────────────────────────

const FINAL_STATUSES = ['approved', 'declined', 'failed', 'canceled', 'abandoned', 'captured', 'voided', 'refunded', 'partially_refunded'];
function isFinal(status) {
  return FINAL_STATUSES.includes(status);
}

/** A payment is on screen and has not ended: the inbox is looked at every SMS_POLL_MS. */
function paymentRunning() {
  return !!state.widget && !state.result;
}

async function pollSms() {
  clearTimeout(state.sms.timer);
  if (state.sms.off) return;
  try {
    const { messages } = await call('GET', '/demo/api/sms');
    state.sms.messages = Array.isArray(messages) ? messages : [];
  } catch (err) {
    if (err.message === 'sms_unavailable') state.sms.off = true;
  }
  renderSms();
  if (paymentRunning() && !state.sms.off) state.sms.timer = setTimeout(pollSms, SMS_POLL_MS);
}

/** The code in the newest text, while the IVR asks for it. */
function smsCode() {
  if (!state.smsAsked) return null;
  return SMS_CODE.exec(state.sms.messages[0]?.body ?? '')?.[1] ?? null;
}

function renderSms() {
  const list = $('sms-list');
  const empty = $('sms-empty');
  empty.textContent = state.sms.off ? t('smsOff') : t('smsEmpty');
  empty.hidden = !state.sms.off && state.sms.messages.length > 0;
  list.replaceChildren(
    ...(state.sms.off ? [] : state.sms.messages).map((m) => {
      const li = document.createElement('li');
      li.className = 'sms-message';
      li.dataset.testid = 'sms-message';
      const time = new Date(m.at);
      const meta = Object.assign(document.createElement('span'), {
        className: 'sms-time',
        textContent: Number.isNaN(time.getTime()) ? '' : time.toLocaleTimeString(state.lang === 'ja' ? 'ja-JP' : 'en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      });
      const bubble = Object.assign(document.createElement('p'), { className: 'sms-body', textContent: m.body });
      li.append(bubble, meta);
      return li;
    }),
  );
  renderSmsKey();
}

/** Quick key for the SMS code the customer just received (only while the IVR asks for it). */
function renderSmsKey() {
  const button = $('phone-sms-code');
  const code = smsCode();
  if (code) button.replaceChildren(document.createTextNode(`${t('keySms')} `), Object.assign(document.createElement('span'), { className: 'id-digits', textContent: code }));
  else button.textContent = t('noSmsCode');
  button.dataset.code = code ?? '';
  button.disabled = !code || state.phone.status !== 'in-call';
}

// ── demo options (the demo merchant's IVR steps) ────────────────────────

function renderOptions() {
  for (const input of document.querySelectorAll('[data-option]')) {
    const value = state.options?.[input.dataset.option];
    input.checked = !!value;
    input.disabled = state.options === null;
  }
}

async function setOption(input) {
  const error = $('options-error');
  error.hidden = true;
  for (const i of document.querySelectorAll('[data-option]')) i.disabled = true;
  try {
    const { options } = await call('POST', '/demo/api/options', { [input.dataset.option]: input.checked });
    state.options = options;
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  }
  renderOptions();
}

// ── start ───────────────────────────────────────────────────────────────

async function loadConfig() {
  try {
    state.config = await call('GET', '/demo/api/config');
  } catch (err) {
    Object.assign(state.phone, { status: 'error', error: err.message });
    state.config = { merchantName: '—', dids: [], simulator: false, testCards: [] };
  }
  $('merchant-name').textContent = state.config.merchantName;
  state.options = state.config.options ?? null;
  renderOptions();
  renderNumbers();
  renderCards();
  renderPhone();
}

async function start() {
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLang(b.dataset.lang));
  $('payment-form').addEventListener('submit', createPayment);
  $('payment-new').addEventListener('click', anotherPayment);
  $('phone-dial').addEventListener('click', dial);
  $('phone-hangup').addEventListener('click', hangup);
  $('phone-key-id').addEventListener('click', () => state.idCode && sendKeys(state.idCode));
  $('phone-sms-code').addEventListener('click', () => {
    const code = smsCode();
    if (code) sendKeys(code);
  });
  for (const input of document.querySelectorAll('[data-option]')) input.addEventListener('change', () => setOption(input));
  for (const b of document.querySelectorAll('[data-key], [data-keys]')) {
    b.addEventListener('click', () => sendKeys(b.dataset.key ?? b.dataset.keys));
  }
  document.addEventListener('ivr-pay-status', onStatus);
  document.addEventListener('ivr-pay-result', onResult);
  $('order-id').textContent = `#${ORDER}`;
  applyLang();
  await loadConfig();
  void pollSms();
  document.body.dataset.ready = 'true';
}

void start();
