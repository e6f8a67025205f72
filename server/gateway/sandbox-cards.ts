// The sandbox gateway's documented test cards: which number gives which outcome. Any other valid card is approved.
import type { Brand } from '../payments/types.js';

export type SandboxOutcome =
  | 'approved'
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvv'
  | 'card_restricted'
  | 'too_many_uses'
  | 'lump_only'
  | 'processing_error'
  | 'timeout';

export interface SandboxCard {
  number: string;
  brand: Brand;
  outcome: SandboxOutcome;
  note: string;
}

export const SANDBOX_CARDS: readonly SandboxCard[] = [
  { number: '4111111111111111', brand: 'visa', outcome: 'approved', note: 'Visa, approved' },
  { number: '4242424242424242', brand: 'visa', outcome: 'approved', note: 'Visa, approved' },
  { number: '5555555555554444', brand: 'mastercard', outcome: 'approved', note: 'Mastercard, approved' },
  { number: '378282246310005', brand: 'american-express', outcome: 'approved', note: 'American Express (4-digit security code), approved' },
  { number: '3530111333300000', brand: 'jcb', outcome: 'approved', note: 'JCB, approved' },
  { number: '30569309025904', brand: 'diners-club', outcome: 'approved', note: 'Diners Club (14 digits), approved' },
  { number: '4000000000000002', brand: 'visa', outcome: 'card_declined', note: 'declined by the issuer' },
  { number: '4000000000009995', brand: 'visa', outcome: 'insufficient_funds', note: 'declined: insufficient funds / over limit' },
  { number: '4000000000000069', brand: 'visa', outcome: 'expired_card', note: 'declined: the issuer says the card is expired' },
  { number: '4000000000000127', brand: 'visa', outcome: 'incorrect_cvv', note: 'declined: wrong security code' },
  { number: '4000000000009979', brand: 'visa', outcome: 'card_restricted', note: 'declined: the card cannot be used (lost, stolen or blocked)' },
  { number: '4000000000006975', brand: 'visa', outcome: 'too_many_uses', note: 'declined: the card was used too often in a short time' },
  { number: '4000000000003311', brand: 'visa', outcome: 'lump_only', note: 'approved for a lump sum; installments, bonus and revolving are declined' },
  { number: '4000000000000119', brand: 'visa', outcome: 'processing_error', note: 'gateway processing error (nothing charged)' },
  { number: '4000000000000259', brand: 'visa', outcome: 'timeout', note: 'the gateway charges, then does not answer in time: ivrpay reconciles by inquiry (its sale, void and refund answer late too)' },
];

export function sandboxOutcomeFor(pan: string): SandboxOutcome {
  return SANDBOX_CARDS.find((c) => c.number === pan)?.outcome ?? 'approved';
}
