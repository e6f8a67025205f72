// What the softphone API (/v1/softphone) answers: shared by the server and the widget's softphone (types only).
import type { DialOutcome } from './click-to-call.js';

export type Presence = 'available' | 'away';
export type { DialOutcome };

export interface SoftphoneOperator {
  id: string;
  name: string;
  presence: Presence;
}

/** A signed-in widget: who it acts as, and until when its token works. */
export interface SoftphoneSession {
  operator: SoftphoneOperator;
  merchant: { id: string; name: string };
  expiresAt: string;
}

export interface SoftphoneSignIn extends SoftphoneSession {
  /** operator token (ot1.…): send as `Authorization: Bearer` to /v1/softphone */
  token: string;
}

/** Short-lived SIP credentials for the signed-in operator's browser (never put in page source). */
export interface SipCredentials {
  wsUrl: string;
  domain: string;
  username: string;
  password: string;
  displayName: string;
  expiresAt: string;
  /** ask again after this many seconds (the password may be replaced; the widget updates its user agent) */
  renewAfterS: number;
}

export interface SoftphoneCall {
  /** the call id (= the customer leg's uuid; /v1/payments/:id/capture takes it) */
  id: string;
  direction: 'inbound' | 'outbound';
  /** the customer's number: the operator's own call, so not masked */
  number: string;
  /** the merchant number the customer called, or that a click-to-call showed */
  did: string;
  /**
   * dialing: a click-to-call rings the customer; failed: it did not reach them (`outcome` says why); waiting: the
   * customer is in the room and this operator is not (being rung, or their page reloaded); connected: this operator
   * has a leg in the room
   */
  state: 'dialing' | 'failed' | 'waiting' | 'connected';
  outcome: DialOutcome | null;
  startedAt: string;
  /** this operator's legs in the room (the widget compares them with its own SIP session's X-Ivrpay-Leg) */
  legs: string[];
  /** the payment being captured on the call, if one is */
  paymentId: string | null;
}

export interface SoftphoneState {
  operatorId: string;
  presence: Presence;
  /** the browser phone can be rung: a live SIP credential and a widget that checked in recently */
  online: boolean;
  calls: SoftphoneCall[];
}
