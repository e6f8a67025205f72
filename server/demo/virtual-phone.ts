// A customer's phone driven entirely over ESL (its own connection): dials a merchant number through a loopback
// leg, keys digits with uuid_send_dtmf, hangs up. Used by the demo page's virtual keypad and by the test suite,
// against the simulator or a real FreeSWITCH alike. It is the customer, not ivrpay: its commands carry digits.
import { CONTEXT_INBOUND } from '../esl/contract.js';
import { EslClient, type EslTarget } from '../esl/connection.js';
import { token } from '../esl/safe-arg.js';
import type { Logger } from '../log/logger.js';

export class VirtualPhones {
  readonly esl: EslClient;

  constructor(target: EslTarget, log: Logger) {
    this.esl = new EslClient(target, { log, subscriptions: ['BACKGROUND_JOB'] });
  }

  start(waitMs = 5_000): Promise<void> {
    return this.esl.start(waitMs);
  }

  stop(): Promise<void> {
    return this.esl.stop();
  }

  /** Calls `number` as a customer would; resolves with the phone's channel uuid (the loopback A leg). */
  async call(number: string, opts: { callerNumber?: string; context?: string } = {}): Promise<string> {
    const vars = `{origination_caller_id_number=${token(opts.callerNumber ?? '09012345678', 'caller number')},origination_caller_id_name=customer}`;
    const body = (await this.esl.bgapi(`originate ${vars}loopback/${token(number, 'number')}/${token(opts.context ?? CONTEXT_INBOUND, 'context')} &park()`)).trim();
    if (!body.startsWith('+OK ')) throw new Error(`the call did not go through: ${body.replace(/^-ERR\s*/, '')}`);
    return body.slice(4).trim();
  }

  /** Keys 0-9 * # on the phone (each tone `toneMs` long). */
  async press(phone: string, keys: string, toneMs = 100): Promise<void> {
    if (!/^[0-9*#]{1,64}$/.test(keys)) throw new Error('keys must be 1 to 64 of 0-9 * #');
    const reply = await this.esl.api(`uuid_send_dtmf ${token(phone, 'phone')} ${keys}@${Math.round(toneMs)}`);
    if (!reply.startsWith('+OK')) throw new Error(`could not send the keys: ${reply.trim()}`);
  }

  async hangUp(phone: string): Promise<void> {
    await this.esl.api(`uuid_kill ${token(phone, 'phone')}`);
  }
}
