// A lean Server-Sent Events reader for the bench: one plain HTTP/1.1 request per payment stream, each payment event handed over with the hrtime its chunk was read.
import http from 'node:http';
import type { PaymentEvent } from '../server/payments/types.js';

export class SseReader {
  private req: http.ClientRequest | null = null;
  private buf = '';
  closed = false;

  constructor(
    private readonly base: URL,
    private readonly paymentId: string,
    private readonly token: string,
    private readonly onEvent: (e: PaymentEvent, at: bigint) => void,
  ) {}

  /** Resolves once the server answered 200 and the stream is open. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.base.hostname,
        port: this.base.port,
        path: `/v1/payments/${this.paymentId}/events`,
        headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
        agent: false,
      });
      this.req = req;
      req.on('error', (e) => {
        this.closed = true;
        reject(e);
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`SSE ${res.statusCode}`));
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.read(chunk, process.hrtime.bigint()));
        res.on('close', () => (this.closed = true));
        resolve();
      });
      req.end();
    });
  }

  private read(chunk: string, at: bigint): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      const d = block.indexOf('data:');
      if (d < 0) continue; // comments (heartbeats)
      const nl = block.indexOf('\n', d);
      this.onEvent(JSON.parse(block.slice(d + 5, nl < 0 ? undefined : nl)) as PaymentEvent, at);
    }
  }

  close(): void {
    this.closed = true;
    this.req?.destroy();
  }
}
