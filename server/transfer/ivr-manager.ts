// Answers every call to an `ivr` number (the payment IVR) or a `cancel` number (the cancel line): enforces the
// number's concurrent-call limit, keeps one session per call, and routes DTMF, prompt and capture events to it.
import { ROOM_PREFIX } from '../esl/contract.js';
import { IvrSession, type IvrDeps } from './ivr-session.js';
import { CancelSession } from './cancel-session.js';

export class IvrManager {
  private readonly sessions = new Map<string, IvrSession | CancelSession>();

  constructor(private readonly d: IvrDeps) {
    d.calls.on('callStarted', async (call) => {
      if (call.mode === 'operator') return;
      const [merchant, did] = await Promise.all([d.merchants.get(call.merchantId), d.merchants.did(call.did)]).catch(() => [null, null] as const);
      if (!merchant || !d.calls.get(call.id)) return;
      const session = call.mode === 'cancel' ? new CancelSession(d, call, merchant) : new IvrSession(d, call, merchant);
      this.sessions.set(call.id, session);
      const limit = did?.maxConcurrent ?? null;
      const admitted = d.calls.onDid(call.did).filter((c) => c.id !== call.id && !this.sessions.get(c.id)?.leaving).length;
      if (limit !== null && admitted >= limit) {
        void d.callLog.started(call);
        session.refuse('busy', 'busy');
        return;
      }
      session.begin();
    });
    d.calls.on('callEnded', (call) => {
      this.sessions.get(call.id)?.hungUp();
      this.sessions.delete(call.id);
    });
    d.fs.on('dtmf', ({ uuid, digit }) => this.sessions.get(uuid)?.onDigit(digit));
    d.fs.on('playDone', ({ room, file }) => {
      if (room.startsWith(ROOM_PREFIX)) this.sessions.get(room.slice(ROOM_PREFIX.length))?.onPlayDone(file);
    });
    d.capture.on('ended', (s) => {
      const session = this.sessions.get(s.call.id);
      if (session instanceof IvrSession) void session.captureEnded(s);
    });
  }

  get active(): number {
    return this.sessions.size;
  }
}
