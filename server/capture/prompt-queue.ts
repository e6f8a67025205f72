// What is playing to one room member: prompts queued in order, an optional background sound (the masking sound),
// and files stopped early whose done events are still to come (FreeSWITCH sends play-file-member-done for those
// too). Tells its owner when the queued prompts have all finished. Sends only `conference play/stop`.
import type { Conference } from '../esl/conference.js';

export type DoneKind = 'prompt' | 'drained' | 'background' | 'stale' | 'unknown';

export class PromptQueue {
  private pending: string[] = [];
  private stale: string[] = [];
  private background: string | null = null;

  constructor(
    private readonly room: () => Conference,
    private readonly memberId: string,
    private readonly warn: (what: string, e: unknown) => void,
  ) {}

  get playing(): boolean {
    return this.pending.length > 0 || this.background !== null;
  }

  get backgroundFile(): string | null {
    return this.background;
  }

  /** Queues files after whatever plays. A file that cannot be played counts as finished at once. */
  play(files: string[], onFailed: (file: string) => void): void {
    for (const file of files) {
      this.pending.push(file);
      this.room()
        .playTo(this.memberId, file)
        .catch((e) => {
          this.warn(`could not play ${file}`, e);
          onFailed(file);
        });
    }
  }

  /** Starts a background sound (kept going by the owner when it ends, see done()). */
  playBackground(file: string): void {
    this.background = file;
    this.room()
      .playTo(this.memberId, file)
      .catch((e) => this.warn(`could not play ${file}`, e));
  }

  /** Stops every prompt and the background sound with one command; their done events will be swallowed. */
  stop(): void {
    if (!this.playing) return;
    this.stale.push(...this.pending);
    if (this.background) this.stale.push(this.background);
    this.pending = [];
    this.background = null;
    this.room()
      .stopPlayingTo(this.memberId)
      .catch((e) => this.warn('could not stop playing', e));
  }

  /** Forgets queued prompts without stopping them (they play out; their done events are swallowed). */
  release(): void {
    this.stale.push(...this.pending);
    this.pending = [];
  }

  /** A play-file-member-done for `file` (FreeSWITCH gives the full path): what it was. */
  done(file: string): DoneKind {
    const i = this.stale.findIndex((p) => file.endsWith(p));
    if (i >= 0) {
      this.stale.splice(i, 1);
      return 'stale';
    }
    if (this.background && file.endsWith(this.background)) return 'background';
    const j = this.pending.findIndex((p) => file.endsWith(p));
    if (j < 0) return 'unknown';
    this.pending.splice(0, j + 1);
    return this.pending.length === 0 ? 'drained' : 'prompt';
  }
}
