// The sandbox SMS provider: keeps sent messages in memory (newest last, at most 100) so the demo page can show
// them as the customer's phone would; never logs them.
import { randomBytes } from 'node:crypto';
import type { SmsMessage, SmsProvider } from './types.js';

export interface SandboxSms extends SmsMessage {
  id: string;
  at: string;
}

export class SandboxSmsProvider implements SmsProvider {
  readonly name = 'sandbox';
  private readonly outbox: SandboxSms[] = [];

  async send(message: SmsMessage): Promise<string> {
    const id = `sms_${randomBytes(8).toString('hex')}`;
    this.outbox.push({ ...message, id, at: new Date().toISOString() });
    if (this.outbox.length > 100) this.outbox.shift();
    return id;
  }

  /** Messages sent to `to` (all when omitted), newest last. */
  messages(to?: string): readonly SandboxSms[] {
    return to ? this.outbox.filter((m) => m.to === to) : this.outbox;
  }
}
