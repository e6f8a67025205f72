// The amount read-back before authorizing: "the amount is 12,800 yen, for the card ending 1 1 1 1; press 1 if this
// is right, 2 to enter the card again". Builds the keypad question from recorded words. Pure.
import { numberPrompt } from '../esl/contract.js';
import type { DigitsQuestion } from './digits-collector.js';
import { sayAmount, sayDigits, type SayLang } from './say-amount.js';

export const CONFIRM = '1';
export const REENTER = '2';

export function confirmationQuestion(o: { amount: number; currency: string; last4: string; lang: SayLang }): DigitsQuestion {
  const amount = o.amount > 0 ? sayAmount(o.amount, o.currency, o.lang) : null;
  const readBack = [
    ...(amount ? ['confirm-amount', ...amount.map(numberPrompt)] : []),
    'confirm-card',
    ...sayDigits(o.last4, o.lang).map(numberPrompt),
    'confirm-press',
  ];
  return { length: 1, ask: readBack, again: ['confirm-press'], failed: [] };
}
