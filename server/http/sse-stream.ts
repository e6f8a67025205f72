// One open Server-Sent Events stream: its writes kept in order (a failed write ends nothing), a heartbeat comment while it
// is open, and the subscription it feeds dropped when the client goes.
import type { SSEStreamingApi } from 'hono/streaming';

export class OrderedSse {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly stream: SSEStreamingApi) {}

  /** Queues one event after the ones before it. */
  send(event: string, data: unknown, id?: number): void {
    this.chain = this.chain.then(() => this.stream.writeSSE({ event, data: JSON.stringify(data), ...(id === undefined ? {} : { id: String(id) }) })).catch(() => {});
  }

  /** Resolves once everything queued so far is written. */
  flushed(): Promise<void> {
    return this.chain;
  }

  /** Keeps the stream open with a `: ping` every heartbeatMs until the client goes, then unsubscribes. */
  async holdOpen(heartbeatMs: number, unsubscribe: () => void): Promise<void> {
    const stream = this.stream;
    let open = true;
    stream.onAbort(() => {
      open = false;
      unsubscribe();
    });
    while (open && !stream.aborted && !stream.closed) {
      await stream.sleep(heartbeatMs);
      if (open && !stream.aborted) this.chain = this.chain.then(() => stream.write(': ping\n\n')).then(() => {}).catch(() => {});
    }
    unsubscribe();
  }
}
