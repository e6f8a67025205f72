// The events <ivr-pay> dispatches to the CRM page: typed, bubbling, composed (heard on document through the shadow root).
import type { PaymentEvent, PaymentView } from '../../server/payments/types.js';
import type { OperationResult } from './api.js';

const crossShadow = { bubbles: true, composed: true } as const;

/** Every new status event of the payment (replays after a reconnect are not repeated). */
export class IvrPayStatusEvent extends CustomEvent<PaymentEvent> {
  static readonly eventName = 'ivr-pay-status';
  constructor(detail: PaymentEvent) {
    super(IvrPayStatusEvent.eventName, { ...crossShadow, detail });
  }
}

/** The payment reached a final status (approved, declined, failed, canceled, abandoned). */
export class IvrPayResultEvent extends CustomEvent<PaymentView> {
  static readonly eventName = 'ivr-pay-result';
  constructor(detail: PaymentView) {
    super(IvrPayResultEvent.eventName, { ...crossShadow, detail });
  }
}

/** The operator ran a sale, void or refund from the result panel (`detail.operation.status` pending while confirmed). */
export class IvrPayOperationEvent extends CustomEvent<OperationResult> {
  static readonly eventName = 'ivr-pay-operation';
  constructor(detail: OperationResult) {
    super(IvrPayOperationEvent.eventName, { ...crossShadow, detail });
  }
}

export interface IvrPayErrorDetail {
  code: string;
  message: string;
}

/** An API call or the event stream failed; `code` is the API's error code (`token_expired`, `no_call`, …). */
export class IvrPayErrorEvent extends CustomEvent<IvrPayErrorDetail> {
  static readonly eventName = 'ivr-pay-error';
  constructor(detail: IvrPayErrorDetail) {
    super(IvrPayErrorEvent.eventName, { ...crossShadow, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'ivr-pay-status': IvrPayStatusEvent;
    'ivr-pay-result': IvrPayResultEvent;
    'ivr-pay-error': IvrPayErrorEvent;
    'ivr-pay-operation': IvrPayOperationEvent;
  }
}
