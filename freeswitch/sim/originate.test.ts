// Dial strings and originate arguments as mod_commands reads them.
import { describe, expect, it } from 'vitest';
import { ORIGINATE_SYNTAX, inlineActions, parseDialString, parseOriginate, splitArgs } from './originate.js';

describe('dial strings', () => {
  it('reads {vars} with quotes and a loopback endpoint with defaults', () => {
    expect(parseDialString("{origination_uuid=u1,origination_caller_id_name='Test Customer'}loopback/0312345678/ivrpay")).toEqual({
      vars: [
        ['origination_uuid', 'u1'],
        ['origination_caller_id_name', 'Test Customer'],
      ],
      endpoint: { kind: 'loopback', ext: '0312345678', context: 'ivrpay', dialplan: 'xml' },
    });
    expect(parseDialString('loopback/ivrpay_phone')?.endpoint).toEqual({ kind: 'loopback', ext: 'ivrpay_phone', context: 'default', dialplan: 'xml' });
  });

  it('knows error/<cause> and user/<x>', () => {
    expect(parseDialString('error/user_busy')?.endpoint).toEqual({ kind: 'error', cause: 'USER_BUSY' });
    expect(parseDialString('user/1000')?.endpoint).toEqual({ kind: 'user', user: '1000' });
  });

  it('splits api arguments on spaces outside quotes (braces do not protect a space, as on the real switch)', () => {
    expect(splitArgs("{a='x y'}loopback/1 &park()  XML")).toEqual(["{a='x y'}loopback/1", '&park()', 'XML']);
    expect(splitArgs('{a=x y}loopback/1 &park()')).toEqual(['{a=x', 'y}loopback/1', '&park()']);
  });
});

describe('originate arguments', () => {
  it('takes &app(args) or an extension with dialplan and context', () => {
    expect(parseOriginate('loopback/1/ivrpay &conference(r@ivrpay)')).toMatchObject({ then: { app: { app: 'conference', data: 'r@ivrpay' } } });
    expect(parseOriginate('loopback/1/ivrpay &park()')).toMatchObject({ then: { app: { app: 'park', data: '' } } });
    expect(parseOriginate('loopback/x ivrpay_phone XML ivrpay-test')).toMatchObject({ then: { exten: 'ivrpay_phone', dialplan: 'XML', context: 'ivrpay-test' } });
    expect(parseOriginate('loopback/x ext')).toMatchObject({ then: { dialplan: 'XML', context: 'default' } });
  });

  it('answers bad syntax like mod_commands', () => {
    expect(parseOriginate('loopback/x')).toBe(`-USAGE: ${ORIGINATE_SYNTAX}\n`);
    expect(parseOriginate('{a=b loopback/x &park()')).toBe('-ERR DESTINATION_OUT_OF_ORDER\n');
  });

  it('reads the inline dialplan', () => {
    expect(inlineActions('answer,conference:r@ivrpay')).toEqual([{ app: 'answer' }, { app: 'conference', data: 'r@ivrpay' }]);
  });
});
