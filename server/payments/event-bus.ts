// Fan-out of stored payment events to live SSE streams. In-process today; the interface is what a
// multi-instance bus (Postgres LISTEN/NOTIFY, NATS) implements.
import { EventEmitter } from 'node:events';
import type { PaymentEvent } from './types.js';

export interface EventBus {
  publish(event: PaymentEvent): void;
  /** returns the unsubscribe function */
  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void;
}

export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: PaymentEvent): void {
    this.emitter.emit(event.paymentId, event);
  }

  subscribe(paymentId: string, listener: (event: PaymentEvent) => void): () => void {
    this.emitter.on(paymentId, listener);
    return () => this.emitter.off(paymentId, listener);
  }
}
