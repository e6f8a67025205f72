// The simulator's SIP-over-WebSocket endpoint (RFC 7118), standing in for the ivrpay-webrtc sofia profile: browsers REGISTER
// with digest auth checked against the directory (mod_xml_curl emulation), and the simulator INVITEs a registered user
// (offer without candidates: signaling only, no audio), ACKs, CANCELs, sends and takes BYE, answers re-INVITEs (hold,
// ICE restart). One contact per user is rung (the newest). Every SIP message in and out can be traced.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { a1Hash, challenge, parseAuthorization, verifyDigest } from './digest.js';
import { lookupUser, type DirectoryBinding } from './directory.js';
import {
  addrUri, header, headerParam, parseSip, printSip, responseTo, uriParts,
  type SipHeaders, type SipMessage, type SipRequest, type SipResponse,
} from './message.js';
import { answerSdp, newLocalMedia, noteRemote, offerSdp, type LocalMedia } from './sdp.js';

export interface SipWsOptions {
  host?: string;
  port?: number;
  /** FreeSWITCH's $${domain}: registrations are forced into it (force-register-domain) and it is the digest realm */
  domain: string;
  /** the sofia profile name posted to the directory */
  profile?: string;
  /** the xml_curl binding, or null when none is configured (then nobody can register) */
  directory: () => DirectoryBinding | null;
  /** every SIP message in and out */
  trace?: (direction: 'in' | 'out', text: string) => void;
}

export interface Registration {
  user: string;
  contact: string;
  expiresAt: number;
  ws: WebSocket;
  userAgent: string;
}

export interface CallHandlers {
  ringing(): void;
  answered(): void;
  /** a final non-2xx answer (rejected, busy, unavailable) */
  failed(status: number, reason: string): void;
  /** the browser hung up an answered call */
  ended(): void;
}

export interface OutgoingCall {
  readonly callId: string;
  /** CANCEL while ringing, BYE once answered; nothing after the call ended */
  hangup(): void;
}

const BRANCH = () => `z9hG4bK${randomBytes(8).toString('hex')}`;
const TAG = () => randomBytes(6).toString('hex');
const NONCE_TTL_MS = 60_000;
const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REFER, NOTIFY';

interface Dialog {
  callId: string;
  ws: WebSocket;
  /** INVITE request URI (the contact), kept for CANCEL */
  ruri: string;
  branch: string;
  from: string;
  to: string;
  cseq: number;
  remoteTarget?: string;
  state: 'calling' | 'ringing' | 'canceling' | 'confirmed' | 'ended';
  media: LocalMedia;
  handlers: CallHandlers;
}

export class SipWsEndpoint {
  private wss: WebSocketServer | null = null;
  private readonly regs = new Map<string, Registration[]>();
  private readonly nonces = new Map<string, number>();
  private readonly dialogs = new Map<string, Dialog>();
  private addr = { host: '127.0.0.1', port: 0 };

  constructor(private readonly opts: SipWsOptions) {}

  get url(): string {
    return `ws://${this.addr.host}:${this.addr.port}`;
  }

  get domain(): string {
    return this.opts.domain;
  }

  async listen(): Promise<{ host: string; port: number; url: string }> {
    const wss = new WebSocketServer({
      host: this.opts.host ?? '127.0.0.1',
      port: this.opts.port ?? 0,
      // RFC 7118: the "sip" subprotocol; browsers drop a connection whose subprotocol was not accepted
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const a = wss.address() as AddressInfo;
    this.addr = { host: a.address, port: a.port };
    wss.on('connection', (ws) => {
      ws.on('message', (data) => this.onFrame(ws, data.toString()));
      ws.on('close', () => this.onClose(ws));
      ws.on('error', () => {});
    });
    return { ...this.addr, url: this.url };
  }

  async close(): Promise<void> {
    for (const d of this.dialogs.values()) d.state = 'ended';
    this.dialogs.clear();
    this.regs.clear();
    const wss = this.wss;
    this.wss = null;
    if (!wss) return;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  }

  /** Current registrations of a user (`op_x` or `op_x@domain`), newest first. */
  registrations(user: string): Registration[] {
    const now = Date.now();
    const list = (this.regs.get(bareUser(user)) ?? []).filter((r) => r.expiresAt > now && r.ws.readyState === r.ws.OPEN);
    return [...list].sort((a, b) => b.expiresAt - a.expiresAt);
  }

  /** Drops every browser connection (a network change, a switch restart): their registrations and calls are gone. */
  dropConnections(): void {
    for (const c of this.wss?.clients ?? []) c.terminate();
  }

  /** INVITEs the user's newest registration; null when the user is not registered. */
  call(user: string, from: { number: string; name: string }, extraHeaders: SipHeaders, handlers: CallHandlers): OutgoingCall | null {
    const reg = this.registrations(user)[0];
    if (!reg) return null;
    const callId = randomUUID();
    const media = newLocalMedia();
    const d: Dialog = {
      callId,
      ws: reg.ws,
      ruri: reg.contact,
      branch: BRANCH(),
      from: `"${from.name.replace(/"/g, '')}" <sip:${from.number || 'anonymous'}@${this.domain}>;tag=${TAG()}`,
      to: `<sip:${bareUser(user)}@${this.domain}>`,
      cseq: 1,
      state: 'calling',
      media,
      handlers,
    };
    this.dialogs.set(callId, d);
    this.send(reg.ws, {
      kind: 'request',
      method: 'INVITE',
      uri: d.ruri,
      headers: [
        ['Via', this.via(d.branch)],
        ['Max-Forwards', '70'],
        ['From', d.from],
        ['To', d.to],
        ['Call-ID', callId],
        ['CSeq', `${d.cseq} INVITE`],
        ['Contact', this.contact()],
        ['User-Agent', 'ivrpay FreeSWITCH simulator'],
        ['Allow', ALLOW],
        ['Supported', 'timer, path, replaces'],
        ['Content-Type', 'application/sdp'],
        ['Content-Disposition', 'session'],
        ...extraHeaders,
      ],
      body: offerSdp(media, this.addr.host),
    });
    return {
      callId,
      hangup: () => this.hangup(d),
    };
  }

  private hangup(d: Dialog): void {
    if (d.state === 'calling' || d.state === 'ringing') {
      d.state = 'canceling';
      this.send(d.ws, {
        kind: 'request',
        method: 'CANCEL',
        uri: d.ruri,
        headers: [['Via', this.via(d.branch)], ['Max-Forwards', '70'], ['From', d.from], ['To', d.to], ['Call-ID', d.callId], ['CSeq', `${d.cseq} CANCEL`]],
        body: '',
      });
    } else if (d.state === 'confirmed') {
      d.state = 'ended';
      this.dialogs.delete(d.callId);
      this.inDialog(d, 'BYE', [['Reason', 'Q.850;cause=16;text="NORMAL_CLEARING"']]);
    }
  }

  private inDialog(d: Dialog, method: string, extra: SipHeaders = [], cseq = ++d.cseq): void {
    this.send(d.ws, {
      kind: 'request',
      method,
      uri: d.remoteTarget ?? d.ruri,
      headers: [['Via', this.via(BRANCH())], ['Max-Forwards', '70'], ['From', d.from], ['To', d.to], ['Call-ID', d.callId], ['CSeq', `${cseq} ${method}`], ...extra],
      body: '',
    });
  }

  private via(branch: string): string {
    return `SIP/2.0/WS ${this.addr.host}:${this.addr.port};branch=${branch};rport`;
  }

  private contact(): string {
    return `<sip:mod_sofia@${this.addr.host}:${this.addr.port};transport=ws>`;
  }

  private send(ws: WebSocket, m: SipMessage): void {
    const text = printSip(m);
    this.opts.trace?.('out', text);
    if (ws.readyState === ws.OPEN) ws.send(text);
  }

  private onClose(ws: WebSocket): void {
    for (const [user, list] of this.regs) {
      const left = list.filter((r) => r.ws !== ws);
      if (left.length) this.regs.set(user, left);
      else this.regs.delete(user);
    }
    for (const d of [...this.dialogs.values()]) {
      if (d.ws !== ws) continue;
      this.dialogs.delete(d.callId);
      const was = d.state;
      d.state = 'ended';
      if (was === 'confirmed') d.handlers.ended();
      else if (was !== 'ended') d.handlers.failed(503, 'Service Unavailable');
    }
  }

  private onFrame(ws: WebSocket, text: string): void {
    if (!text.trim()) return; // RFC 7118 keep-alive (CRLF)
    this.opts.trace?.('in', text);
    const m = parseSip(text);
    if (!m) return;
    if (m.kind === 'response') return this.onResponse(m);
    void this.onRequest(ws, m);
  }

  private onResponse(r: SipResponse): void {
    const d = this.dialogs.get(header(r, 'Call-ID') ?? '');
    const [, method] = (header(r, 'CSeq') ?? '').split(/\s+/);
    if (!d || method !== 'INVITE') return;
    if (r.status < 200) {
      if (r.status >= 180 && d.state === 'calling') {
        d.state = 'ringing';
        d.handlers.ringing();
      }
      return;
    }
    const to = header(r, 'To') ?? d.to;
    if (r.status < 300) {
      d.to = to;
      d.remoteTarget = addrUri(header(r, 'Contact') ?? `<${d.ruri}>`);
      this.inDialog(d, 'ACK', [], d.cseq);
      if (d.state === 'confirmed' || d.state === 'ended') return; // a retransmitted 200
      noteRemote(d.media, r.body);
      if (d.state === 'canceling') {
        // 200 crossed our CANCEL: confirm, then end it (RFC 3261 §9.1)
        d.state = 'confirmed';
        return this.hangup(d);
      }
      d.state = 'confirmed';
      d.handlers.answered();
      return;
    }
    // a final failure: ACK on the INVITE's own transaction (§17.1.1.3)
    this.send(d.ws, {
      kind: 'request',
      method: 'ACK',
      uri: d.ruri,
      headers: [['Via', this.via(d.branch)], ['Max-Forwards', '70'], ['From', d.from], ['To', to], ['Call-ID', d.callId], ['CSeq', `${d.cseq} ACK`]],
      body: '',
    });
    if (d.state === 'ended') return;
    this.dialogs.delete(d.callId);
    d.state = 'ended';
    d.handlers.failed(r.status, r.reason);
  }

  private async onRequest(ws: WebSocket, req: SipRequest): Promise<void> {
    switch (req.method) {
      case 'REGISTER':
        return this.onRegister(ws, req);
      case 'OPTIONS':
        return this.send(ws, responseTo(req, 200, 'OK', { toTag: TAG(), headers: [['Allow', ALLOW], ['Accept', 'application/sdp']] }));
      case 'ACK':
        return;
      case 'BYE': {
        const d = this.dialogs.get(header(req, 'Call-ID') ?? '');
        this.send(ws, responseTo(req, d ? 200 : 481, d ? 'OK' : 'Call/Transaction Does Not Exist'));
        if (d && d.state === 'confirmed') {
          this.dialogs.delete(d.callId);
          d.state = 'ended';
          d.handlers.ended();
        }
        return;
      }
      case 'INVITE': {
        const d = this.dialogs.get(header(req, 'Call-ID') ?? '');
        if (!d || d.state !== 'confirmed') {
          // calls placed by browsers: context ivrpay-webrtc rejects them all (CALL_REJECTED)
          return this.send(ws, responseTo(req, 603, 'Decline', { toTag: TAG() }));
        }
        const { sdp } = answerSdp(d.media, this.addr.host, req.body);
        return this.send(ws, responseTo(req, 200, 'OK', { headers: [['Contact', this.contact()], ['Allow', ALLOW], ['Content-Type', 'application/sdp']], body: sdp }));
      }
      case 'INFO':
      case 'UPDATE':
      case 'NOTIFY':
        return this.send(ws, responseTo(req, 200, 'OK'));
      case 'CANCEL':
        return this.send(ws, responseTo(req, 481, 'Call/Transaction Does Not Exist'));
      default:
        return this.send(ws, responseTo(req, 405, 'Method Not Allowed', { headers: [['Allow', ALLOW]] }));
    }
  }

  private async onRegister(ws: WebSocket, req: SipRequest): Promise<void> {
    const toUser = uriParts(addrUri(header(req, 'To') ?? '')).user;
    const fromUser = uriParts(addrUri(header(req, 'From') ?? '')).user;
    const realm = uriParts(addrUri(header(req, 'From') ?? '')).host.replace(/:\d+$/, ''); // challenge-realm auto_from
    const creds = parseAuthorization(header(req, 'Authorization'));
    const now = Date.now();
    for (const [n, t] of this.nonces) if (t < now) this.nonces.delete(n);
    const fresh = (stale = false) => {
      const c = challenge(realm);
      this.nonces.set(c.nonce, now + NONCE_TTL_MS);
      this.send(ws, responseTo(req, 401, 'Unauthorized', { toTag: TAG(), headers: [['WWW-Authenticate', stale ? `${c.header}, stale=true` : c.header]] }));
    };
    if (!creds) return fresh();
    if (!creds.nonce || !this.nonces.has(creds.nonce)) return fresh(true);
    const forbidden = () => this.send(ws, responseTo(req, 403, 'Forbidden', { toTag: TAG() }));
    // inbound-reg-force-matching-username: the digest user must be the To user
    if (!toUser || creds.username !== toUser || fromUser !== toUser) return forbidden();
    const binding = this.opts.directory();
    const user = binding
      ? await lookupUser(binding, { action: 'sip_auth', user: toUser, domain: this.domain, sipAuthUsername: creds.username, sipAuthRealm: creds.realm ?? realm, sipProfile: this.opts.profile ?? 'ivrpay-webrtc' })
      : null;
    const a1 = user?.params['a1-hash'] ?? (user?.params.password !== undefined ? a1Hash(toUser, creds.realm ?? realm, user.params.password) : undefined);
    if (!a1 || !verifyDigest(creds, 'REGISTER', creds.nonce, a1)) return forbidden();
    this.nonces.delete(creds.nonce);

    const contactValue = header(req, 'Contact') ?? '';
    const contact = addrUri(contactValue);
    const expiresParam = headerParam(contactValue, 'expires') ?? header(req, 'Expires');
    const expires = Math.min(3600, Math.max(0, Number(expiresParam ?? 3600) || 0));
    const list = (this.regs.get(toUser) ?? []).filter((r) => r.contact !== contact && r.expiresAt > now);
    if (expires > 0 && contact) list.push({ user: toUser, contact, expiresAt: now + expires * 1000, ws, userAgent: header(req, 'User-Agent') ?? '' });
    if (list.length) this.regs.set(toUser, list);
    else this.regs.delete(toUser);
    const contacts = list.map((r) => `<${r.contact}>;expires=${Math.max(0, Math.round((r.expiresAt - now) / 1000))}`);
    this.send(ws, responseTo(req, 200, 'OK', { toTag: TAG(), headers: [...contacts.map((c): [string, string] => ['Contact', c]), ['Date', new Date(now).toUTCString()]] }));
  }
}

/** `op_x@domain` → `op_x` (registrations are keyed by user; the domain is always the switch's). */
function bareUser(user: string): string {
  const at = user.indexOf('@');
  return at < 0 ? user : user.slice(0, at);
}
