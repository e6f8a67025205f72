// A SIP-over-WebSocket phone for tests (what sip.js does in the browser, reduced): REGISTER with digest auth, take or
// refuse INVITEs, hang up, re-INVITE for hold; keeps every message it sent and received. Carries no media.
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { authorize } from '../sip-ws/digest.js';
import { addrUri, header, parseSip, printSip, responseTo, type SipMessage, type SipRequest, type SipResponse } from '../sip-ws/message.js';

const TAG = () => randomBytes(5).toString('hex');
const BRANCH = () => `z9hG4bK${randomBytes(6).toString('hex')}`;

/** An SDP a browser could answer with (the simulator only reads its direction and ICE ufrag). */
export function browserSdp(direction = 'sendrecv', ufrag = 'brws'): string {
  return [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 101', 'c=IN IP4 0.0.0.0',
    'a=rtpmap:111 opus/48000/2', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', `a=ice-ufrag:${ufrag}`, 'a=ice-pwd:browserpasswordbrowserpw',
    'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF', 'a=setup:active', 'a=mid:0', 'a=rtcp-mux', `a=${direction}`, '',
  ].join('\r\n');
}

export interface IncomingCall {
  request: SipRequest;
  callId: string;
  headers: (name: string) => string | undefined;
  /** CANCELed or BYEd by the switch */
  ended: Promise<'cancel' | 'bye'>;
  answer(): Promise<void>;
  reject(status?: number, reason?: string): void;
  hangup(): void;
  /** re-INVITE with the given direction (sendonly = hold); resolves with the switch's answer */
  reinvite(direction: string, ufrag?: string): Promise<SipResponse>;
}

export class TestSipPhone {
  readonly messages: string[] = [];
  private ws!: WebSocket;
  private readonly contactUser = `t${randomBytes(4).toString('hex')}`;
  private readonly waiters: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];
  private readonly incoming: IncomingCall[] = [];
  private readonly incomingWaiters: ((c: IncomingCall) => void)[] = [];
  private cseq = 1;
  private readonly regCallId = randomUUID();
  private readonly fromTag = TAG();

  constructor(
    readonly url: string,
    readonly user: string,
    readonly domain: string,
  ) {}

  get contact(): string {
    return `sip:${this.contactUser}@${randomBytes(3).toString('hex')}.invalid;transport=ws`;
  }

  private contactUri = '';

  async connect(): Promise<void> {
    this.contactUri = this.contact;
    this.ws = new WebSocket(this.url, 'sip');
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (d) => this.onMessage(d.toString()));
  }

  close(): void {
    this.ws?.terminate();
  }

  private send(m: SipMessage): void {
    const text = printSip(m);
    this.messages.push(`>> ${text}`);
    this.ws.send(text);
  }

  private next(match: (m: SipMessage) => boolean, timeoutMs = 5000): Promise<SipMessage> {
    return new Promise((resolve, reject) => {
      const w = { match, resolve: (m: SipMessage) => (clearTimeout(t), resolve(m)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error('no SIP answer in time'));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** REGISTER, answering the digest challenge with `password`; resolves with the final status. */
  async register(password: string, expires = 300): Promise<number> {
    const uri = `sip:${this.domain}`;
    const base = (auth?: string): SipRequest => ({
      kind: 'request',
      method: 'REGISTER',
      uri,
      headers: [
        ['Via', `SIP/2.0/WSS ${this.contactUser}.invalid;branch=${BRANCH()}`],
        ['Max-Forwards', '70'],
        ['To', `<sip:${this.user}@${this.domain}>`],
        ['From', `<sip:${this.user}@${this.domain}>;tag=${this.fromTag}`],
        ['Call-ID', this.regCallId],
        ['CSeq', `${this.cseq++} REGISTER`],
        ['Contact', `<${this.contactUri}>;expires=${expires}`],
        ['Expires', String(expires)],
        ...(auth ? [['Authorization', auth] as [string, string]] : []),
      ],
      body: '',
    });
    const isReg = (m: SipMessage) => m.kind === 'response' && header(m, 'Call-ID') === this.regCallId;
    this.send(base());
    const first = (await this.next(isReg)) as SipResponse;
    if (first.status !== 401) return first.status;
    const ch = header(first, 'WWW-Authenticate') ?? '';
    const realm = /realm="([^"]*)"/.exec(ch)?.[1] ?? this.domain;
    const nonce = /nonce="([^"]*)"/.exec(ch)?.[1] ?? '';
    this.send(base(authorize({ user: this.user, password, realm, nonce, method: 'REGISTER', uri })));
    return ((await this.next(isReg)) as SipResponse).status;
  }

  /** The next INVITE the switch sends (or one that already arrived). */
  nextCall(timeoutMs = 5000): Promise<IncomingCall> {
    const ready = this.incoming.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no INVITE in time')), timeoutMs);
      this.incomingWaiters.push((c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
  }

  private onMessage(text: string): void {
    this.messages.push(`<< ${text}`);
    const m = parseSip(text);
    if (!m) return;
    const w = this.waiters.find((x) => x.match(m));
    if (w) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(m);
      return;
    }
    if (m.kind === 'request') this.onRequest(m);
  }

  private readonly calls = new Map<string, { end: (how: 'cancel' | 'bye') => void; state: 'ringing' | 'up' | 'done'; req: SipRequest; toTag: string }>();

  private onRequest(req: SipRequest): void {
    const callId = header(req, 'Call-ID') ?? '';
    const call = this.calls.get(callId);
    if (req.method === 'INVITE' && !call) return this.onInvite(req);
    if (req.method === 'CANCEL') {
      this.send(responseTo(req, 200, 'OK'));
      if (call && call.state === 'ringing') {
        call.state = 'done';
        this.send(responseTo(call.req, 487, 'Request Terminated', { toTag: call.toTag }));
        call.end('cancel');
      }
      return;
    }
    if (req.method === 'BYE') {
      this.send(responseTo(req, 200, 'OK'));
      if (call && call.state === 'up') {
        call.state = 'done';
        call.end('bye');
      }
      return;
    }
    if (req.method === 'ACK') return;
    this.send(responseTo(req, 200, 'OK'));
  }

  private onInvite(req: SipRequest): void {
    const callId = header(req, 'Call-ID') ?? '';
    const toTag = TAG();
    let end!: (how: 'cancel' | 'bye') => void;
    const ended = new Promise<'cancel' | 'bye'>((r) => (end = r));
    const entry = { end, state: 'ringing' as 'ringing' | 'up' | 'done', req, toTag };
    this.calls.set(callId, entry);
    this.send(responseTo(req, 180, 'Ringing', { toTag }));
    const remoteTarget = addrUri(header(req, 'Contact') ?? '');
    const from = header(req, 'From') ?? '';
    const to = `${header(req, 'To') ?? ''};tag=${toTag}`;
    let localCseq = 1;
    const inDialog = (method: string, body = '', extra: [string, string][] = [], cseq = ++localCseq): SipRequest => ({
      kind: 'request',
      method,
      uri: remoteTarget,
      headers: [
        ['Via', `SIP/2.0/WSS ${this.contactUser}.invalid;branch=${BRANCH()}`],
        ['Max-Forwards', '70'],
        // our requests in this dialog: From = our side (the To of the INVITE), To = theirs
        ['From', to],
        ['To', from],
        ['Call-ID', callId],
        ['CSeq', `${cseq} ${method}`],
        ['Contact', `<${this.contactUri}>`],
        ...extra,
      ],
      body,
    });
    const call: IncomingCall = {
      request: req,
      callId,
      headers: (name) => header(req, name),
      ended,
      answer: async () => {
        entry.state = 'up';
        const ack = this.next((m) => m.kind === 'request' && m.method === 'ACK' && header(m, 'Call-ID') === callId);
        this.send(responseTo(req, 200, 'OK', { toTag, headers: [['Contact', `<${this.contactUri}>`], ['Content-Type', 'application/sdp']], body: browserSdp() }));
        await ack;
      },
      reject: (status = 603, reason = 'Decline') => {
        entry.state = 'done';
        this.send(responseTo(req, status, reason, { toTag }));
      },
      hangup: () => {
        if (entry.state !== 'up') return;
        entry.state = 'done';
        this.send(inDialog('BYE'));
      },
      reinvite: async (direction, ufrag = 'brws') => {
        const n = ++localCseq;
        const r = inDialog('INVITE', browserSdp(direction, ufrag), [['Content-Type', 'application/sdp']], n);
        const res = this.next((m) => m.kind === 'response' && header(m, 'Call-ID') === callId && header(m, 'CSeq') === `${n} INVITE` && m.status >= 200);
        this.send(r);
        const answer = (await res) as SipResponse;
        this.send(inDialog('ACK', '', [], n));
        return answer;
      },
    };
    const waiter = this.incomingWaiters.shift();
    if (waiter) waiter(call);
    else this.incoming.push(call);
  }
}
