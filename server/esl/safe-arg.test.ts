import { describe, expect, it } from 'vitest';
import { channelVars, token, UnsafeArgumentError, varValue } from './safe-arg.js';

describe('safe-arg', () => {
  it('accepts uuids, rooms, prompt paths and dial strings', () => {
    for (const v of ['3f2a9c1e-0b1d-4c1b-9a55-1e2d3c4b5a69', 'ivrpay-3f2a', 'ja/card-number.wav', 'loopback/ivrpay_phone/ivrpay-test', 'sofia/gateway/pbx/201', 12]) {
      expect(token(v)).toBe(String(v));
    }
  });
  it.each(['a b', 'x\nsendmsg', 'a,b', '{x}', '', "a'b"])('refuses %j', (v) => {
    expect(() => token(v)).toThrow(UnsafeArgumentError);
  });
  it('sanitizes variable values and builds a {} block', () => {
    expect(varValue('Taro Yamada, Inc}')).toBe('Taro_Yamada__Inc_');
    expect(channelVars({ ivrpay_role: 'operator', origination_caller_id_number: '+81312345678' })).toBe(
      '{ivrpay_role=operator,origination_caller_id_number=+81312345678}',
    );
    expect(channelVars({})).toBe('');
  });
});
