// Operators' browser phones, in memory only: the short-lived SIP password each signed-in widget registers with (never
// written anywhere; FreeSWITCH only ever gets its a1-hash), when each widget last checked in, and so whom to ring
// at `user/<operator id>`. A server restart forgets them all: widgets fetch new credentials and register again.
import { createHash, randomBytes } from 'node:crypto';

export interface SipCredential {
  /** the SIP user: the operator id */
  username: string;
  password: string;
  issuedAt: number;
  expiresAt: number;
}

/** A widget that has not asked for its state for this long is treated as closed: the dialer stops ringing it. */
export const ONLINE_WINDOW_MS = 30_000;

export class Softphones {
  private readonly creds = new Map<string, SipCredential>();
  private readonly lastSeen = new Map<string, number>();

  constructor(
    /** how long one SIP password works */
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The operator's SIP credential: the current one while it has more than half its life left (so two tabs of one
   * operator share it), else a new random password that replaces it at once.
   */
  issue(operatorId: string): SipCredential {
    const now = this.now();
    this.seen(operatorId);
    const cur = this.creds.get(operatorId);
    if (cur && cur.expiresAt - now > this.ttlMs / 2) return cur;
    const cred: SipCredential = { username: operatorId, password: randomBytes(18).toString('base64url'), issuedAt: now, expiresAt: now + this.ttlMs };
    this.creds.set(operatorId, cred);
    return cred;
  }

  /** Sign-out, disabled operator: the password stops working at once (FreeSWITCH asks the server every time). */
  revoke(operatorId: string): void {
    this.creds.delete(operatorId);
    this.lastSeen.delete(operatorId);
  }

  /** MD5(user:realm:password), what the directory hands FreeSWITCH as `a1-hash`; null when the user has no live credential. */
  a1Hash(username: string, realm: string): string | null {
    const c = this.active(username);
    return c ? createHash('md5').update(`${c.username}:${realm}:${c.password}`).digest('hex') : null;
  }

  active(operatorId: string): SipCredential | null {
    const c = this.creds.get(operatorId);
    if (!c) return null;
    if (c.expiresAt <= this.now()) {
      this.creds.delete(operatorId);
      return null;
    }
    return c;
  }

  /** The operator's widget checked in (it polls its state while open). */
  seen(operatorId: string): void {
    this.lastSeen.set(operatorId, this.now());
  }

  /** A live credential and a widget that checked in recently. */
  online(operatorId: string): boolean {
    return this.active(operatorId) !== null && this.now() - (this.lastSeen.get(operatorId) ?? 0) < ONLINE_WINDOW_MS;
  }

  /** What the dialer rings for this operator's browser, or null when it is not online. */
  dialString(operatorId: string): string | null {
    return this.online(operatorId) ? `user/${operatorId}` : null;
  }
}
