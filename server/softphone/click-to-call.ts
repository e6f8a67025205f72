// Click-to-call: the server dials the customer through the merchant's trunk (its outbound dial string) with the merchant's
// number as caller id; the answered leg runs the merchant-number extension of the ivrpay context, so it becomes a call
// like any inbound one (its own room, DTMF detection, digit-free CDR), and the dialer then rings the operator who placed
// it into that room. The customer leg's uuid is the call id from the first moment.
import { randomUUID } from 'node:crypto';
import { CONTEXT_INBOUND, VAR } from '../esl/contract.js';
import { OriginateError } from '../esl/freeswitch.js';
import type { Switches } from '../esl/switches.js';
import type { CallRegistry } from '../calls/registry.js';
import { maskNumber } from '../calls/registry.js';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../log/logger.js';
import type { MerchantStore, Operator } from '../merchants/store.js';

export type DialOutcome = 'no_answer' | 'busy' | 'rejected' | 'unreachable' | 'canceled' | 'failed';

export interface Dial {
  callId: string;
  operatorId: string;
  merchantId: string;
  number: string;
  /** the merchant number shown to the customer */
  did: string;
  state: 'dialing' | 'answered' | 'failed';
  outcome: DialOutcome | null;
  startedAt: string;
  endedAt: string | null;
}

/** How long a finished attempt stays in the operator's state (so the widget can say why it failed). */
const KEEP_FINISHED_MS = 60_000;

/** A number a person typed: spaces, hyphens, dots and brackets dropped; + and 3–20 digits kept. */
export function normalizeNumber(input: string): string | null {
  const n = input.replace(/[\s\-().]/g, '');
  return /^\+?[0-9]{3,20}$/.test(n) ? n : null;
}

export function outcomeOf(cause: string): DialOutcome {
  switch (cause) {
    case 'NO_ANSWER':
    case 'NO_USER_RESPONSE':
    case 'PROGRESS_TIMEOUT':
    case 'RECOVERY_ON_TIMER_EXPIRE':
      return 'no_answer';
    case 'USER_BUSY':
      return 'busy';
    case 'CALL_REJECTED':
    case 'DECLINE':
      return 'rejected';
    case 'UNALLOCATED_NUMBER':
    case 'NO_ROUTE_DESTINATION':
    case 'INVALID_NUMBER_FORMAT':
    case 'NUMBER_CHANGED':
    case 'SUBSCRIBER_ABSENT':
      return 'unreachable';
    case 'ORIGINATOR_CANCEL':
      return 'canceled';
    default:
      return 'failed';
  }
}

export class ClickToCall {
  private readonly dials = new Map<string, Dial>();

  constructor(
    private readonly fs: Switches,
    private readonly calls: CallRegistry,
    private readonly merchants: MerchantStore,
    private readonly log: Logger,
  ) {
    calls.on('callStarted', (call) => {
      const d = this.dials.get(call.id);
      if (d) d.state = 'answered';
    });
    calls.on('callEnded', (call) => this.dials.delete(call.id));
  }

  /** Starts dialing; resolves at once with the attempt (its call id), the outcome follows in `forOperator`. */
  async dial(op: Operator, typed: string): Promise<Dial> {
    const number = normalizeNumber(typed);
    if (!number) throw new ApiError(400, 'validation_failed', 'number: 3 to 20 digits, optionally starting with +');
    const merchant = await this.merchants.get(op.merchantId);
    if (!merchant || merchant.status !== 'active') throw new ApiError(403, 'merchant_disabled', 'this merchant is disabled');
    const template = merchant.settings.outboundDialString;
    if (!template) throw new ApiError(409, 'not_supported', 'this merchant has no outbound dial string: an admin sets one in the console (settings) before operators can place calls');
    const operatorNumbers = (await this.merchants.didsOf(merchant.id)).filter((d) => d.mode === 'operator');
    const did = merchant.settings.outboundCallerId ?? operatorNumbers[0]?.number;
    if (!did || !operatorNumbers.some((d) => d.number === did)) {
      throw new ApiError(409, 'not_supported', 'this merchant has no operator number to call from: assign one (mode "operator") first');
    }
    if (!this.fs.up) throw new ApiError(503, 'telephony_unavailable', 'FreeSWITCH is not connected; try again in a moment');
    if (this.calls.busyOperators().has(op.id) || this.forOperator(op.id).some((d) => d.state === 'dialing')) {
      throw new ApiError(409, 'call_busy', 'you are already on a call (or dialing one): hang up first');
    }
    const d: Dial = { callId: randomUUID(), operatorId: op.id, merchantId: merchant.id, number, did, state: 'dialing', outcome: null, startedAt: new Date().toISOString(), endedAt: null };
    this.dials.set(d.callId, d);
    this.calls.expectOutbound(d.callId, op.id, number);
    this.log.info({ call: d.callId, operator: op.id, number: maskNumber(number) }, 'click-to-call: dialing the customer');
    this.fs
      .originate({
        uuid: d.callId,
        dialString: template.replace('{number}', number),
        vars: {
          [VAR.requestedBy]: op.id,
          origination_caller_id_number: did,
          origination_caller_id_name: did,
          originate_timeout: String(merchant.settings.outboundRingSeconds),
          // the customer joins the room when they answer, not when the network plays ringback
          ignore_early_media: 'true',
        },
        extension: { number: did, context: CONTEXT_INBOUND },
      })
      .then(() => {
        if (d.state === 'dialing') d.state = 'answered';
      })
      .catch((err: unknown) => {
        const cause = err instanceof OriginateError ? err.hangupCause : 'NORMAL_TEMPORARY_FAILURE';
        Object.assign(d, { state: 'failed', outcome: outcomeOf(cause), endedAt: new Date().toISOString() });
        this.log.info({ call: d.callId, operator: op.id, cause }, 'click-to-call: the customer was not reached');
        setTimeout(() => this.dials.get(d.callId) === d && this.dials.delete(d.callId), KEEP_FINISHED_MS).unref();
      });
    return d;
  }

  /** Stops ringing the customer (the operator changed their mind). */
  async cancel(operatorId: string, callId: string): Promise<boolean> {
    const d = this.dials.get(callId);
    if (!d || d.operatorId !== operatorId || d.state !== 'dialing') return false;
    await this.fs
      .channel(callId)
      .hangUp('ORIGINATOR_CANCEL')
      .catch(() => {});
    return true;
  }

  /** The operator's attempts: dialing, answered (until the call ends), failed in the last minute. */
  forOperator(operatorId: string): Dial[] {
    return [...this.dials.values()].filter((d) => d.operatorId === operatorId);
  }

  get(callId: string): Dial | undefined {
    return this.dials.get(callId);
  }
}
