// Type declarations for the parts of modesl (plain JavaScript) that server/esl uses.
declare module 'modesl' {
  import type { EventEmitter } from 'node:events';

  export class Event {
    type: string;
    subclass?: string;
    body: string;
    headers: { name: string; value: string }[];
    getHeader(name: string): string | null;
    getBody(): string;
    getType(): string;
    serialize(format?: 'plain' | 'json' | 'xml'): string;
  }

  export class Connection extends EventEmitter {
    constructor(host: string, port: number, password: string, ready?: () => void);
    socket: import('node:net').Socket | null;
    authed: boolean;
    connected(): boolean;
    api(command: string, cb: (res: Event) => void): void;
    api(command: string, args: string | string[], cb: (res: Event) => void): void;
    bgapi(command: string, args: string | string[], jobid: string | null, cb: (res: Event) => void): void;
    events(type: 'plain' | 'json' | 'xml', events: string | string[], cb?: (res: Event) => void): void;
    sendRecv(command: string, args: Record<string, string> | null, cb?: (res: Event) => void): void;
    send(command: string, args?: Record<string, string>): void;
    execute(app: string, arg: string, uuid: string, cb?: (res: Event) => void): string;
    disconnect(): void;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
    removeAllListeners(event?: string): this;
  }

  const esl: { Connection: typeof Connection; Event: typeof Event };
  export default esl;
}
