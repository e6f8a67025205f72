// Fan-out of stored payment events to live SSE streams: per payment (the widget) and for every payment with its
// merchant (the console's live board, webhooks). In-process today; the interface is what a multi-instance bus
// (Postgres LISTEN/NOTIFY, NATS) implements.
import { EventEmitter } from 'node:events';
import type { PaymentEvent } from './types.js';

export interface EventBus {
  /** `merchantId`: the payment's merchant when the publisher knows it (saves a lookup per event) */
  publish(event: PaymentEvent, merchantId?: string): void;
  /** returns the unsubscribe function */
  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void;
  /** every payment's events with the payment's merchant; returns the unsubscribe function */
  subscribeAll(listener: (event: PaymentEvent, merchantId: string) => void): () => void;
}

const ALL = Symbol('all');

export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  /** `merchantOf` finds a payment's merchant (subscribeAll listeners are only called when it does) */
  constructor(private readonly merchantOf: (paymentId: string) => string | null | undefined = () => null) {
    this.emitter.setMaxListeners(0);
  }

  publish(event: PaymentEvent, merchantId?: string): void {
    this.emitter.emit(event.paymentId, event);
    if (this.emitter.listenerCount(ALL) === 0) return;
    const merchant = merchantId ?? this.merchantOf(event.paymentId);
    if (merchant) this.emitter.emit(ALL, event, merchant);
  }

  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void {
    this.emitter.on(paymentId, listener);
    return () => this.emitter.off(paymentId, listener);
  }

  subscribeAll(listener: (event: PaymentEvent, merchantId: string) => void): () => void {
    const safe = (e: PaymentEvent, m: string) => {
      try {
        listener(e, m);
      } catch {
        /* a broken listener must not break the payment that published */
      }
    };
    this.emitter.on(ALL, safe);
    return () => this.emitter.off(ALL, safe);
  }
}
