// Tests DigitBuffer: digit storage, wiping, and that no accidental formatting ever prints its digits.
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DigitBuffer, MAX_PREFIX_DIGITS } from './digit-buffer.js';

const CARD = '4111111111111111';

function filled(digits: string, capacity = 19): DigitBuffer {
  const b = new DigitBuffer(capacity);
  for (const d of digits) b.push(d);
  return b;
}

/** True when `text` holds 4 or more consecutive digits of `digits`. */
function leaks(text: string, digits: string): boolean {
  for (let i = 0; i + 4 <= digits.length; i++) if (text.includes(digits.slice(i, i + 4))) return true;
  return false;
}

describe('DigitBuffer storage', () => {
  it('keeps pushed digits in order', () => {
    const b = filled('5555555555554444');
    expect(b.length).toBe(16);
    expect(b.reveal()).toBe('5555555555554444');
    expect(b.last4()).toBe('4444');
    expect(b.prefix(6)).toBe('555555');
  });

  it('keeps zeros as zeros', () => {
    expect(filled('0070').reveal()).toBe('0070');
  });

  it('prefix returns what there is when shorter, and refuses more than the BIN length', () => {
    const b = filled('378');
    expect(b.prefix(6)).toBe('378');
    expect(b.prefix(0)).toBe('');
    expect(() => b.prefix(MAX_PREFIX_DIGITS + 1)).toThrow(RangeError);
    expect(() => b.prefix(-1)).toThrow(RangeError);
    expect(() => b.prefix(1.5)).toThrow(RangeError);
  });

  it('last4 needs four digits', () => {
    expect(() => filled('123').last4()).toThrow(RangeError);
  });

  it('rejects anything but one digit, without echoing it', () => {
    const b = new DigitBuffer(4);
    for (const bad of ['', '12', 'a', '#', '*', 'A', ' ', '٣']) {
      expect(() => b.push(bad)).toThrow(TypeError);
    }
    try {
      b.push('42');
    } catch (e) {
      expect((e as Error).message).not.toContain('42');
    }
    expect(b.length).toBe(0);
  });

  it('refuses to grow past its capacity', () => {
    const b = filled('1234', 4);
    expect(b.full).toBe(true);
    expect(() => b.push('5')).toThrow(RangeError);
    expect(b.reveal()).toBe('1234');
  });

  it('validates capacity', () => {
    expect(() => new DigitBuffer(0)).toThrow(RangeError);
    expect(() => new DigitBuffer(65)).toThrow(RangeError);
    expect(() => new DigitBuffer(2.5)).toThrow(RangeError);
    expect(new DigitBuffer(19).capacity).toBe(19);
  });

  it('clear empties and stays usable', () => {
    const b = filled('737');
    b.clear();
    expect(b.length).toBe(0);
    expect(b.reveal()).toBe('');
    b.push('9');
    expect(b.reveal()).toBe('9');
  });

  it('wipe empties and kills the buffer', () => {
    const b = filled(CARD);
    b.wipe();
    expect(b.wiped).toBe(true);
    expect(b.length).toBe(0);
    expect(() => b.reveal()).toThrow(/wiped/);
    expect(() => b.push('1')).toThrow(/wiped/);
    expect(() => b.last4()).toThrow(/wiped/);
    expect(() => b.prefix(1)).toThrow(/wiped/);
    expect(() => b.wipe()).not.toThrow();
    expect(() => b.clear()).not.toThrow();
    expect(String(b)).toBe('[redacted 0 digits]');
  });
});

describe('DigitBuffer never prints its digits', () => {
  const b = filled(CARD);
  const renderings: Record<string, () => string> = {
    'String()': () => String(b),
    'template literal': () => `${b}`,
    'concatenation': () => 'pan=' + b,
    'JSON.stringify': () => JSON.stringify(b),
    'JSON.stringify nested': () => JSON.stringify({ card: { pan: b }, list: [b] }),
    'util.inspect': () => inspect(b),
    'util.inspect nested': () => inspect({ card: { pan: b } }, { depth: 10 }),
    'util.inspect showHidden': () => inspect(b, { showHidden: true }),
    'util.inspect without custom inspect': () => inspect(b, { customInspect: false, showHidden: true }),
    'console.log %s': () => format('%s', b),
    'console.log %o': () => format('%o', b),
    'console.log %O': () => format('%O', b),
    'console.log %j': () => format('%j', b),
    'console.log plain argument': () => format('card', b),
    'console.log object': () => format({ pan: b }),
    'Error message': () => new Error(`bad ${b}`).message,
    'Object.keys / spread': () => JSON.stringify({ ...b }) + Object.keys(b).join(','),
  };

  for (const [how, render] of Object.entries(renderings)) {
    it(`${how}`, () => {
      const text = render();
      expect(leaks(text, CARD)).toBe(false);
      expect(text).not.toMatch(/1111/);
    });
  }

  it('says how many digits it holds, and nothing else', () => {
    expect(String(b)).toBe('[redacted 16 digits]');
    expect(JSON.stringify(b)).toBe('"[redacted 16 digits]"');
    expect(inspect(b)).toBe('[redacted 16 digits]');
  });
});
