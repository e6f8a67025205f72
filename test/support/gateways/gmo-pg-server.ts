// A local server that speaks GMO-PG's card protocol (form-encoded POST to /payment/<Api>.idPass, `Key=value&…`
// answers, ErrCode/ErrInfo on failure) for the endpoints ivrpay uses, with GMO's rules: an OrderID is entered once,
// executed once, voided the same (Japan) day, returned later, amounts changed absolutely. Outcomes follow the
// sandbox test cards, answered with GMO's own codes. Keeps last four digits only; test use only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomInt } from 'node:crypto';

export interface FakeGmoOptions {
  shopId: string;
  shopPass: string;
  siteId: string;
  sitePass: string;
  /** how long the "timeout" test card (…0259) keeps the caller waiting after acting */
  hangMs: number;
  now?: () => Date;
}

interface Trade {
  OrderID: string;
  AccessID: string;
  AccessPass: string;
  JobCd: string;
  Status: string;
  Amount: number;
  Method: string;
  PayTimes: string;
  CardNo: string;
  Expire: string;
  Approve: string;
  TranID: string;
  ProcessDate: string;
  ErrCode: string;
  ErrInfo: string;
  slow: boolean;
}

interface Card {
  seq: number;
  cardNo: string;
  expire: string;
  deleted: boolean;
}

/** Test card → GMO's answer (ErrCode, ErrInfo), as the GMO-PG error code list defines them. */
const DECLINES: Record<string, [string, string]> = {
  '4000000000000002': ['G97', '42G970000'], // 当該要求拒否
  '4000000000009995': ['G04', '42G040000'], // 残高不足
  '4000000000000069': ['G83', '42G830000'], // 有効期限エラー
  '4000000000000127': ['G44', '42G440000'], // セキュリティコード誤り
  '4000000000009979': ['G60', '42G600000'], // 事故カード
  '4000000000006975': ['G54', '42G540000'], // 同一カード使用回数異常
  '4000000000000119': ['E91', 'E91019999'], // システムエラー: 決済処理に失敗
};

export class FakeGmoPg {
  url = '';
  /** successful ExecTran per OrderID: a charge (or check) at the gateway */
  readonly executions = new Map<string, number>();
  /** API names in the order they were called */
  readonly calls: string[] = [];
  private readonly trades = new Map<string, Trade>();
  private readonly members = new Map<string, Card[]>();
  private server!: Server;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(readonly opts: FakeGmoOptions) {}

  static async start(opts: FakeGmoOptions): Promise<FakeGmoPg> {
    const g = new FakeGmoPg(opts);
    g.server = createServer((req, res) => void g.handle(req, res));
    await new Promise<void>((r) => g.server.listen(0, '127.0.0.1', r));
    g.url = `http://127.0.0.1:${(g.server.address() as AddressInfo).port}`;
    return g;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  trade(orderId: string): Readonly<Trade> | undefined {
    return this.trades.get(orderId);
  }

  cardsOf(memberId: string): readonly Card[] {
    return this.members.get(memberId) ?? [];
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const p = Object.fromEntries(new URLSearchParams(body));
    const api = /^\/payment\/([A-Za-z]+)\.idPass$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || !api) return this.answer(res, { ErrCode: 'E91', ErrInfo: 'E91099997' });
    this.calls.push(api);
    const handler = (this as unknown as Record<string, (p: Record<string, string>) => { answer: Record<string, string | number>; slow?: boolean }>)[`api${api}`];
    if (!handler) return this.answer(res, { ErrCode: 'E91', ErrInfo: 'E91099997' });
    const { answer, slow } = handler.call(this, p);
    if (slow) {
      this.hanging.add(res);
      await new Promise((r) => setTimeout(r, this.opts.hangMs));
      this.hanging.delete(res);
      if (res.destroyed) return;
    }
    this.answer(res, answer);
  }

  private answer(res: ServerResponse, a: Record<string, string | number>): void {
    res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' });
    res.end(new URLSearchParams(Object.entries(a).map(([k, v]) => [k, String(v)])).toString());
  }

  private shopOk(p: Record<string, string>): boolean {
    return p.ShopID === this.opts.shopId && p.ShopPass === this.opts.shopPass;
  }

  private siteOk(p: Record<string, string>): boolean {
    return p.SiteID === this.opts.siteId && p.SitePass === this.opts.sitePass;
  }

  private processDate(): string {
    const jst = new Date(this.now().getTime() + 9 * 3600_000).toISOString();
    return jst.slice(0, 19).replace(/[-T:]/g, '');
  }

  private sameDay(processDate: string): boolean {
    return processDate.slice(0, 8) === this.processDate().slice(0, 8);
  }

  // ── the APIs ───────────────────────────────────────────────────────────────

  apiEntryTran(p: Record<string, string>) {
    if (!this.shopOk(p)) return err('E01', 'E01030002');
    if (!p.OrderID || !/^[A-Za-z0-9-]{1,27}$/.test(p.OrderID)) return err('E01', 'E01040013');
    if (this.trades.has(p.OrderID)) return err('E01', 'E01040010');
    if (!['CHECK', 'CAPTURE', 'AUTH', 'SAUTH'].includes(p.JobCd ?? '')) return err('E01', 'E01050002');
    if (p.JobCd !== 'CHECK' && !/^\d{1,7}$/.test(p.Amount ?? '')) return err('E01', 'E01060001');
    const t: Trade = {
      OrderID: p.OrderID,
      AccessID: randomBytes(16).toString('hex'),
      AccessPass: randomBytes(16).toString('hex'),
      JobCd: p.JobCd!,
      Status: 'UNPROCESSED',
      Amount: Number(p.Amount ?? 0),
      Method: '',
      PayTimes: '',
      CardNo: '',
      Expire: '',
      Approve: '',
      TranID: '',
      ProcessDate: this.processDate(),
      ErrCode: '',
      ErrInfo: '',
      slow: false,
    };
    this.trades.set(t.OrderID, t);
    return ok({ AccessID: t.AccessID, AccessPass: t.AccessPass });
  }

  apiExecTran(p: Record<string, string>) {
    const t = this.trades.get(p.OrderID ?? '');
    if (!t || t.AccessID !== p.AccessID || t.AccessPass !== p.AccessPass) return err('E01', 'E01110002');
    if (t.Status !== 'UNPROCESSED') return err('E11', 'E11010001');
    const pan = p.CardNo ?? '';
    if (!/^\d{10,16}$/.test(pan)) return err('E01', 'E01170011');
    if (!/^\d{2}(0[1-9]|1[0-2])$/.test(p.Expire ?? '')) return err('E01', 'E01180008');
    if (p.SecurityCode !== undefined && !/^\d{3,4}$/.test(p.SecurityCode)) return err('E01', 'E01460008');
    const method = p.Method ?? '1';
    if (!['1', '2', '3', '4', '5'].includes(method)) return err('E01', 'E01260002');
    if (method === '2' && !p.PayTimes) return err('E01', 'E01270001');
    const decline = DECLINES[pan] ?? (pan === '4000000000003311' && method !== '1' ? (['G78', '42G780000'] as [string, string]) : null);
    t.slow = pan.endsWith('0259');
    if (decline) {
      [t.ErrCode, t.ErrInfo] = decline;
      return err(...decline);
    }
    Object.assign(t, {
      Status: t.JobCd,
      Method: method,
      PayTimes: method === '2' ? p.PayTimes : '',
      CardNo: `************${pan.slice(-4)}`,
      Expire: p.Expire,
      Approve: String(randomInt(0, 10_000_000)).padStart(7, '0'),
      TranID: randomBytes(14).toString('hex'),
      ProcessDate: this.processDate(),
      ErrCode: '',
      ErrInfo: '',
    });
    this.executions.set(t.OrderID, (this.executions.get(t.OrderID) ?? 0) + 1);
    return { ...ok({ ACS: '0', OrderID: t.OrderID, Forward: '2a99662', Method: t.Method, PayTimes: t.PayTimes, Approve: t.Approve, TranID: t.TranID, TranDate: t.ProcessDate, CheckString: randomBytes(16).toString('hex') }), slow: t.slow };
  }

  apiAlterTran(p: Record<string, string>) {
    if (!this.shopOk(p)) return err('E01', 'E01030002');
    const t = this.byAccess(p);
    if (!t) return err('E01', 'E01110002');
    const st = t.Status;
    switch (p.JobCd) {
      case 'SALES':
        if (st !== 'AUTH') return err('E11', 'E11010003');
        if (Number(p.Amount) !== t.Amount) return err('E01', 'E01060021');
        if (this.now().getTime() - jstDate(t.ProcessDate).getTime() > 60 * 86_400_000) return err('E01', 'E01420010');
        break;
      case 'VOID':
        if (!['AUTH', 'CAPTURE', 'SALES'].includes(st)) return err('E11', 'E11010003');
        if (!this.sameDay(t.ProcessDate)) return err('E11', 'E11010003');
        break;
      case 'RETURN':
      case 'RETURNX':
        if (!['AUTH', 'CAPTURE', 'SALES'].includes(st)) return err('E11', 'E11010003');
        break;
      default:
        return err('E01', 'E01050002');
    }
    t.Status = p.JobCd!;
    t.TranID = randomBytes(14).toString('hex');
    if (p.JobCd === 'SALES') t.ProcessDate = this.processDate();
    return { ...ok({ AccessID: t.AccessID, AccessPass: t.AccessPass, Forward: '2a99662', Approve: t.Approve, TranID: t.TranID, TranDate: this.processDate() }), slow: t.slow };
  }

  apiChangeTran(p: Record<string, string>) {
    if (!this.shopOk(p)) return err('E01', 'E01030002');
    const t = this.byAccess(p);
    if (!t) return err('E01', 'E01110002');
    if (p.JobCd !== t.Status || !['AUTH', 'CAPTURE', 'SALES'].includes(t.Status)) return err('E11', 'E11010003');
    if (!/^\d{1,7}$/.test(p.Amount ?? '') || Number(p.Amount) <= 0) return err('E01', 'E01060011');
    t.Amount = Number(p.Amount);
    t.TranID = randomBytes(14).toString('hex');
    return { ...ok({ AccessID: t.AccessID, AccessPass: t.AccessPass, Forward: '2a99662', Approve: t.Approve, TranID: t.TranID, TranDate: this.processDate() }), slow: t.slow };
  }

  apiSearchTrade(p: Record<string, string>) {
    if (!this.shopOk(p)) return err('E01', 'E01030002');
    const t = this.trades.get(p.OrderID ?? '');
    if (!t) return err('E01', 'E01110002');
    const { slow: _slow, ...fields } = t;
    return ok({ ...fields, ItemCode: '0000990', Tax: '0', SiteID: '', MemberID: '', Forward: t.Status === 'UNPROCESSED' ? '' : '2a99662' });
  }

  apiSaveMember(p: Record<string, string>) {
    if (!this.siteOk(p)) return err('E01', 'E01210002');
    if (!p.MemberID) return err('E01', 'E01220001');
    if (this.members.has(p.MemberID)) return err('E01', 'E01390010');
    this.members.set(p.MemberID, []);
    return ok({ MemberID: p.MemberID });
  }

  apiTradedCard(p: Record<string, string>) {
    if (!this.shopOk(p)) return err('E01', 'E01030002');
    if (!this.siteOk(p)) return err('E01', 'E01210002');
    const cards = this.members.get(p.MemberID ?? '');
    if (!cards) return err('E01', 'E01390002');
    const t = this.trades.get(p.OrderID ?? '');
    if (!t) return err('E01', 'E01110002');
    if (!['CHECK', 'CAPTURE', 'AUTH', 'SALES'].includes(t.Status)) return err('E01', 'E01110010');
    const card: Card = { seq: cards.length, cardNo: t.CardNo, expire: t.Expire, deleted: false };
    cards.push(card);
    return ok({ CardSeq: String(card.seq), CardNo: card.cardNo, Forward: '2a99662' });
  }

  apiSearchCard(p: Record<string, string>) {
    if (!this.siteOk(p)) return err('E01', 'E01210002');
    const cards = this.members.get(p.MemberID ?? '');
    if (!cards) return err('E01', 'E01390002');
    const shown = p.SeqMode === '1' ? cards : cards.filter((c) => !c.deleted);
    if (!shown.length) return err('E01', 'E01240002');
    const col = (f: (c: Card) => string) => shown.map(f).join('|');
    return ok({ CardSeq: col((c) => String(c.seq)), DefaultFlag: col(() => '0'), CardName: col(() => ''), CardNo: col((c) => c.cardNo), Expire: col((c) => c.expire), HolderName: col(() => ''), DeleteFlag: col((c) => (c.deleted ? '1' : '0')) });
  }

  apiDeleteCard(p: Record<string, string>) {
    if (!this.siteOk(p)) return err('E01', 'E01210002');
    const card = this.members.get(p.MemberID ?? '')?.find((c) => String(c.seq) === p.CardSeq && !c.deleted);
    if (!card) return err('E01', 'E01240002');
    card.deleted = true;
    return ok({ CardSeq: String(card.seq) });
  }

  private byAccess(p: Record<string, string>): Trade | undefined {
    return [...this.trades.values()].find((t) => t.AccessID === p.AccessID && t.AccessPass === p.AccessPass);
  }
}

function ok(answer: Record<string, string | number>) {
  return { answer };
}

function err(code: string, info: string) {
  return { answer: { ErrCode: code, ErrInfo: info } };
}

function jstDate(processDate: string): Date {
  const d = processDate;
  return new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}+09:00`);
}
