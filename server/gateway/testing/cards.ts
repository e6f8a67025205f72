// Test support: a GatewayCard built from test digits, as the capture would hand it to a gateway. Tests only.
import { DigitBuffer } from '../../capture/digit-buffer.js';
import { detectBrand } from '../../capture/rules.js';
import type { GatewayCard } from '../types.js';

/** `exp` is MMYY, as keyed on the phone. */
export function testCard(pan: string, exp: string, cvv: string | null = '123'): GatewayCard {
  const buffer = (digits: string) => {
    const b = new DigitBuffer(digits.length);
    for (const d of digits) b.push(d);
    return b;
  };
  const brand = detectBrand(pan);
  if (!brand) throw new Error('test card of no known brand');
  return { pan: buffer(pan), brand, last4: pan.slice(-4), expMonth: Number(exp.slice(0, 2)), expYear: 2000 + Number(exp.slice(2)), cvv: cvv === null ? null : buffer(cvv) };
}
