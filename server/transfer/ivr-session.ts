// One call to a merchant's payment IVR (transfer mode): caller checks, greeting, the identification id, then the
// same masked capture as softphone mode, then the call back to the operator (three-way: leave the call; transfer-
// back: ring the operator into it). Identification digits go from the DTMF event into the keypad question only.
import type { CaptureSession } from '../capture/session.js';
import type { DigitsQuestion } from '../ivr/digits-collector.js';
import type { PaymentStatus } from '../payments/types.js';
import { callerAllowed } from './caller-policy.js';
import { IvrCall } from './ivr-call.js';

export type { IvrDeps } from './ivr-deps.js';

/** The identification id: 6 digits after the greeting. */
export const ID_QUESTION: DigitsQuestion = { length: 6, ask: ['welcome', 'enter-id'], again: ['id-invalid', 'enter-id'], failed: ['id-failed'] };

export class IvrSession extends IvrCall {
  phase: 'identifying' | 'capturing' | 'returning' = 'identifying';
  private paymentId: string | null = null;
  /** set while handing back: resolves when the closing announcement has played */
  private announcementDone: { file: string; resolve: () => void } | null = null;

  /** Checks who is calling, then greets and asks for the identification id. */
  begin(): void {
    void this.d.callLog.started(this.call);
    const { settings } = this.merchant;
    if (!callerAllowed(this.call.callerNumber, settings.allowedCallers)) return this.refuse('refused_caller', 'caller-not-allowed');
    if (this.d.lockout.isLocked(this.merchant.id, this.call.callerNumber)) return this.refuse('locked_out', 'id-failed');
    void this.identifyCaller();
  }

  protected listening(): boolean {
    return this.phase === 'identifying';
  }

  override onPlayDone(file: string): void {
    if (this.announcementDone && file.endsWith(this.announcementDone.file)) this.announcementDone.resolve();
    super.onPlayDone(file);
  }

  override hungUp(): void {
    this.announcementDone?.resolve();
    super.hungUp();
  }

  /** The capture on this call ended: once the closing announcement has played, hand the call back. */
  async captureEnded(session: CaptureSession): Promise<void> {
    if (this.phase !== 'capturing' || this.ending !== 'no') return;
    this.phase = 'returning';
    if (session.lastAnnouncement) await this.announcement(session.lastAnnouncement);
    if (this.ending !== 'no') return; // hung up meanwhile
    await this.handBack();
  }

  private async identifyCaller(): Promise<void> {
    const { settings } = this.merchant;
    const code = await this.ask(ID_QUESTION, (c) => this.identify(c), {
      maxAttempts: settings.idMaxAttempts,
      onAttemptFailed: () => {
        if (this.d.lockout.fail(this.merchant.id, this.call.callerNumber, settings.callerLockout)) {
          this.d.log.warn({ call: this.call.id, did: this.call.did }, 'caller locked out after repeated wrong identification ids');
        }
      },
    });
    if (this.ending !== 'no') return;
    if (code !== null) return void this.link();
    await this.d.callLog.outcome(this.call.id, 'id_failed');
    this.hangUp();
  }

  /** Whether the keyed code is a valid id of a payment of this merchant that can still start; uses it up if so. */
  private async identify(code: string): Promise<boolean> {
    const found = await this.d.ids.resolve(this.merchant.id, code);
    if (!found.ok) return false;
    const payment = await this.d.payments.row(found.paymentId);
    if (!payment || payment.merchantId !== this.merchant.id || payment.status !== 'created') return false;
    await this.d.ids.markUsed(found.rowId, this.merchant.settings.idReuseBlockHours);
    this.paymentId = payment.id;
    return true;
  }

  private async link(): Promise<void> {
    const paymentId = this.paymentId!;
    this.phase = 'capturing';
    this.d.lockout.succeed(this.merchant.id, this.call.callerNumber);
    await this.d.callLog.linked(this.call.id, paymentId);
    await this.d.payments.note({ id: paymentId, merchantId: this.merchant.id, status: 'created' }, 'customer_connected', {});
    this.d.log.info({ call: this.call.id, payment: paymentId }, 'payment IVR linked the call to a payment');
    try {
      await this.d.capture.startOnCall(paymentId, this.call, { mask: this.merchant.settings.returnMode === 'three-way' });
    } catch (err) {
      this.warn('capture could not start on the IVR call', err);
      this.phase = 'returning';
      await this.handBack();
    }
  }

  /** Back to the operator, as the merchant works: leave the three-way call, or ring the operator into this one. */
  private async handBack(): Promise<void> {
    const payment = await this.d.payments.row(this.paymentId!);
    const status = (payment?.status ?? 'created') as PaymentStatus;
    const ref = { id: this.paymentId!, merchantId: this.merchant.id, status };
    if (this.merchant.settings.returnMode === 'three-way') {
      await this.d.callLog.outcome(this.call.id, 'completed');
      await this.d.payments.note(ref, 'returned_to_operator', {});
      this.hangUp(); // the customer and the operator are still together on the operator's PBX
      return;
    }
    const operator = payment?.operatorId ? await this.d.merchants.getOperator(this.merchant.id, payment.operatorId) : null;
    const back = operator?.dialString ? await this.d.dialer.ring(this.call, operator) : await this.d.dialer.offer(this.call);
    if (this.ending !== 'no' || !this.d.calls.get(this.call.id)) return;
    if (back) {
      await this.d.callLog.outcome(this.call.id, 'completed');
      await this.d.payments.note(ref, 'returned_to_operator', {});
      return;
    }
    this.d.log.warn({ call: this.call.id, merchant: this.merchant.id }, 'no operator took the call back after the payment');
    await this.d.callLog.outcome(this.call.id, 'return_failed');
    await this.d.payments.note(ref, 'return_failed', {});
    this.leave(['goodbye']);
  }

  private announcement(file: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(finish, this.d.announcementTimeoutMs ?? 20_000);
      function finish() {
        clearTimeout(t);
        resolve();
      }
      this.announcementDone = { file, resolve: finish };
    }).then(() => {
      this.announcementDone = null;
    });
  }
}
