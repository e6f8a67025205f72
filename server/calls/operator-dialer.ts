// Offers each new call on an operator number to one of the merchant's available operators by ringing their phone into the call's room;
// tries the next operator when one does not answer. (Softphone presence and routing build on this.)
import { randomUUID } from 'node:crypto';
import { CONFERENCE_PROFILE, VAR } from '../esl/contract.js';
import type { FreeSwitch } from '../esl/freeswitch.js';
import type { Logger } from '../log/logger.js';
import type { MerchantStore, Operator } from '../merchants/store.js';
import type { Call, CallRegistry } from './registry.js';

export class OperatorDialer {
  /** round-robin position per merchant */
  private readonly next = new Map<string, number>();

  constructor(
    private readonly fs: FreeSwitch,
    private readonly calls: CallRegistry,
    private readonly merchants: MerchantStore,
    private readonly log: Logger,
  ) {
    calls.on('callStarted', (call) => {
      if (call.mode === 'operator') void this.offer(call);
    });
  }

  /** Rings available operators in turn until one answers into the room or none is left. */
  async offer(call: Call): Promise<boolean> {
    const tried = new Set<string>();
    for (;;) {
      if (!this.calls.get(call.id)) return false;
      const op = this.pick(call.merchantId, tried);
      if (!op) {
        this.log.warn({ call: call.id, merchant: call.merchantId }, 'no available operator to connect the call to');
        return false;
      }
      tried.add(op.id);
      if (await this.ring(call, op)) return true;
    }
  }

  private pick(merchantId: string, tried: Set<string>): Operator | null {
    const busy = this.calls.busyOperators();
    const candidates = this.merchants.availableOperators(merchantId).filter((o) => !busy.has(o.id) && !tried.has(o.id));
    if (candidates.length === 0) return null;
    const i = (this.next.get(merchantId) ?? 0) % candidates.length;
    this.next.set(merchantId, i + 1);
    return candidates[i]!;
  }

  /** Rings one operator's phone into the call's room; true once answered. */
  async ring(call: Call, op: Operator): Promise<boolean> {
    const uuid = randomUUID();
    this.calls.expectOperator(uuid, op.id);
    try {
      await this.fs.originate({
        uuid,
        dialString: op.dialString!,
        vars: {
          [VAR.role]: 'operator',
          [VAR.call]: call.id,
          [VAR.operator]: op.id,
          conference_controls: 'none',
          origination_caller_id_number: call.callerNumber || 'anonymous',
          origination_caller_id_name: 'ivrpay',
          originate_timeout: '30',
        },
        app: { name: 'conference', args: `${call.room}@${CONFERENCE_PROFILE}` },
      });
      this.log.info({ call: call.id, operator: op.id }, 'operator connected to the call');
      return true;
    } catch (err) {
      this.calls.forgetExpected(uuid);
      this.log.warn({ call: call.id, operator: op.id, reason: String((err as Error).message) }, 'operator did not answer');
      return false;
    }
  }
}
