// The GMO Payment Gateway adapter (card protocol type, プロトコルタイプ): EntryTran + ExecTran for authorization,
// immediate sale and card check; AlterTran (SALES, VOID, RETURN, RETURNX) and ChangeTran for the sale of an
// authorization, voids and refunds; SearchTrade to inquire; SaveMember + TradedCard + SearchCard + DeleteCard for
// registration; Method / PayTimes for installments, bonus and revolving.
//
// Followed: GMO-PG's protocol type API reference (docs.mul-pay.jp/payment/credit/api, member and card API
// /payment/credit/apimember) as implemented by pepabo/gmopg (src/client/tranable.ts, cardable.ts, memberable.ts,
// client.enum.ts) and gmopg/sdk-nodejs (src/service/credit.ts, card.ts): endpoints `/payment/<Api>.idPass`,
// parameter names, JobCd and Status values, Method 1–5.
//
// Idempotency is GMO's own: an OrderID can be entered once (a retry gets E01040010 and continues from
// SearchTrade, which returns the AccessID/AccessPass), a transaction can be executed once (E11010001), and every
// after-approval operation first reads the transaction's Status and Amount and only acts if it is not done yet
// (ChangeTran sets an absolute amount, so resending it cannot refund twice). The card is sent once, in ExecTran.
import type { Logger } from '../../log/logger.js';
import type { PayMethod } from '../../payments/types.js';
import { payMethodRefusal } from '../../payments/pay-method.js';
import { businessMonth, sameBusinessDay } from '../business-day.js';
import {
  OutcomeUnknown,
  type GatewayCapabilities,
  type GatewayOutcome,
  type GatewayRequest,
  type InquiryHint,
  type OperationOutcome,
  type OperationRequest,
  type PaymentGateway,
  type RegisteredCard,
  type RegistrationMode,
} from '../types.js';
import type { Job } from '../../payments/types.js';
import { refusalFor, verdictFor, type GmoVerdict } from './errors.js';
import { GMO_METHOD, GmoWire, gmoOrderId, type GmoAnswer, type GmoParams } from './wire.js';

export interface GmoPgConfig {
  /** https://pt01.mul-pay.jp (test) or https://p01.mul-pay.jp (production) */
  endpoint: string;
  shopId: string;
  shopPass: string;
  /** member and card registration (the register jobs) */
  siteId?: string;
  sitePass?: string;
  methods: readonly ('installments' | 'bonus' | 'revolving')[];
  installmentCounts: readonly number[];
}

const JOB_CD: Record<Job, string> = { auth: 'AUTH', capture: 'CAPTURE', check: 'CHECK', register: 'CHECK', 'capture+register': 'CAPTURE' };
const EXECUTED = new Set(['CHECK', 'CAPTURE', 'AUTH', 'SALES', 'VOID', 'RETURN', 'RETURNX', 'SAUTH']);
const CANCELED = new Set(['VOID', 'RETURN', 'RETURNX']);
const TZ = 'Asia/Tokyo';

export class GmoPgGateway implements PaymentGateway {
  readonly name = 'gmo-pg';
  readonly capabilities: GatewayCapabilities;
  private readonly wire: GmoWire;
  private readonly now: () => Date;

  constructor(
    private readonly cfg: GmoPgConfig,
    log: Logger,
    opts: { fetch?: typeof fetch; now?: () => Date } = {},
  ) {
    this.wire = new GmoWire(cfg.endpoint, log, opts.fetch);
    this.now = opts.now ?? (() => new Date());
    const site = Boolean(cfg.siteId && cfg.sitePass);
    this.capabilities = {
      jobs: site ? ['auth', 'capture', 'check', 'register', 'capture+register'] : ['auth', 'capture', 'check'],
      methods: cfg.methods,
      installmentCounts: cfg.installmentCounts,
      currencies: ['JPY'],
      registration: site ? ['replace', 'add'] : [],
      sale: true,
      voidAuthorization: true,
      voidCharge: 'same_day',
      refund: 'partial',
      timeZone: TZ,
    };
  }

  async execute(req: GatewayRequest, signal: AbortSignal): Promise<GatewayOutcome> {
    const method = req.method ?? { kind: 'lump' };
    if (!this.capabilities.jobs.includes(req.job)) return { kind: 'error', code: 'gateway_configuration_error', charged: false };
    if (req.currency !== 'JPY') return { kind: 'error', code: 'currency_not_supported', charged: false };
    if (payMethodRefusal(method, this.capabilities, 'GMO-PG') !== null) return { kind: 'declined', code: 'method_not_accepted' };
    const orderId = gmoOrderId(req.orderId);
    const hint: InquiryHint = { job: req.job, memberId: req.memberId, registration: req.registration };

    const jobCd = JOB_CD[req.job];
    const entry = await this.call('EntryTran', { ...this.shop(), OrderID: orderId, JobCd: jobCd, Amount: jobCd === 'CHECK' ? undefined : req.amount }, req.merchantId, signal);
    let access = { AccessID: entry.AccessID ?? '', AccessPass: entry.AccessPass ?? '' };
    if (entry.ErrInfo) {
      const v = verdictFor(entry.ErrInfo);
      if (v.kind !== 'order_exists') return outcomeOf(v);
      // our own earlier attempt entered this order: never execute twice
      const trade = await this.searchTrade(orderId, req.merchantId, signal);
      if (!trade) throw new OutcomeUnknown('GMO-PG says the order exists but SearchTrade does not find it');
      if (trade.Status !== 'UNPROCESSED' || trade.ErrInfo) return (await this.outcomeOfTrade(trade, req.merchantId, hint, signal)) ?? unknown();
      access = { AccessID: trade.AccessID ?? '', AccessPass: trade.AccessPass ?? '' };
    }

    const exec = await this.call(
      'ExecTran',
      {
        ...access,
        OrderID: orderId,
        Method: GMO_METHOD[method.kind],
        PayTimes: method.kind === 'installments' ? method.count : undefined,
        CardNo: req.card.pan.reveal(),
        Expire: `${String(req.card.expYear % 100).padStart(2, '0')}${String(req.card.expMonth).padStart(2, '0')}`,
        SecurityCode: req.card.cvv?.reveal(),
      },
      req.merchantId,
      signal,
    );
    if (exec.ErrInfo) {
      const v = verdictFor(exec.ErrInfo);
      if (v.kind !== 'already_done') return outcomeOf(v);
      const trade = await this.searchTrade(orderId, req.merchantId, signal);
      return (trade && (await this.outcomeOfTrade(trade, req.merchantId, hint, signal))) ?? unknown();
    }
    const cardToken = await this.registerAfter(req.job, req.merchantId, orderId, req.memberId, req.registration, signal);
    return { kind: 'approved', approvalCode: exec.Approve ?? '', transactionId: exec.TranID ?? '', cardToken, method };
  }

  async inquire(merchantId: string, orderId: string, signal: AbortSignal, hint?: InquiryHint): Promise<GatewayOutcome | null> {
    const trade = await this.searchTrade(gmoOrderId(orderId), merchantId, signal);
    return trade ? this.outcomeOfTrade(trade, merchantId, hint ?? null, signal) : null;
  }

  async operate(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome> {
    const orderId = gmoOrderId(req.orderId);
    const trade = await this.searchTrade(orderId, req.merchantId, signal);
    if (!trade || !EXECUTED.has(trade.Status ?? '')) return { kind: 'refused', code: 'invalid_state' };
    if (operationDone(req, trade)) return { kind: 'done', reference: trade.TranID || null };

    const access = { ...this.shop(), AccessID: trade.AccessID, AccessPass: trade.AccessPass };
    const status = trade.Status!;
    const now = this.now();
    const chargedToday = sameBusinessDay(new Date(req.chargedAt ?? now.toISOString()), now, TZ);
    let api = 'AlterTran';
    let params: GmoParams;
    switch (req.kind) {
      case 'sale':
        if (status !== 'AUTH') return { kind: 'refused', code: 'invalid_state' };
        params = { ...access, JobCd: 'SALES', Amount: req.amount };
        break;
      case 'void':
        if (status === 'AUTH') params = { ...access, JobCd: sameBusinessDay(authorizedAt(trade, now), now, TZ) ? 'VOID' : 'RETURN' };
        else if (status === 'CAPTURE' || status === 'SALES') {
          if (!chargedToday) return { kind: 'refused', code: 'void_window_closed' };
          params = { ...access, JobCd: 'VOID' };
        } else return { kind: 'refused', code: 'invalid_state' };
        break;
      case 'refund': {
        if (status !== 'CAPTURE' && status !== 'SALES') return { kind: 'refused', code: 'invalid_state' };
        const remaining = req.amount - req.refundedBefore - req.opAmount;
        if (req.opAmount <= 0 || remaining < 0) return { kind: 'refused', code: 'refund_exceeds_amount' };
        if (remaining > 0) {
          // a partial refund is a change of the transaction's amount (金額変更)
          api = 'ChangeTran';
          params = { ...access, JobCd: status, Amount: remaining };
        } else {
          const sameMonth = businessMonth(new Date(req.chargedAt ?? now.toISOString()), TZ) === businessMonth(now, TZ);
          params = { ...access, JobCd: chargedToday ? 'VOID' : sameMonth ? 'RETURN' : 'RETURNX' };
        }
        break;
      }
    }
    const answer = await this.call(api, params, req.merchantId, signal);
    if (!answer.ErrInfo) return { kind: 'done', reference: answer.TranID || trade.TranID || null };
    const refusal = refusalFor(answer.ErrInfo);
    if (refusal) return { kind: 'refused', code: refusal };
    throw new OutcomeUnknown(`GMO-PG ${api}: outcome not known (${answer.ErrInfo})`);
  }

  async inquireOperation(req: OperationRequest, signal: AbortSignal): Promise<OperationOutcome | null> {
    const trade = await this.searchTrade(gmoOrderId(req.orderId), req.merchantId, signal);
    return trade && operationDone(req, trade) ? { kind: 'done', reference: trade.TranID || null } : null;
  }

  async cards(merchantId: string, memberId: string, signal: AbortSignal): Promise<RegisteredCard[]> {
    return this.memberCards(merchantId, memberId, signal);
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private shop() {
    return { ShopID: this.cfg.shopId, ShopPass: this.cfg.shopPass };
  }

  private site() {
    return { SiteID: this.cfg.siteId, SitePass: this.cfg.sitePass };
  }

  private call(api: string, params: GmoParams, merchantId: string, signal: AbortSignal): Promise<GmoAnswer> {
    return this.wire.post(api, params, merchantId, signal);
  }

  /** The transaction of an order, or null when GMO-PG has none (E01110002). */
  private async searchTrade(orderId: string, merchantId: string, signal: AbortSignal): Promise<GmoAnswer | null> {
    const t = await this.call('SearchTrade', { ...this.shop(), OrderID: orderId }, merchantId, signal);
    if (t.Status) return t;
    if (t.ErrInfo?.split('|').includes('E01110002')) return null;
    throw new OutcomeUnknown(`GMO-PG SearchTrade failed (${t.ErrInfo ?? 'no status'})`);
  }

  /** What a transaction found by SearchTrade says about the order; null while nothing was executed. */
  private async outcomeOfTrade(trade: GmoAnswer, merchantId: string, hint: InquiryHint | null, signal: AbortSignal): Promise<GatewayOutcome | null> {
    const status = trade.Status ?? '';
    if (!EXECUTED.has(status)) {
      // an ExecTran that failed leaves the order UNPROCESSED with the reason in ErrInfo
      if (trade.ErrInfo) {
        const v = verdictFor(trade.ErrInfo);
        if (v.kind === 'declined' || v.kind === 'error') return outcomeOf(v);
      }
      return null;
    }
    let cardToken: string | null = null;
    if (hint && (hint.job === 'register' || hint.job === 'capture+register')) {
      cardToken = await this.cardOfOrder(trade, merchantId, hint, signal);
    }
    return { kind: 'approved', approvalCode: trade.Approve ?? '', transactionId: trade.TranID ?? '', cardToken, method: methodOf(trade) };
  }

  /** Registration after the job: member (once), the card used in the order (TradedCard), others dropped on replace. */
  private async registerAfter(job: Job, merchantId: string, orderId: string, memberId: string | null, mode: RegistrationMode | undefined, signal: AbortSignal): Promise<string | null> {
    if (job !== 'register' && job !== 'capture+register') return null;
    const member = memberId!;
    const saved = await this.call('SaveMember', { ...this.site(), MemberID: member }, merchantId, signal);
    if (saved.ErrInfo && !saved.ErrInfo.split('|').includes('E01390010')) throw new OutcomeUnknown(`GMO-PG SaveMember failed (${saved.ErrInfo})`);
    const before = (mode ?? 'replace') === 'replace' ? await this.memberCards(merchantId, member, signal) : [];
    const traded = await this.call('TradedCard', { ...this.shop(), ...this.site(), OrderID: orderId, MemberID: member, SeqMode: '1' }, merchantId, signal);
    if (traded.ErrInfo || !traded.CardSeq) throw new OutcomeUnknown(`GMO-PG TradedCard failed (${traded.ErrInfo ?? 'no CardSeq'})`);
    for (const card of before) {
      if (card.token !== traded.CardSeq) await this.call('DeleteCard', { ...this.site(), MemberID: member, SeqMode: '1', CardSeq: card.token }, merchantId, signal);
    }
    return traded.CardSeq;
  }

  /** Inquiry of a registration: the member's card that matches the order's card, registering it if still missing. */
  private async cardOfOrder(trade: GmoAnswer, merchantId: string, hint: InquiryHint, signal: AbortSignal): Promise<string | null> {
    if (!hint.memberId) return null;
    const cards = await this.memberCards(merchantId, hint.memberId, signal);
    const last4 = (trade.CardNo ?? '').slice(-4);
    const found = cards.find((c) => c.last4 === last4);
    if (found && (hint.registration === 'add' || cards.length === 1)) return found.token;
    return this.registerAfter(hint.job, merchantId, trade.OrderID ?? '', hint.memberId, hint.registration, signal);
  }

  private async memberCards(merchantId: string, memberId: string, signal: AbortSignal): Promise<RegisteredCard[]> {
    if (!this.cfg.siteId) return [];
    const a = await this.call('SearchCard', { ...this.site(), MemberID: memberId, SeqMode: '1' }, merchantId, signal);
    if (a.ErrInfo) {
      if (a.ErrInfo.split('|').some((c) => c === 'E01240002' || c === 'E01390002')) return [];
      throw new OutcomeUnknown(`GMO-PG SearchCard failed (${a.ErrInfo})`);
    }
    const seqs = (a.CardSeq ?? '').split('|');
    const numbers = (a.CardNo ?? '').split('|');
    const deleted = (a.DeleteFlag ?? '').split('|');
    const live = seqs.map((seq, i) => ({ seq, last4: (numbers[i] ?? '').slice(-4), deleted: deleted[i] === '1' })).filter((c) => c.seq !== '' && !c.deleted);
    const newest = live.reduce((max, c) => Math.max(max, Number(c.seq)), -1);
    return live
      .map((c) => ({ token: c.seq, brand: null, last4: c.last4, isDefault: Number(c.seq) === newest }))
      .sort((x, y) => Number(y.isDefault) - Number(x.isDefault) || Number(x.token) - Number(y.token));
  }
}

function outcomeOf(v: GmoVerdict): GatewayOutcome {
  if (v.kind === 'declined') return { kind: 'declined', code: v.code };
  if (v.kind === 'error') return { kind: 'error', code: v.code, charged: false };
  throw new OutcomeUnknown('GMO-PG: outcome not known yet');
}

function unknown(): never {
  throw new OutcomeUnknown('GMO-PG: the transaction exists but its outcome is not known yet');
}

function methodOf(trade: GmoAnswer): PayMethod {
  switch (trade.Method) {
    case '2':
      return { kind: 'installments', count: Number(trade.PayTimes) || 0 };
    case '3':
    case '5':
      return { kind: 'bonus' };
    case '4':
      return { kind: 'revolving' };
    default:
      return { kind: 'lump' };
  }
}

/** ProcessDate (yyyyMMddHHmmss, Japan time) of the transaction, or `fallback`. */
function authorizedAt(trade: GmoAnswer, fallback: Date): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(trade.ProcessDate ?? '');
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+09:00`) : fallback;
}

/** Whether SearchTrade shows the operation already done (so a retry or an inquiry never acts twice). */
function operationDone(req: OperationRequest, trade: GmoAnswer): boolean {
  const status = trade.Status ?? '';
  switch (req.kind) {
    case 'sale':
      return status === 'SALES';
    case 'void':
      return CANCELED.has(status);
    case 'refund': {
      const remaining = req.amount - req.refundedBefore - req.opAmount;
      if (remaining === 0) return CANCELED.has(status);
      return (status === 'CAPTURE' || status === 'SALES') && Number(trade.Amount) === remaining;
    }
  }
}
