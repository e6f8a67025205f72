// Incremental text/event-stream parser (WHATWG rules: fields, comments, ids, retry, any line ending); no I/O.

export interface SseMessage {
  /** `event:` field, 'message' when absent */
  event: string;
  data: string;
  /** the last event id in effect when this message was dispatched ('' when none yet) */
  lastEventId: string;
}

export interface SseHandlers {
  message(m: SseMessage): void;
  /** a `: comment` line (servers send them as heartbeats) */
  comment?(text: string): void;
  /** the server asked for this reconnection delay */
  retry?(ms: number): void;
}

export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event = '';
  #lastEventId: string;
  #started = false;
  readonly #on: SseHandlers;

  constructor(on: SseHandlers, lastEventId = '') {
    this.#on = on;
    this.#lastEventId = lastEventId;
  }

  get lastEventId(): string {
    return this.#lastEventId;
  }

  feed(chunk: string): void {
    let text = this.#buffer + chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '\n' && c !== '\r') continue;
      // a CR that ends the chunk may be the first half of CRLF: wait for the next chunk
      if (c === '\r' && i === text.length - 1) break;
      this.#line(text.slice(start, i));
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.#buffer = text.slice(start);
  }

  #line(line: string): void {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) {
      this.#on.comment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (name) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#on.retry?.(Number(value));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  #dispatch(): void {
    const data = this.#data;
    const event = this.#event || 'message';
    this.#data = [];
    this.#event = '';
    if (data.length === 0) return;
    this.#on.message({ event, data: data.join('\n'), lastEventId: this.#lastEventId });
  }
}
