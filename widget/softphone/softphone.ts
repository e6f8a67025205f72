// The operator's browser phone over sip.js (SIP over WebSocket to FreeSWITCH, WebRTC audio): registers with the short-lived
// credentials the server gave, takes the calls FreeSWITCH rings it with, mute/hold/hang-up, ICE restart on a network
// change, WebSocket reconnect with re-registration. No UI, no card data: it never sends or receives a digit.
import { Invitation, Registerer, RegistererState, SessionState, UserAgent, Web, type Session } from 'sip.js';
import type { SipCredentials } from '../../server/softphone/types.js';

export type RegistrationState = 'connecting' | 'registered' | 'reconnecting' | 'failed' | 'stopped';
export type CallPhase = 'ringing' | 'connecting' | 'connected' | 'ended';
/** what a media problem looks like to the operator */
export type MediaHealth = 'ok' | 'reconnecting' | 'lost';
export type MicProblem = 'mic_denied' | 'mic_missing' | 'mic_busy' | 'mic_insecure' | 'mic_failed';

/** Why getUserMedia failed, in words the widget explains (permission, no device, device in use, not https). */
export function micProblem(err: unknown): MicProblem {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'mic_denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'mic_missing';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'mic_busy';
  if (name === 'TypeError' && typeof navigator !== 'undefined' && !navigator.mediaDevices) return 'mic_insecure';
  return 'mic_failed';
}

export class MicError extends Error {
  constructor(readonly problem: MicProblem) {
    super(problem);
  }
}

/** Headers FreeSWITCH's INVITE carries (set by the ivrpay dialer). */
export const CALL_HEADER = 'X-Ivrpay-Call';
export const LEG_HEADER = 'X-Ivrpay-Leg';

/** How long ICE may stay disconnected before an ICE restart, and how long a restart may take before the call is lost. */
const ICE_GRACE_MS = 2_500;
const ICE_RESTART_TIMEOUT_MS = 12_000;
const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

export interface PhoneCallDelegate {
  phase(call: PhoneCall, phase: CallPhase): void;
  media(call: PhoneCall, health: MediaHealth): void;
}

/** One call FreeSWITCH rang this browser with. */
export class PhoneCall {
  phase: CallPhase = 'ringing';
  muted = false;
  held = false;
  health: MediaHealth = 'ok';
  readonly startedAt = Date.now();
  connectedAt: number | null = null;
  delegate: PhoneCallDelegate | null = null;
  #iceTimer: ReturnType<typeof setTimeout> | undefined;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #stream: MediaStream | null = null;

  constructor(
    private readonly invitation: Invitation,
    private readonly phone: Softphone,
  ) {
    invitation.stateChange.addListener((s) => {
      if (s === SessionState.Established) this.#set('connected');
      if (s === SessionState.Terminated) this.#set('ended');
    });
  }

  /** the ivrpay call id (X-Ivrpay-Call), '' when FreeSWITCH did not say */
  get callId(): string {
    return this.invitation.request.getHeader(CALL_HEADER) ?? '';
  }

  /** this leg's uuid in FreeSWITCH (X-Ivrpay-Leg) */
  get legId(): string {
    return this.invitation.request.getHeader(LEG_HEADER) ?? '';
  }

  /** the customer's number as FreeSWITCH presents it */
  get number(): string {
    return this.invitation.remoteIdentity.uri.user ?? '';
  }

  get session(): Session {
    return this.invitation;
  }

  /** Takes the call. Asks for the microphone first: a refusal throws MicError and the call keeps ringing. */
  async answer(): Promise<void> {
    if (this.phase !== 'ringing') return;
    this.#stream = await this.phone.microphone();
    this.#set('connecting');
    await this.invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    this.phone.attachAudio(this.invitation);
    this.#watchIce();
  }

  reject(): void {
    if (this.phase !== 'ringing') return;
    void this.invitation.reject({ statusCode: 603, reasonPhrase: 'Decline' }).catch(() => {});
  }

  /** Our leg only: the server ends the whole call (POST /calls/:id/hangup), this ends the SIP session. */
  hangup(): void {
    if (this.invitation.state === SessionState.Initial || this.invitation.state === SessionState.Establishing) {
      if (this.phase === 'ringing') this.reject();
      return;
    }
    if (this.invitation.state === SessionState.Established) void this.invitation.bye().catch(() => {});
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.#sdh()?.enableSenderTracks(!muted && !this.held);
  }

  /** Hold: a re-INVITE (sendonly/inactive); the customer hears silence, the operator hears nothing. */
  async setHeld(held: boolean): Promise<void> {
    if (this.phase !== 'connected' || held === this.held) return;
    const options: Web.SessionDescriptionHandlerOptions = { hold: held };
    await new Promise<void>((resolve, reject) => {
      void this.invitation
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('hold refused')) },
        })
        .catch(reject);
    });
    this.held = held;
    const sdh = this.#sdh();
    sdh?.enableSenderTracks(!held && !this.muted);
    sdh?.enableReceiverTracks(!held);
  }

  /** After a network change: new ICE candidates over a re-INVITE (FreeSWITCH answers with new credentials). */
  async restartIce(): Promise<void> {
    if (this.phase !== 'connected') return;
    const options: Web.SessionDescriptionHandlerOptions = { offerOptions: { iceRestart: true }, hold: this.held };
    await this.invitation.invite({ sessionDescriptionHandlerOptions: options });
  }

  #sdh(): Web.SessionDescriptionHandler | null {
    return (this.invitation.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined) ?? null;
  }

  #set(phase: CallPhase): void {
    if (this.phase === phase || this.phase === 'ended') return;
    this.phase = phase;
    if (phase === 'connected') this.connectedAt = Date.now();
    if (phase === 'ended') {
      clearTimeout(this.#iceTimer);
      clearTimeout(this.#restartTimer);
      for (const t of this.#stream?.getTracks() ?? []) t.stop();
    }
    this.delegate?.phase(this, phase);
  }

  #health(h: MediaHealth): void {
    if (this.health === h) return;
    this.health = h;
    this.delegate?.media(this, h);
  }

  /** disconnected for a moment → ICE restart; not back in time → lost (the widget offers to rejoin the call). */
  #watchIce(): void {
    const pc = this.#sdh()?.peerConnection;
    if (!pc) return;
    pc.addEventListener('iceconnectionstatechange', () => {
      if (this.#iceUp(pc)) {
        if (!this.#restarting) this.#recovered();
        return;
      }
      const s = pc.iceConnectionState;
      if ((s === 'disconnected' || s === 'failed') && !this.#iceTimer && !this.#restartTimer && this.phase === 'connected') {
        this.#iceTimer = setTimeout(() => {
          this.#iceTimer = undefined;
          if (!this.#iceUp(pc)) void this.#restart(pc);
        }, ICE_GRACE_MS);
      }
    });
  }

  #restarting = false;

  #iceUp(pc: RTCPeerConnection): boolean {
    return pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed';
  }

  #recovered(): void {
    clearTimeout(this.#iceTimer);
    clearTimeout(this.#restartTimer);
    this.#iceTimer = this.#restartTimer = undefined;
    this.#health('ok');
  }

  /**
   * ICE restart over a re-INVITE; the audio is back once FreeSWITCH accepted it and ICE is (still, or again) connected —
   * an ICE restart on a working path may never leave "connected". Not back in time: lost, and our leg is hung up.
   */
  async #restart(pc: RTCPeerConnection): Promise<void> {
    if (this.#restarting || this.phase !== 'connected') return;
    this.#restarting = true;
    this.#health('reconnecting');
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#iceUp(pc) && !this.#restarting) return;
      this.#restarting = false;
      this.#health('lost');
      this.hangup();
    }, ICE_RESTART_TIMEOUT_MS);
    try {
      await this.restartIce();
    } catch {
      // refused or no answer: the timer decides
      return;
    } finally {
      this.#restarting = false;
    }
    if (this.#iceUp(pc)) this.#recovered();
  }

  /** the browser says the network changed: restart ICE at once if the path is in doubt */
  networkChanged(): void {
    const pc = this.#sdh()?.peerConnection;
    if (pc && this.phase === 'connected' && pc.iceConnectionState !== 'new') void this.#restart(pc);
  }
}

export interface SoftphoneDelegate {
  registration(state: RegistrationState, reason?: string): void;
  /** FreeSWITCH rings this browser */
  incoming(call: PhoneCall): void;
}

/** A sip.js user agent for one operator, registered at FreeSWITCH's ivrpay-webrtc profile. */
export class Softphone {
  #ua: UserAgent | null = null;
  #registerer: Registerer | null = null;
  #creds: SipCredentials | null = null;
  #state: RegistrationState = 'stopped';
  #reconnects = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;
  readonly calls = new Set<PhoneCall>();
  /** where remote audio plays (the widget puts it in its shadow root) */
  audio: HTMLAudioElement | null = null;

  constructor(private readonly delegate: SoftphoneDelegate) {}

  get state(): RegistrationState {
    return this.#state;
  }

  #setState(s: RegistrationState, reason?: string): void {
    this.#state = s;
    this.delegate.registration(s, reason);
  }

  /** Connects and registers; resolves once registered (or rejects with the reason). */
  async start(creds: SipCredentials): Promise<void> {
    await this.stop();
    this.#stopped = false;
    this.#creds = creds;
    const uri = UserAgent.makeURI(`sip:${creds.username}@${creds.domain}`);
    // troubleshooting only: localStorage['ivrpay.sipDebug'] = '1' prints sip.js's log and SIP messages to the console
    // (digest responses, never the password)
    const debug = globalThis.localStorage?.getItem('ivrpay.sipDebug') === '1';
    if (!uri) throw new Error('bad SIP user');
    const ua = new UserAgent({
      uri,
      displayName: creds.displayName,
      authorizationUsername: creds.username,
      authorizationPassword: creds.password,
      transportOptions: { server: creds.wsUrl, traceSip: debug, connectionTimeout: 10 },
      logLevel: debug ? 'debug' : 'error',
      logBuiltinEnabled: debug,
      userAgentString: 'ivrpay-widget',
      sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(),
      sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 500 },
      delegate: {
        onInvite: (inv) => this.#onInvite(inv),
        onConnect: () => {
          this.#reconnects = 0;
          void this.#register();
        },
        onDisconnect: (error) => {
          if (this.#stopped) return;
          if (error) this.#scheduleReconnect();
          else this.#setState('stopped');
        },
      },
    });
    this.#ua = ua;
    this.#registerer = new Registerer(ua, { expires: 300 });
    this.#registerer.stateChange.addListener((s) => {
      if (s === RegistererState.Registered) this.#setState('registered');
    });
    this.#setState('connecting');
    await ua.start();
    await this.#register();
  }

  /** New credentials (the server may have replaced the password): used from the next REGISTER on. */
  updateCredentials(creds: SipCredentials): void {
    this.#creds = creds;
    if (this.#ua) this.#ua.configuration.authorizationPassword = creds.password;
  }

  async #register(): Promise<void> {
    const reg = this.#registerer;
    if (!reg || this.#stopped) return;
    await new Promise<void>((resolve, reject) => {
      reg
        .register({
          requestDelegate: {
            onAccept: () => {
              // after a reconnect the registerer may never have left "Registered": say it from the answer itself
              this.#setState('registered');
              resolve();
            },
            onReject: (res) => {
              const reason = `${res.message.statusCode} ${res.message.reasonPhrase}`;
              this.#setState('failed', reason);
              reject(new Error(`registration refused: ${reason}`));
            },
          },
        })
        .catch(reject);
    });
  }

  /** Registers again now (after new credentials, or when the server says the phone is not online). */
  reregister(): Promise<void> {
    return this.#register();
  }

  #scheduleReconnect(): void {
    this.#setState('reconnecting');
    clearTimeout(this.#reconnectTimer);
    const delay = RECONNECT_DELAYS_MS[Math.min(this.#reconnects, RECONNECT_DELAYS_MS.length - 1)]!;
    this.#reconnects++;
    this.#reconnectTimer = setTimeout(() => {
      if (this.#stopped || !this.#ua) return;
      this.#ua.reconnect().catch(() => this.#scheduleReconnect());
    }, delay);
  }

  /** The browser is back online (or changed networks): reconnect now, restart ICE on calls. */
  networkChanged(): void {
    for (const c of this.calls) c.networkChanged();
    if (this.#state === 'reconnecting') {
      clearTimeout(this.#reconnectTimer);
      this.#reconnects = 0;
      this.#ua?.reconnect().catch(() => this.#scheduleReconnect());
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    for (const c of this.calls) c.hangup();
    const ua = this.#ua;
    this.#ua = null;
    if (this.#registerer && this.#state === 'registered') await this.#registerer.unregister().catch(() => {});
    this.#registerer = null;
    if (ua) await ua.stop().catch(() => {});
    if (this.#state !== 'stopped') this.#setState('stopped');
  }

  /** The microphone, asked before answering so a refusal can be explained while the call still rings. */
  async microphone(): Promise<MediaStream> {
    if (!navigator.mediaDevices?.getUserMedia) throw new MicError('mic_insecure');
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (err) {
      throw new MicError(micProblem(err));
    }
  }

  attachAudio(session: Session): void {
    const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (!sdh || !this.audio) return;
    this.audio.srcObject = sdh.remoteMediaStream;
    void this.audio.play().catch(() => {});
  }

  #onInvite(inv: Invitation): void {
    const busy = [...this.calls].some((c) => c.phase !== 'ended');
    if (busy) {
      void inv.reject({ statusCode: 486, reasonPhrase: 'Busy Here' }).catch(() => {});
      return;
    }
    const call = new PhoneCall(inv, this);
    this.calls.add(call);
    inv.stateChange.addListener((s) => {
      if (s === SessionState.Terminated) this.calls.delete(call);
    });
    void inv.progress().catch(() => {});
    this.delegate.incoming(call);
  }
}
