// Channel variables order, event data order, hang-up variables and cause names.
import { describe, expect, it } from 'vitest';
import { Channel, causeFromString, type CallerProfile } from './channel.js';
import type { Header } from './wire.js';

const profile = (): CallerProfile => ({
  direction: 'inbound',
  logicalDirection: 'inbound',
  dialplan: 'xml',
  callerIdName: '',
  callerIdNumber: '0000000000',
  origCallerIdName: '',
  origCallerIdNumber: '0000000000',
  calleeIdName: 'Outbound Call',
  calleeIdNumber: 'ivrpay',
  ani: '0000000000',
  destination: '0312345678',
  context: 'ivrpay',
  source: 'mod_loopback',
  transferSource: '',
  rdnis: '',
  chanName: 'loopback/0312345678-b',
  profileIndex: 1,
  created: 1_000_000,
  answered: 0,
  hungup: 0,
});

describe('Channel variables', () => {
  it('moves a variable that is set again to the end, and deletes on empty', () => {
    const c = new Channel('u', 'loopback/x-b', profile(), 1);
    c.setVar('a', '1');
    c.setVar('b', '2');
    c.setVar('a', '3');
    expect([...c.vars]).toEqual([['b', '2'], ['a', '3']]);
    c.setVar('b', '');
    expect([...c.vars.keys()]).toEqual(['a']);
  });

  it('expands ${var}', () => {
    const c = new Channel('u', 'n', profile(), 1);
    c.setVar('x', 'y');
    expect(c.expand('ivrpay-${uuid}-${x}', (n) => (n === 'uuid' ? 'U' : undefined))).toBe('ivrpay-U-y');
  });
});

describe('Channel event data', () => {
  it('lists basic data, the caller profile (skipping empty fields), then variables', () => {
    const c = new Channel('u', 'loopback/0312345678-b', profile(), 1);
    c.setVar('direction', 'inbound');
    const h: Header[] = [];
    c.eventData(h, true);
    const names = h.map(([k]) => k);
    expect(names.slice(0, 10)).toEqual([
      'Channel-State', 'Channel-Call-State', 'Channel-State-Number', 'Channel-Name', 'Unique-ID', 'Call-Direction',
      'Presence-Call-Direction', 'Channel-HIT-Dialplan', 'Channel-Call-UUID', 'Answer-State',
    ]);
    expect(names).not.toContain('Caller-Caller-ID-Name');
    expect(names).not.toContain('Caller-Orig-Caller-ID-Name');
    expect(names).not.toContain('Hangup-Cause');
    expect(names[names.length - 1]).toBe('variable_direction');
    const without: Header[] = [];
    c.eventData(without, false);
    expect(without.some(([k]) => k.startsWith('variable_'))).toBe(false);
  });

  it('adds Hangup-Cause once hung up, and the CDR variables at the end', () => {
    const c = new Channel('u', 'n', profile(), 1);
    c.hangupCause = 'MANAGER_REQUEST';
    c.setVar('digits_dialed_filter', '.+');
    c.setHangupVariables(6_000_000, 'XXXX');
    expect(c.getVar('hangup_cause_q850')).toBe('16');
    expect(c.getVar('digits_dialed')).toBe('XXXX');
    expect(c.getVar('duration')).toBe('5');
    expect([...c.vars.keys()].pop()).toBe('is_loopback');
    const h: Header[] = [];
    c.basicData(h);
    expect(h.find(([k]) => k === 'Hangup-Cause')?.[1]).toBe('MANAGER_REQUEST');
  });
});

describe('causeFromString', () => {
  it('accepts names in any case and numbers, else NONE', () => {
    expect(causeFromString('user_busy')).toBe('USER_BUSY');
    expect(causeFromString('17')).toBe('USER_BUSY');
    expect(causeFromString('NO_SUCH_CAUSE')).toBe('NONE');
  });
});
